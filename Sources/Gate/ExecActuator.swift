import Foundation

/// Opens the gate by running a program (the site's relay tool, a door
/// controller's CLI) with fixed arguments; exit status 0 means opened. The
/// program is killed at the timeout and the attempt counts as failed — it
/// is not run again, so the gate cannot open twice.
public struct ExecActuator: GateActuator {
    public let command: [String]
    public let timeout: Duration
    /// Passed as FACEGATE_PULSE_MS and FACEGATE_GATE in the environment.
    public let pulse: Duration
    public let gate: String

    public init(command: [String], timeout: Duration, pulse: Duration, gate: String) {
        self.command = command
        self.timeout = timeout
        self.pulse = pulse
        self.gate = gate
    }

    public var name: String { "exec \(command.first ?? "")" }

    public func pulse() async throws(GateError) {
        guard let program = command.first else { throw GateError("no gate command configured") }
        let environment = ["FACEGATE_PULSE_MS": "\(pulse.wholeMilliseconds)", "FACEGATE_GATE": gate]
        guard let status = try await SiteProgram(command: command, environment: environment, timeout: timeout).run() else {
            throw GateError("\(program) did not finish within \(timeout); not retried (it may have opened)")
        }
        guard status == 0 else { throw GateError("\(program) exited with status \(status); the gate did not confirm opening") }
    }
}
