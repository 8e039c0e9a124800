import FaceVision
import Foundation
import Logging
import Matcher

/// Reads the camera on its own thread into `LatestFrame`, reconnecting with
/// backoff (0.5 s doubling to the configured maximum) whenever the camera or
/// stream is lost, and reports whether it is delivering.
final class CaptureLoop: FrameFeed, @unchecked Sendable {
    // @unchecked: `thread` is set once in start(); the rest are Sendable or locked.
    let source: FrameSourceLocation
    let limits: ImageLimits
    let maxBackoff: TimeInterval
    let frames = LatestFrame()
    private let stopping = Locked(false)
    private let status = Locked<String?>("camera not opened yet")
    private let log: Logger
    private var thread: Thread?

    init(source: FrameSourceLocation, limits: ImageLimits, maxBackoff: TimeInterval, log: Logger) {
        self.source = source
        self.limits = limits
        self.maxBackoff = maxBackoff
        self.log = log
    }

    /// nil while frames arrive, else why not.
    var problem: String? { status.withLock { $0 } }

    func start() {
        let thread = Thread { [self] in loop() }
        thread.name = "facegate-capture"
        self.thread = thread
        thread.start()
    }

    func stop() {
        stopping.withLock { $0 = true }
        frames.wake()
    }

    private var isStopping: Bool { stopping.withLock { $0 } }

    private func loop() {
        var backoff = 0.5
        while !isStopping {
            do {
                let camera = try FrameSource(source, timeout: .seconds(2), limits: limits)
                status.withLock { $0 = nil }
                log.info("camera open", metadata: ["source": "\(source)"])
                backoff = 0.5
                while !isStopping {
                    guard let image = try camera.nextFrame() else {
                        // A file or folder ended: start it again (demo and test streams loop).
                        break
                    }
                    frames.put(image)
                    if source.isFinite { Thread.sleep(forTimeInterval: 0.05) }
                }
            } catch {
                let message = "\(error)"
                let changed = status.withLock { old in
                    defer { old = message }
                    return old != message
                }
                if changed { log.warning("camera problem", metadata: ["problem": "\(message)"]) }
                let wait = backoff
                backoff = min(maxBackoff, backoff * 2)
                let until = Date().addingTimeInterval(wait)
                while !isStopping, Date() < until { Thread.sleep(forTimeInterval: 0.05) }
            }
        }
    }
}
