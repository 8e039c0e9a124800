internal import CFaceVision

/// The plain C++ OpenCV pipeline that `facegate bench pipeline` measures the
/// Swift path against: same models, same frames, same detect + align +
/// embed, written as one C++ function with its own networks.
public final class ReferencePipeline {
    private let handle: OpaquePointer

    public init(detector: VerifiedModel, recognizer: VerifiedModel, options: FaceDetector.Options) throws(FaceVisionError) {
        var native = fg_detector_options(options)
        var handle: OpaquePointer?
        try nativeCall("cannot build the reference pipeline") { error in
            detector.contents.withUnsafeBufferPointer { model in
                fg_reference_create(model.baseAddress, model.count, recognizer.path, &native, &handle, error)
            }
        }
        self.handle = handle!
        try recognizer.confirmUnchanged()
    }

    deinit { fg_reference_free(handle) }

    /// Detects and embeds every face of `frame`; returns how many.
    public func run(_ frame: Image) throws(FaceVisionError) -> Int {
        var faces = 0
        try nativeCall("reference pipeline failed") { fg_reference_run(handle, frame.handle, &faces, $0) }
        return faces
    }
}

@available(*, unavailable, message: "one thread at a time, like the detector")
extension ReferencePipeline: Sendable {}
