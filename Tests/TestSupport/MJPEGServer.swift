import Foundation

/// A stand-in network camera: python/media.py serving real photos as MJPEG
/// over HTTP on 127.0.0.1, until `stop()` kills it (a camera that vanishes);
/// `start()` brings it back on the same address.
public final class MJPEGServer: @unchecked Sendable {
    // @unchecked: `process` is only touched by the test that owns the server.
    public var url: String { process.url }
    private let process: CameraProcess

    /// Loops the photos at 10 frames/s.
    public convenience init(photos: [String]) throws {
        try self.init(scene: photos)
    }

    /// Plays `scene` (items as media.py takes them: IMAGE, IMAGE*N, blank*N,
    /// video:CLIP@START-END) in `width`×`height` frames at `fps`, looping, or
    /// once and then an empty view. With `onsets`, the server appends to that
    /// file the time (seconds since 1970) each face came into view. With
    /// `follow` (a kiosk's /api/state URL), a person who follows the screen:
    /// each time the kiosk turns to a state of `answers`, `reaction` seconds
    /// later the stream plays that item once.
    public init(
        scene: [String], fps: Double = 10, width: Int = 640, height: Int = 480, once: Bool = false, onsets: String? = nil,
        follow: String? = nil, answers: [String: String] = [:], reaction: Double = 0.4
    ) throws {
        let following = follow.map { url in
            ["--follow", url, "--reaction", String(reaction)] + answers.sorted { $0.key < $1.key }.flatMap { ["--answer", "\($0.key)=\($0.value)"] }
        }
        process = try CameraProcess(url: { "http://127.0.0.1:\($0)/stream" }) { port in
            ["media.py", "serve", "--fps", String(fps), "--width", String(width), "--height", String(height)]
                + (once ? ["--once"] : []) + (onsets.map { ["--onsets", $0] } ?? []) + (following ?? []) + [String(port)] + scene
        }
    }

    public func start() throws { try process.start() }
    public func stop() { process.stop() }
}

/// A stand-in IP camera: python/rtsp_camera.py encoding a scene of real
/// footage to H.264 and serving it over RTSP (gst-rtsp-server) on
/// 127.0.0.1, as `MJPEGServer` does MJPEG.
public final class RTSPCamera: @unchecked Sendable {
    // @unchecked: `process` is only touched by the test that owns the server.
    public var url: String { process.url }
    private let process: CameraProcess

    /// Plays `scene` (media.py's items) at `fps` in `width`×`height` frames.
    /// `hold` stalls the camera's network at `at` seconds into the scene for
    /// `seconds`, then sends the held frames at once; `user` (`name:password`)
    /// makes it ask for a login.
    public init(
        scene: [String], fps: Double = 15, width: Int = 640, height: Int = 480, once: Bool = false,
        hold: (at: Double, seconds: Double)? = nil, user: String? = nil, onsets: String? = nil
    ) throws {
        var options = ["--fps", String(fps), "--width", String(width), "--height", String(height)]
        if once { options.append("--once") }
        if let hold { options += ["--hold", "\(hold.at):\(hold.seconds)"] }
        if let user { options += ["--user", user] }
        if let onsets { options += ["--onsets", onsets] }
        let arguments = options
        process = try CameraProcess(url: { "rtsp://127.0.0.1:\($0)/camera" }) { port in ["rtsp_camera.py"] + arguments + [String(port)] + scene }
    }

    public func start() throws { try process.start() }
    /// Kills the camera (SIGKILL): it vanishes mid-stream.
    public func stop() { process.stop() }
}

/// A Python stand-in camera's process on a port below the kernel's
/// ephemeral range (32768…), which the tests' own client connections use;
/// another port is tried if one is taken.
final class CameraProcess: @unchecked Sendable {
    // @unchecked: touched only by the test that owns the camera.
    private(set) var url = ""
    private var arguments: [String] = []
    private var process: Process?

    /// `arguments(port)`: the script (in Tests/TestSupport/python) and its arguments.
    init(url: (Int) -> String, arguments: (Int) -> [String]) throws {
        for attempt in 1...5 {
            let port = Int.random(in: 20_000..<26_000)
            self.url = url(port)
            var command = arguments(port)
            command[0] = "\(Fixtures.repositoryRoot)/Tests/TestSupport/python/\(command[0])"
            self.arguments = command
            do {
                try start()
                return
            } catch  where attempt < 5 {
                continue
            }
        }
    }

    func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Subprocess.python)
        process.arguments = arguments
        let ready = Pipe()
        process.standardOutput = ready
        try process.run()
        let line = ready.fileHandleForReading.availableData
        guard String(decoding: line, as: UTF8.self).hasPrefix("ready") else {
            process.terminate()
            process.waitUntilExit()
            throw ProcessFailure("the stand-in camera did not start: \(arguments.joined(separator: " "))")
        }
        self.process = process
    }

    func stop() {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { stop() }
}
