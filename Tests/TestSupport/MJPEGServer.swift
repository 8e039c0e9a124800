import Foundation

/// A stand-in network camera: python/media.py serving real photos as MJPEG
/// over HTTP on 127.0.0.1, until `stop()` kills it (a camera that vanishes);
/// `start()` brings it back on the same address.
public final class MJPEGServer: @unchecked Sendable {
    // @unchecked: `process` is only touched by the test that owns the server.
    public let url: String
    private let arguments: [String]
    private var process: Process?

    /// Loops the photos at 10 frames/s.
    public convenience init(photos: [String]) throws {
        try self.init(scene: photos)
    }

    /// Plays `scene` (items as media.py takes them: IMAGE, IMAGE*N, blank*N)
    /// in `width`×480 frames at `fps`, looping, or once and then an empty view.
    public init(scene: [String], fps: Double = 10, width: Int = 640, once: Bool = false) throws {
        let port = Int.random(in: 20_000..<40_000)
        url = "http://127.0.0.1:\(port)/stream"
        arguments = ["\(Fixtures.repositoryRoot)/Tests/TestSupport/python/media.py", "serve", "--fps", String(fps), "--width", String(width)]
            + (once ? ["--once"] : []) + [String(port)] + scene
        try start()
    }

    public func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Subprocess.python)
        process.arguments = arguments
        let ready = Pipe()
        process.standardOutput = ready
        try process.run()
        let line = ready.fileHandleForReading.availableData
        guard String(decoding: line, as: UTF8.self).hasPrefix("ready") else {
            process.terminate()
            throw ProcessFailure("the MJPEG server did not start: \(arguments.joined(separator: " "))")
        }
        self.process = process
    }

    public func stop() {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { stop() }
}
