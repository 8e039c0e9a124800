import Foundation

/// The one way anything opens the gate: faces and alternatives alike go
/// through here, one pulse at a time, in the order they asked.
public actor GateController {
    public let actuator: any GateActuator
    private var last: Task<Result<Void, GateError>, Never>?

    public init(actuator: any GateActuator) {
        self.actuator = actuator
    }

    /// Pulses the gate after any pulse already under way; the result says
    /// whether this pulse opened it.
    public func open() async -> Result<Void, GateError> {
        let previous = last
        let actuator = actuator
        let task = Task {
            _ = await previous?.value
            do throws(GateError) {
                try await actuator.pulse()
                return Result<Void, GateError>.success(())
            } catch {
                return .failure(error)
            }
        }
        last = task
        return await task.value
    }
}
