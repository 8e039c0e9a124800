internal import CFaceVision

/// Process-wide OpenCV settings: worker threads, and OpenCV's own logging
/// kept below errors so nothing from inside OpenCV reaches the journal.
public enum VisionRuntime {
    /// Sets OpenCV's thread count; `nil` or 0 means all cores.
    public static func configure(threads: Int? = nil) {
        fg_runtime_configure(Int32(clamping: threads ?? 0))
    }

    /// The thread count OpenCV uses now.
    public static var threads: Int { Int(fg_runtime_threads()) }

    /// The linked OpenCV version, e.g. "4.6.0".
    public static var openCVVersion: String { String(cString: fg_runtime_opencv_version()) }
}
