internal import CFaceVision

/// Passive presentation-attack screening (R21): two MiniFASNet classifiers
/// judge from one frame whether a face is a real face or a print or screen
/// held up to the camera. Each sees the face with its own margin (crop
/// scale 2.7 and 4.0, so a phone's bezel or a photo's edge is in view); their
/// probabilities are averaged. One thread at a time, like the detector.
///
/// A screen, not a guarantee: Minivision trained it on real-camera images,
/// and its threshold belongs to the deployment camera (see README, R21).
public final class LivenessClassifier {
    /// Both models' probabilities that the face is real, and their mean.
    public struct Score: Sendable, Equatable {
        public let perModel: [Float]
        public var real: Float { perModel.reduce(0, +) / Float(max(1, perModel.count)) }
    }

    /// The models and their crop scales, as Minivision trained them.
    public static let models: [(spec: ModelSpec, scale: Float)] = [(.livenessV2, 2.7), (.livenessV1SE, 4.0)]

    private let handle: OpaquePointer
    public let specs: [ModelSpec]

    /// Builds the classifier from verified copies of `models`' files, in that order.
    public init(models: [VerifiedModel]) throws(FaceVisionError) {
        let scales = models.map { model in Self.models.first { $0.spec == model.spec }?.scale ?? 0 }
        guard !models.isEmpty, !scales.contains(0) else {
            throw FaceVisionError(.invalidArgument, "the liveness classifier takes the MiniFASNet models only")
        }
        var handle: OpaquePointer?
        try nativeCall("cannot load liveness models") { error in
            let buffers = models.map(\.contents)
            return Self.withPointers(buffers) { pointers in
                scales.withUnsafeBufferPointer { scales in
                    let lengths = buffers.map(\.count)
                    return fg_liveness_create(pointers, lengths, scales.baseAddress, buffers.count, &handle, error)
                }
            }
        }
        self.handle = handle!
        specs = models.map(\.spec)
    }

    /// Loads both MiniFASNet models from `directory` and builds the classifier.
    public convenience init(directory: ModelDirectory) throws(FaceVisionError) {
        var verified: [VerifiedModel] = []
        for model in Self.models { verified.append(try directory.load(model.spec)) }
        try self.init(models: verified)
    }

    deinit { fg_liveness_free(handle) }

    /// How likely `face`, found in `image`, is a real face.
    public func score(_ face: DetectedFace, in image: Image) throws(FaceVisionError) -> Score {
        var scores = [Float](repeating: 0, count: specs.count)
        var native = face.native
        try nativeCall("liveness screening failed") { error in
            scores.withUnsafeMutableBufferPointer { fg_liveness_score(handle, image.handle, &native, $0.baseAddress, error) }
        }
        return Score(perModel: scores)
    }

    /// Keeps every buffer's base address valid for the duration of `body`.
    private static func withPointers<R>(
        _ buffers: [[UInt8]], _ body: ([UnsafePointer<UInt8>?]) -> R
    ) -> R {
        func nest(_ index: Int, _ collected: [UnsafePointer<UInt8>?]) -> R {
            guard index < buffers.count else { return body(collected) }
            return buffers[index].withUnsafeBufferPointer { nest(index + 1, collected + [$0.baseAddress]) }
        }
        return nest(0, [])
    }
}

@available(*, unavailable, message: "a LivenessClassifier serves one thread at a time")
extension LivenessClassifier: Sendable {}
