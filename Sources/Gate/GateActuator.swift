/// What drives the physical gate: one pulse opens it once. Implementations
/// never retry in a way that could open it twice; a failure is reported, the
/// caller audits it and shows it, and a person can try again.
public protocol GateActuator: Sendable {
    /// "exec /usr/local/bin/open-gate", "http http://10.0.0.5/open", "gpio /dev/gpiochip0 line 17".
    var name: String { get }
    /// Opens the gate for one person.
    func pulse() async throws(GateError)
}

/// Why a pulse failed, in one line for the audit log and the operator.
public struct GateError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

extension Duration {
    /// Whole milliseconds, for the actuators' environment and request body.
    public var wholeMilliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}
