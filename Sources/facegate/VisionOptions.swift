import ArgumentParser
import FaceVision

/// The flags every command that looks at faces shares: where the models are,
/// how many threads OpenCV uses, detector tuning and the input pixel limit.
struct VisionOptions: ParsableArguments {
    @Option(help: "Model directory (default: $FACEGATE_MODELS, else /usr/share/facegate/models, then ./Models).")
    var models: String?

    @Option(help: "OpenCV worker threads (default: all cores).")
    var threads: Int?

    @Option(help: "Scale frames down so the longer side is at most this many pixels before detection.")
    var maxSide = 640

    @Option(help: "Minimum detector score, 0…1.")
    var scoreThreshold: Float = 0.6

    @Option(help: "Overlap (IoU) above which two detections are one face, 0…1.")
    var nmsThreshold: Float = 0.3

    @Option(help: "Refuse images with more pixels than this, before decoding them.")
    var maxPixels = ImageLimits.standard.maxPixels

    func validate() throws {
        guard maxSide >= 32 else { throw ValidationError("--max-side must be at least 32") }
        guard (0.01...1).contains(scoreThreshold) else { throw ValidationError("--score-threshold must be in 0.01…1") }
        guard (0.01...1).contains(nmsThreshold) else { throw ValidationError("--nms-threshold must be in 0.01…1") }
        guard maxPixels > 0 else { throw ValidationError("--max-pixels must be positive") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    var limits: ImageLimits { ImageLimits(maxPixels: maxPixels, maxBytes: ImageLimits.standard.maxBytes) }

    var detectorOptions: FaceDetector.Options {
        var options = FaceDetector.Options()
        options.maxSide = maxSide
        options.scoreThreshold = scoreThreshold
        options.nmsThreshold = nmsThreshold
        return options
    }

    var directory: ModelDirectory { ModelDirectory(explicit: models) }

    /// Configures OpenCV and loads the verified detector.
    func detector() throws -> FaceDetector {
        VisionRuntime.configure(threads: threads)
        return try FaceDetector(model: directory.load(.faceDetector), options: detectorOptions)
    }

    /// Loads the verified recognizer.
    func embedder() throws -> FaceEmbedder {
        try FaceEmbedder(model: directory.load(.faceRecognizer))
    }

    /// Decodes `path` within the pixel limit.
    func image(_ path: String) throws -> Image {
        try Image(contentsOf: path, limits: limits)
    }
}
