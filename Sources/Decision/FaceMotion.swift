/// What a face's motion since its previous judged frame shows (R21).
public enum MotionFinding: Sendable, Equatable {
    /// The track's first frame: nothing to compare with yet, so it is not judged.
    case firstSight
    /// Box and landmarks exactly as in the previous frame: a repeated image.
    case frozen
    /// Nothing moved more than `spread` pixels over a whole window: a mounted picture.
    case still(spread: Float)
    case moving
}

/// Cheap temporal cues on top of the MiniFASNet screen (R21), from the
/// detector's own geometry, no pixels kept:
///
/// - **frozen**: box and landmarks exactly equal to the previous judged
///   frame's. A real camera's sensor noise always moves them a little; only
///   a repeated image (a frozen or injected stream, a looped still) does not.
/// - **still**: over a whole confirmation window, no coordinate of the box or
///   the landmarks moved more than `stillPixels` — a picture on a stand.
/// - **first sight**: a track's first frame has nothing to compare with, so
///   it is observed but not judged.
///
/// Per track, forgotten with the track; nothing of it is stored (R15, R16).
public struct FaceMotion: Sendable {
    private var history: [Int: [[Float]]] = [:]
    public let window: Int
    public let stillPixels: Float

    public init(window: Int, stillPixels: Float) {
        self.window = max(2, window)
        self.stillPixels = stillPixels
    }

    /// Records `face` as the newest judged frame of `track` and says what its motion shows.
    public mutating func observe(track: Int, face: FaceGeometry) -> MotionFinding {
        let geometry = face.coordinates
        var frames = history[track, default: []]
        let previous = frames.last
        frames.append(geometry)
        if frames.count > window { frames.removeFirst() }
        history[track] = frames
        guard let previous else { return .firstSight }
        if previous == geometry { return .frozen }
        guard frames.count == window else { return .moving }
        var spread: Float = 0
        for index in geometry.indices {
            let values = frames.map { $0[index] }
            spread = max(spread, values.max()! - values.min()!)
        }
        return spread <= stillPixels ? .still(spread: spread) : .moving
    }

    public mutating func forget(track: Int) { history[track] = nil }
}
