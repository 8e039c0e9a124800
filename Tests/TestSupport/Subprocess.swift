import Foundation

/// Runs a program to completion and captures its output through files, so a
/// chatty child can never fill a pipe and deadlock the test.
public struct Subprocess {
    public struct Result {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// Runs `executable` with `arguments`; `environment` entries are added to this process's own.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:],
        currentDirectory: String? = nil
    ) throws -> Result {
        let directory = try Fixtures.temporaryDirectory("process")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outPath = "\(directory)/stdout", errPath = "\(directory)/stderr"
        try Data().write(to: URL(fileURLWithPath: outPath))
        try Data().write(to: URL(fileURLWithPath: errPath))
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Result(
            status: process.terminationStatus,
            stdout: try String(contentsOfFile: outPath, encoding: .utf8),
            stderr: try String(contentsOfFile: errPath, encoding: .utf8))
    }

    /// The Python that has Debian's cv2 (`/usr/bin/python3`; a pyenv `python3` on PATH may not).
    public static var python: String { "/usr/bin/python3" }

    /// Runs one of the Python helpers in Tests/TestSupport/python and returns its stdout; throws on failure.
    public static func python(_ script: String, _ arguments: [String]) throws -> String {
        let result = try run(python, ["\(Fixtures.repositoryRoot)/Tests/TestSupport/python/\(script)"] + arguments)
        guard result.status == 0 else { throw ProcessFailure("\(script) exited \(result.status): \(result.stderr)") }
        return result.stdout
    }

    /// The `facegate` executable built beside the test bundle.
    public static var facegate: String {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("facegate").path),
            directory.path != "/"
        {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("facegate").path
    }
}

/// A helper process failed.
public struct ProcessFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
