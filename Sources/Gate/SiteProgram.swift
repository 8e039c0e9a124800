import CDaemonSupport
import Foundation

/// Runs one of the site's own programs (a relay tool, a liveness sensor's
/// CLI) with fixed arguments, no input and no output kept, and waits at most
/// `timeout` for its exit status. The one place facegate starts a program,
/// and the thin wrapper over `fg_spawn`: posix_spawn needs no free descriptor
/// (a daemon out of them still opens the gate), and every child is reaped
/// here, so one failed or hung run never poisons the next.
struct SiteProgram {
    let command: [String]
    let environment: [String: String]
    let timeout: Duration

    /// The exit status (128 + signal when killed), or nil when it did not
    /// finish in time (it and its session are then killed and reaped);
    /// throws when it cannot be started.
    func run() async throws(GateError) -> Int32? {
        guard let program = command.first else { throw GateError("no command configured") }
        let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0.key)=\($0.value)" }.sorted()
        var pid: Int32 = 0
        let started = Self.withCStrings(command) { argv in Self.withCStrings(variables) { envp in fg_spawn(argv, envp, &pid) } }
        guard started == 0 else { throw GateError("cannot run \(program): \(String(cString: strerror(-started)))") }
        // Waited for on a thread of its own: the timeout holds even when the
        // cooperative pool is busy (a flood of kiosk requests).
        let child = pid
        let waited = await withCheckedContinuation { (continuation: CheckedContinuation<Int32?, Never>) in
            let thread = Thread { [timeout] in
                let deadline = ContinuousClock.now + timeout
                var status: Int32 = 0
                while true {
                    let polled = fg_spawn_poll(child, &status)
                    if polled == 0 { return continuation.resume(returning: status) }
                    if polled < 0 { return continuation.resume(returning: -1 - Int32(-polled)) }
                    if ContinuousClock.now >= deadline {
                        fg_spawn_kill(child)
                        return continuation.resume(returning: nil)
                    }
                    usleep(2_000)
                }
            }
            thread.name = "facegate-site-program"
            thread.start()
        }
        if let waited, waited < 0 { throw GateError("\(program) was lost: \(String(cString: strerror(-1 - waited)))") }
        return waited
    }

    /// `strings` as a NULL-terminated array of C strings, for the duration of `body`.
    private static func withCStrings<Result>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> Result) -> Result {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { $0.map { UnsafePointer($0) } } + [nil]
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
