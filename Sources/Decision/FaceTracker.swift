/// Follows faces from frame to frame by box overlap, so a face is judged
/// over N-of-M frames and, once decided, not judged again while it stays.
/// Overlap only says "the same place": the `DecisionEngine` re-checks who
/// is there and gives the place a new track when the face changed. A track
/// is an ephemeral number and a box: it carries no identity, is forgotten
/// shortly after the face leaves, and nothing of it is stored (R15, R16).
public struct FaceTracker: Sendable {
    /// One face being followed.
    public struct Track: Sendable, Equatable {
        public var id: Int
        public var face: FaceGeometry
        /// When the face was last seen (seconds, the caller's monotonic clock).
        public var seen: Double
    }

    public private(set) var tracks: [Track] = []
    private var nextID = 1
    /// Seconds a track survives without its face before it is forgotten,
    /// on a box that looks often enough (see `allowance`).
    public let patience: Double
    /// Seconds between two looks at a face in view, averaged: how often
    /// this box gets round to a frame while someone stands there.
    public private(set) var lookInterval: Double?
    private var lastLook: (at: Double, sawFaces: Bool)?

    /// The longest a face may go unseen and keep its track: the patience,
    /// or two looks on a box too busy to look that often (a loaded or slow
    /// box judging 1–2 frames a second would otherwise lose every face
    /// between two looks, and never confirm or challenge anyone), but never
    /// more than `longestAllowance`.
    public var allowance: Double { max(patience, min(2 * (lookInterval ?? 0), Self.longestAllowance)) }
    /// Beyond this a face was gone (the camera was away, a stream stalled), whatever the box's pace.
    public static let longestAllowance = 2.0
    /// Least overlap (IoU) for a box to continue a track.
    public let minimumOverlap: Float

    public init(patience: Double = 0.5, minimumOverlap: Float = 0.3) {
        self.patience = patience
        self.minimumOverlap = minimumOverlap
    }

    /// Assigns each face a track id (existing by best overlap, else new) and
    /// returns the ids in face order, plus the ids of tracks just forgotten.
    public mutating func update(_ faces: [FaceGeometry], at now: Double) -> (ids: [Int], ended: [Int]) {
        // Forgotten first: a face where a long-gone one stood (frames were
        // skipped, or the camera was away) is someone to judge afresh.
        var ended: [Int] = []
        let allowance = allowance
        tracks.removeAll { track in
            guard now - track.seen > allowance || now < track.seen else { return false }
            ended.append(track.id)
            return true
        }
        if let lastLook, lastLook.sawFaces, !faces.isEmpty, now > lastLook.at, now - lastLook.at <= Self.longestAllowance {
            let gap = now - lastLook.at
            lookInterval = lookInterval.map { 0.7 * $0 + 0.3 * gap } ?? gap
        }
        lastLook = (now, !faces.isEmpty)
        var free = Set(tracks.indices)
        var ids: [Int] = []
        for face in faces {
            let best = free.map { ($0, tracks[$0].face.overlap(with: face)) }.max { $0.1 < $1.1 }
            if let (index, overlap) = best, overlap >= minimumOverlap {
                free.remove(index)
                tracks[index].face = face
                tracks[index].seen = now
                ids.append(tracks[index].id)
            } else {
                tracks.append(Track(id: newID(), face: face, seen: now))
                ids.append(tracks[tracks.count - 1].id)
            }
        }
        return (ids, ended)
    }

    /// Gives the place of track `id` a new id: another person now stands
    /// where the tracked one stood. Returns the new id.
    public mutating func renew(_ id: Int) -> Int {
        guard let index = tracks.firstIndex(where: { $0.id == id }) else { return id }
        tracks[index].id = newID()
        return tracks[index].id
    }

    private mutating func newID() -> Int {
        defer { nextID += 1 }
        return nextID
    }
}
