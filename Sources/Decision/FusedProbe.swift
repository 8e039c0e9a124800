/// A track's judged frames combined into one probe, each weighted by how
/// well it shows the face: a resident is seen in many frames, and the
/// frame-to-frame noise of a single embedding (blur, a turned head, a
/// small face) averages out where the person's own features do not. Pure:
/// the caller supplies unit embeddings and each frame's geometry and sharpness.
public struct FusedProbe: Sendable, Equatable {
    private var sum: [Float] = []
    /// The total weight of the frames fused so far.
    public private(set) var weight: Float = 0
    /// How many frames were fused.
    public private(set) var frames = 0

    public init() {}

    /// How much one frame counts, 0…1: the face's height (full weight from
    /// 160 px), its sharpness (full from 100, the variance of the Laplacian
    /// at 112×112) and how squarely it faces the camera (none from a turn of
    /// half an eye distance, or the nose level with the eyes or the mouth).
    public static func quality(of face: FaceGeometry, sharpness: Double) -> Float {
        let size = min(1, face.height / 160)
        let sharp = Float(min(1, max(0, sharpness) / 100))
        let turn = face.turn.map { max(0, 1 - abs($0) / 0.5) } ?? 0.5
        let pitch = face.pitch.map { max(0, 1 - abs($0 - 0.55) / 0.35) } ?? 0.5
        return size * sharp * turn * pitch
    }

    /// Adds one frame's unit embedding with weight `quality`.
    public mutating func add(_ embedding: [Float], quality: Float) {
        guard quality > 0, !embedding.isEmpty, sum.isEmpty || sum.count == embedding.count else { return }
        if sum.isEmpty { sum = [Float](repeating: 0, count: embedding.count) }
        for index in sum.indices { sum[index] += quality * embedding[index] }
        weight += quality
        frames += 1
    }

    /// The fused probe, of unit length; nil before any frame.
    public var probe: [Float]? {
        let norm = sum.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? sum.map { $0 / norm } : nil
    }
}
