import Foundation

/// A stand-in network camera: python/media.py serving real photos as MJPEG
/// over HTTP on 127.0.0.1, until `stop()` kills it (a camera that vanishes);
/// `start()` brings it back on the same address.
public final class MJPEGServer: @unchecked Sendable {
    // @unchecked: `process` is only touched by the test that owns the server.
    public private(set) var url = ""
    private var arguments: [String] = []
    private var process: Process?

    /// Loops the photos at 10 frames/s.
    public convenience init(photos: [String]) throws {
        try self.init(scene: photos)
    }

    /// Plays `scene` (items as media.py takes them: IMAGE, IMAGE*N, blank*N,
    /// video:CLIP@START-END) in `width`×`height` frames at `fps`, looping, or
    /// once and then an empty view. With `onsets`, the server appends to that
    /// file the time (seconds since 1970) each face came into view.
    /// Ports below the kernel's ephemeral range (32768…), which the tests'
    /// own client connections use; another port is tried if one is taken.
    public init(scene: [String], fps: Double = 10, width: Int = 640, height: Int = 480, once: Bool = false, onsets: String? = nil) throws {
        for attempt in 1...5 {
            let port = Int.random(in: 20_000..<26_000)
            url = "http://127.0.0.1:\(port)/stream"
            arguments = ["\(Fixtures.repositoryRoot)/Tests/TestSupport/python/media.py", "serve", "--fps", String(fps), "--width", String(width), "--height", String(height)]
                + (once ? ["--once"] : []) + (onsets.map { ["--onsets", $0] } ?? []) + [String(port)] + scene
            do {
                try start()
                return
            } catch where attempt < 5 {
                continue
            }
        }
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
