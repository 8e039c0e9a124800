internal import CDaemonSupport

/// One output line of a GPIO chip: the relay behind the gate. `GPIOActuator`
/// drives it through this protocol, so tests can put a recording line where
/// the hardware line would be.
public protocol GPIOLine: Sendable {
    func set(active: Bool) throws(GateError)
}

/// A Linux GPIO character-device line (/dev/gpiochipN, the v2 line API).
public final class CharacterDeviceLine: GPIOLine {
    private let descriptor: Int32
    public let chip: String
    public let line: Int

    public init(chip: String, line: Int, activeLow: Bool) throws(GateError) {
        let result = fg_gpio_request_output(chip, UInt32(line), activeLow ? 1 : 0, "facegate")
        guard result >= 0 else {
            throw GateError("cannot claim GPIO line \(line) of \(chip) (error \(-result)); is the service user in the gpio group?")
        }
        descriptor = result
        self.chip = chip
        self.line = line
    }

    deinit { fg_gpio_release(descriptor) }

    public func set(active: Bool) throws(GateError) {
        let result = fg_gpio_set(descriptor, active ? 1 : 0)
        guard result == 0 else { throw GateError("GPIO line \(line) of \(chip) could not be set (error \(-result))") }
    }
}

/// Opens the gate by driving a GPIO line active for the pulse length, then
/// inactive again — also when the wait is interrupted.
public struct GPIOActuator: GateActuator {
    public let line: any GPIOLine
    public let pulseLength: Duration
    public let name: String

    public init(line: any GPIOLine, pulseLength: Duration, name: String) {
        self.line = line
        self.pulseLength = pulseLength
        self.name = name
    }

    public func pulse() async throws(GateError) {
        try line.set(active: true)
        try? await Task.sleep(for: pulseLength)
        try line.set(active: false)
    }
}
