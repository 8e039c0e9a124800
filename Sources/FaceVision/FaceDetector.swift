internal import CFaceVision

/// Finds faces with YuNet-2023mar. One detector serves one thread at a time
/// (its OpenCV network is not thread-safe), so it is deliberately not `Sendable`.
public final class FaceDetector {
    /// Detector tuning; the defaults are YuNet's published ones.
    public struct Options: Sendable, Equatable {
        /// Candidates scoring below this are dropped.
        public var scoreThreshold: Float = 0.6
        /// Overlapping candidates above this IoU are merged.
        public var nmsThreshold: Float = 0.3
        /// Frames are scaled down so their longer side is at most this; boxes are mapped back.
        public var maxSide: Int = 640
        /// At most this many candidates enter NMS.
        public var topK: Int = 5000

        public init() {}
    }

    let handle: OpaquePointer
    public let options: Options
    public let model: ModelSpec

    public init(model: VerifiedModel, options: Options = Options()) throws(FaceVisionError) {
        var native = fg_detector_options(options)
        var handle: OpaquePointer?
        try nativeCall("cannot load detector model \(model.path)") { error in
            model.contents.withUnsafeBufferPointer { fg_detector_create($0.baseAddress, $0.count, &native, &handle, error) }
        }
        self.handle = handle!
        self.options = options
        self.model = model.spec
    }

    deinit { fg_detector_free(handle) }

    /// The faces in `image`, largest first, in `image`'s pixel coordinates.
    public func detect(in image: Image) throws(FaceVisionError) -> [DetectedFace] {
        var count = 0
        try nativeCall("face detection failed") { fg_detector_detect(handle, image.handle, &count, $0) }
        var faces = [fg_face](repeating: fg_face(), count: count)
        let copied = faces.withUnsafeMutableBufferPointer { fg_detector_faces(handle, $0.baseAddress, $0.count) }
        return faces.prefix(copied).map(DetectedFace.init)
    }
}

extension fg_detector_options {
    init(_ options: FaceDetector.Options) {
        self.init(
            score_threshold: options.scoreThreshold, nms_threshold: options.nmsThreshold,
            max_side: Int32(clamping: options.maxSide), top_k: Int32(clamping: options.topK))
    }
}

@available(*, unavailable, message: "a FaceDetector serves one thread at a time")
extension FaceDetector: Sendable {}
