import Config
import Decision
import FaceVision
import Foundation
import Locking
import Logging
import Matcher

/// Reads the camera on its own thread into `LatestFrame`, reconnecting with
/// backoff (0.5 s doubling to the configured maximum) whenever the camera or
/// stream is lost, and reports whether it is delivering. Each live frame is
/// stamped with when it was captured (`CaptureClock`); a stream's backlog
/// after opening is skipped.
final class CaptureLoop: FrameFeed, @unchecked Sendable {
    // @unchecked: `thread` is set once in start(); the rest are Sendable or locked.
    let camera: GateSettings.Camera
    let source: FrameSourceLocation
    let limits: ImageLimits
    let frames = LatestFrame()
    private let stopping = Locked(false)
    private let status = Locked<String?>("camera not opened yet")
    private let log: Logger
    private var thread: Thread?

    /// A stream silent this long is closed and opened again; shorter stalls
    /// are ridden out (their late frames are then dropped as stale).
    static let readTimeout = Duration.seconds(5)

    init(camera: GateSettings.Camera, limits: ImageLimits, log: Logger) {
        self.camera = camera
        self.source = FrameSourceLocation(camera.source)
        self.limits = limits
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

    /// The file holding the camera's `user:password`: the configured one,
    /// else the systemd credential `camera` when the unit passes one.
    static func credentialsPath(_ configured: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let configured { return configured }
        guard let directory = environment["CREDENTIALS_DIRECTORY"] else { return nil }
        let path = directory + "/camera"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    private func loop() {
        var backoff = 0.5
        while !isStopping {
            do {
                // Read at every connection: a corrected file needs no restart.
                let credentials = try Self.credentialsPath(camera.credentialsFile).map(CameraCredentials.init(contentsOf:))
                let camera = try FrameSource(
                    source, timeout: Self.readTimeout, transport: self.camera.transport.rawValue, credentials: credentials, limits: limits)
                status.withLock { $0 = nil }
                log.info("camera open", metadata: ["source": "\(source)"])
                backoff = 0.5
                try deliver(from: camera)
            } catch {
                let message = "\(error)"
                let changed = status.withLock { old in
                    defer { old = message }
                    return old != message
                }
                if changed { log.warning("camera problem", metadata: ["problem": "\(message)"]) }
                let wait = backoff
                backoff = min(camera.reconnectMaxSeconds, backoff * 2)
                let until = Date().addingTimeInterval(wait)
                while !isStopping, Date() < until { Thread.sleep(forTimeInterval: 0.05) }
            }
        }
    }

    /// Frames into `frames` until the source ends (a file or folder: it is
    /// started again, as demo and test streams loop) or fails.
    private func deliver(from camera: FrameSource) throws {
        var clock = CaptureClock()
        let origin = ContinuousClock.now
        while !isStopping {
            guard let image = try camera.nextFrame() else { return }
            let arrival = ContinuousClock.now
            if source.isFinite {
                frames.put(image)
                Thread.sleep(forTimeInterval: 0.05)
                continue
            }
            let reading = clock.reading(stream: camera.streamTime, arrival: GateService.seconds(arrival - origin))
            guard case .captured(let age) = reading else { continue }
            frames.put(image, capturedAt: arrival - .milliseconds(Int(age * 1000)))
        }
    }
}
