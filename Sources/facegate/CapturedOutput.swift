import Foundation

/// Runs a local tool (systemd-analyze) and keeps what it printed on stdout;
/// its stderr passes through unless `quiet`.
enum CapturedOutput {
    static func run(_ program: String, _ arguments: [String], quiet: Bool = false) throws -> (status: Int32, stdout: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        if quiet { process.standardError = FileHandle.nullDevice }
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data)
    }
}
