public import FaceVision
public import Foundation

/// The newest camera frame and nothing older: capture replaces it, the
/// pipeline takes it. When processing is slower than the camera, frames in
/// between are dropped, never queued (latest-frame-wins).
public final class LatestFrame: @unchecked Sendable {
    // @unchecked: every access holds `condition`.
    private let condition = NSCondition()
    private var frame: Image?
    private var capturedAt: ContinuousClock.Instant?
    private var taken = 0

    public init() {}

    /// Frames handed to the pipeline so far.
    public var takenCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return taken
    }

    /// Replaces the waiting frame (the older one is simply released).
    /// `capturedAt` is when the camera took it, if known.
    public func put(_ image: Image, capturedAt: ContinuousClock.Instant? = nil) {
        condition.lock()
        frame = image
        self.capturedAt = capturedAt
        condition.signal()
        condition.unlock()
    }

    /// Takes the newest frame, waiting up to `timeout`; nil when none came.
    public func take(timeout: TimeInterval) -> (image: Image, capturedAt: ContinuousClock.Instant?)? {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(timeout)
        while frame == nil {
            guard condition.wait(until: deadline) else { break }
        }
        guard let image = frame else { return nil }
        frame = nil
        taken += 1
        return (image, capturedAt)
    }

    /// Wakes a waiting `take` (at shutdown).
    public func wake() {
        condition.lock()
        condition.broadcast()
        condition.unlock()
    }
}

/// Where the pipeline's frames come from: the camera (`CaptureLoop`) in
/// the daemon, a scripted sequence in `facegate bench e2e`.
public protocol FrameFeed: Sendable {
    var frames: LatestFrame { get }
    /// nil while frames arrive, else why not.
    var problem: String? { get }
    func start()
    func stop()
}
