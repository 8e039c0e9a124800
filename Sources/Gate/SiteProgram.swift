import Foundation

/// Runs one of the site's own programs (a relay tool, a liveness sensor's
/// CLI) with fixed arguments, no input and no output kept, and waits at most
/// `timeout` for its exit status. The one place facegate starts a program.
struct SiteProgram {
    let command: [String]
    let environment: [String: String]
    let timeout: Duration

    /// The exit status, or nil when it did not finish in time (it is then
    /// terminated); throws when it cannot be started.
    func run() async throws(GateError) -> Int32? {
        guard let program = command.first else { throw GateError("no command configured") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = Array(command.dropFirst())
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let finished = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { finished.continuation.yield($0.terminationStatus) }
        do {
            try process.run()
        } catch {
            throw GateError("cannot run \(program): \(error.localizedDescription)")
        }
        let status = await withTaskGroup(of: Int32?.self) { group in
            group.addTask {
                for await status in finished.stream { return status }
                return nil
            }
            group.addTask { [timeout] in
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        if status == nil { process.terminate() }
        return status
    }
}
