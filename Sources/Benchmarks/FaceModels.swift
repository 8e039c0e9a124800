public import FaceVision

/// Where a benchmark's models are and how they run: the benchmarks load
/// them themselves, at the moment the measurement needs them, exactly as
/// the commands they stand beside do.
public struct FaceModels: Sendable {
    /// The `--models` path as given (nil: the default search), for a daemon
    /// the benchmark starts.
    public var path: String?
    /// OpenCV worker threads (nil: all cores).
    public var threads: Int?
    public var detectorOptions: FaceDetector.Options
    public var limits: ImageLimits

    public init(path: String?, threads: Int?, detectorOptions: FaceDetector.Options, limits: ImageLimits) {
        self.path = path
        self.threads = threads
        self.detectorOptions = detectorOptions
        self.limits = limits
    }

    public var directory: ModelDirectory { ModelDirectory(explicit: path) }

    /// Configures OpenCV and loads the verified detector.
    public func detector() throws -> FaceDetector {
        VisionRuntime.configure(threads: threads)
        return try FaceDetector(model: directory.load(.faceDetector), options: detectorOptions)
    }

    /// Loads the verified recognizer.
    public func embedder() throws -> FaceEmbedder {
        try FaceEmbedder(model: directory.load(.faceRecognizer))
    }

    /// Decodes `path` within the pixel limit.
    public func image(_ path: String) throws -> Image {
        try Image(contentsOf: path, limits: limits)
    }
}
