internal import CFaceVision

/// Turns a detected face into an `Embedding`: OpenCV's FaceRecognizerSF
/// aligns the face to SFace's 112×112 template, SFace computes 128 floats,
/// and Swift scales them to unit length. One thread at a time, like the detector.
public final class FaceEmbedder {
    private let handle: OpaquePointer
    public let model: ModelSpec

    public init(model: VerifiedModel) throws(FaceVisionError) {
        var handle: OpaquePointer?
        try nativeCall("cannot load recognizer model \(model.path)") { error in
            fg_recognizer_create(model.path, &handle, error)
        }
        do {
            try model.confirmUnchanged()
        } catch {
            fg_recognizer_free(handle)
            throw error
        }
        self.handle = handle!
        self.model = model.spec
    }

    deinit { fg_recognizer_free(handle) }

    /// The unit-length embedding of `face`, which must come from `image`.
    public func embedding(of face: DetectedFace, in image: Image) throws(FaceVisionError) -> Embedding {
        var raw = [Float](repeating: 0, count: Embedding.dimension)
        var native = face.native
        try nativeCall("face embedding failed") { error in
            raw.withUnsafeMutableBufferPointer { fg_recognizer_embed(handle, image.handle, &native, $0.baseAddress, error) }
        }
        return try Embedding(normalising: raw)
    }

    /// The embedding of `face` in a still photo, for a template: the face is
    /// found again by `detector` at one fixed size and eight slightly moved
    /// crops are averaged, so a large photo gives the same template whether
    /// its face was found at 640 px or at full resolution. About nine times
    /// the work of `embedding(of:in:)`; camera frames use that one.
    public func stillEmbedding(of face: DetectedFace, in image: Image, detector: FaceDetector) throws(FaceVisionError) -> Embedding {
        var raw = [Float](repeating: 0, count: Embedding.dimension)
        var native = face.native
        try nativeCall("face embedding failed") { error in
            raw.withUnsafeMutableBufferPointer {
                fg_recognizer_embed_still(handle, detector.handle, image.handle, &native, $0.baseAddress, error)
            }
        }
        return try Embedding(normalising: raw)
    }
}

@available(*, unavailable, message: "a FaceEmbedder serves one thread at a time")
extension FaceEmbedder: Sendable {}
