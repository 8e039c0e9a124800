/// Which faces in a frame are good enough to act on: large enough to be a
/// person standing close to the camera (R15), sharp enough to recognise, and
/// confidently detected. Pure logic over detections and a sharpness measure.
public struct FaceQuality: Sendable, Equatable {
    /// The height of the face box, in pixels of the original frame. The
    /// height, not the shorter side: YuNet's boxes are about 0.7 as wide as
    /// tall, and their width changes with the head's turn, so the shorter
    /// side made a person at arm's length from a 640×360 camera (a box of
    /// about 80×115) count as a passer-by.
    public var minFacePixels: Int
    /// Variance of the Laplacian at 112×112 (`Image.sharpness(in:)`).
    public var minSharpness: Double
    /// Detector confidence.
    public var minScore: Float

    public init(minFacePixels: Int, minSharpness: Double, minScore: Float = 0.7) {
        self.minFacePixels = minFacePixels
        self.minSharpness = minSharpness
        self.minScore = minScore
    }

    /// Why one face was or was not good enough.
    public enum Verdict: Sendable, Equatable {
        case good(sharpness: Double)
        case tooSmall(pixels: Int)
        case blurred(sharpness: Double)
        case uncertain(score: Float)

        public var isGood: Bool {
            if case .good = self { return true }
            return false
        }
    }

    /// Judges one face; `sharpness` is asked only for faces large and confident enough.
    public func judge(_ face: DetectedFace, sharpness: (FaceBox) throws -> Double) rethrows -> Verdict {
        let pixels = Int(face.box.height)
        guard pixels >= minFacePixels else { return .tooSmall(pixels: pixels) }
        guard face.score >= minScore else { return .uncertain(score: face.score) }
        let measured = try sharpness(face.box)
        guard measured >= minSharpness else { return .blurred(sharpness: measured) }
        return .good(sharpness: measured)
    }

    /// The faces that count: smaller faces (people further away, passers-by
    /// in the background) are ignored entirely, as R15 asks.
    public func qualifying(_ faces: [DetectedFace]) -> [DetectedFace] {
        faces.filter { Int($0.box.height) >= minFacePixels }
    }

    /// A confident face at least 70 % of the size that counts: someone
    /// approaching, whom the screen may ask to step closer (never judged).
    public func isApproaching(_ face: DetectedFace) -> Bool {
        face.score >= minScore && face.box.height >= Float(minFacePixels) * 0.7 && Int(face.box.height) < minFacePixels
    }
}

extension Embedding {
    /// The normalised mean of several embeddings of one person: the template
    /// an enrollment stores from its good shots.
    public static func mean(of embeddings: [Embedding]) throws(FaceVisionError) -> Embedding {
        guard let first = embeddings.first else {
            throw FaceVisionError(.invalidArgument, "no embeddings to average")
        }
        var sum = first.values
        for embedding in embeddings.dropFirst() {
            for index in sum.indices { sum[index] += embedding.values[index] }
        }
        return try Embedding(normalising: sum)
    }
}
