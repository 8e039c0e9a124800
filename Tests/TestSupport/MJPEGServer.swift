import Foundation

/// A stand-in network camera: python/media.py serving real photos as MJPEG
/// over HTTP on 127.0.0.1, until `stop()` kills it (a camera that vanishes).
public final class MJPEGServer: @unchecked Sendable {
    // @unchecked: `process` is only touched by init and stop/deinit.
    public let url: String
    private let process: Process

    public init(photos: [String]) throws {
        let port = Int.random(in: 20_000..<40_000)
        url = "http://127.0.0.1:\(port)/stream"
        process = Process()
        process.executableURL = URL(fileURLWithPath: Subprocess.python)
        process.arguments = ["\(Fixtures.repositoryRoot)/Tests/TestSupport/python/media.py", "serve", String(port)] + photos
        let ready = Pipe()
        process.standardOutput = ready
        try process.run()
        let line = ready.fileHandleForReading.availableData
        guard String(decoding: line, as: UTF8.self).hasPrefix("ready") else {
            process.terminate()
            throw ProcessFailure("the MJPEG server did not start on port \(port)")
        }
    }

    public func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { stop() }
}
