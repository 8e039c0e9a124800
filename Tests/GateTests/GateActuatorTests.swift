import Foundation
import Gate
import Hummingbird
import Locking
import TestSupport
import Testing

/// The gate actuators against real programs, a real HTTP server and a
/// recording GPIO line: one decision is at most one opening, and every
/// failure is a one-line reason.
@Suite(.testExecutor) struct GateActuatorTests {
    @Test func execRunsTheCommandOnceWithThePulseLength() async throws {
        let folder = try Fixtures.temporaryDirectory("exec")
        let log = "\(folder)/opens"
        let actuator = ExecActuator(
            command: ["/bin/sh", "-c", "echo \"$FACEGATE_GATE $FACEGATE_PULSE_MS $1\" >> \(log)", "sh", "north"], timeout: .seconds(5),
            pulse: .milliseconds(700), gate: "east-gate")
        try await actuator.pulse()
        #expect(try String(contentsOfFile: log, encoding: .utf8) == "east-gate 700 north\n")
    }

    @Test func aFailingOrHangingCommandIsReportedAndNeverRetried() async throws {
        let folder = try Fixtures.temporaryDirectory("exec")
        let log = "\(folder)/attempts"
        let failing = ExecActuator(
            command: ["/bin/sh", "-c", "echo x >> \(log); exit 3"], timeout: .seconds(5), pulse: .milliseconds(500), gate: "g")
        await #expect(throws: GateError("/bin/sh exited with status 3; the gate did not confirm opening")) { try await failing.pulse() }
        let hanging = ExecActuator(
            command: ["/bin/sh", "-c", "echo x >> \(log); sleep 30"], timeout: .milliseconds(300), pulse: .milliseconds(500), gate: "g")
        let started = ContinuousClock.now
        await #expect(throws: GateError.self) { try await hanging.pulse() }
        #expect(ContinuousClock.now - started < .seconds(25), "killed at the timeout, not waited for (the command sleeps 30 s)")
        #expect(try String(contentsOfFile: log, encoding: .utf8) == "x\nx\n", "each command ran exactly once")
        let missing = ExecActuator(command: ["/nonexistent/open-gate"], timeout: .seconds(1), pulse: .milliseconds(500), gate: "g")
        await #expect(throws: GateError.self) { try await missing.pulse() }
    }

    @Test func httpPostsOnceAndDoesNotRetryAfterTheControllerAnswered() async throws {
        let requests = Locked<[String]>([])
        let router = Router()
        router.post("/open") { request, _ in
            let body = try await request.body.collect(upTo: 1024)
            requests.withLock { $0.append(String(buffer: body)) }
            return Response(status: .ok)
        }
        router.post("/broken") { _, _ in
            requests.withLock { $0.append("broken") }
            return Response(status: .internalServerError)
        }
        let server = try await LocalServer(router)
        defer { server.stop() }

        let opening = HTTPActuator(
            url: URL(string: "\(server.url)/open")!, timeout: .seconds(20), retries: 2, pulse: .milliseconds(500), gate: "north")
        try await opening.pulse()
        #expect(requests.withLock { $0 } == [#"{"gate":"north","pulse_ms":500}"#])

        let broken = HTTPActuator(
            url: URL(string: "\(server.url)/broken")!, timeout: .seconds(20), retries: 2, pulse: .milliseconds(500), gate: "north")
        await #expect(throws: GateError("the gate controller answered HTTP 500")) { try await broken.pulse() }
        #expect(requests.withLock { $0 }.filter { $0 == "broken" }.count == 1, "an answer is never retried")

        let unreachable = HTTPActuator(
            url: URL(string: "http://127.0.0.1:9/open")!, timeout: .seconds(1), retries: 1, pulse: .milliseconds(500), gate: "north")
        await #expect(throws: GateError.self) { try await unreachable.pulse() }
    }

    @Test func gpioDrivesTheLineForThePulseAndReleasesIt() async throws {
        let line = RecordingLine()
        let actuator = GPIOActuator(line: line, pulseLength: .milliseconds(150), name: "fake line")
        try await actuator.pulse()
        let changes = line.changes.withLock { $0 }
        #expect(changes.map(\.active) == [true, false])
        #expect(changes[1].at - changes[0].at >= .milliseconds(150))
    }

    @Test func aMissingGPIOChipIsAClearError() {
        #expect(throws: GateError.self) { try CharacterDeviceLine(chip: "/dev/gpiochip-none", line: 3, activeLow: false) }
    }

    @Test func theControllerSerialisesPulses() async throws {
        let line = RecordingLine()
        let controller = GateController(actuator: GPIOActuator(line: line, pulseLength: .milliseconds(50), name: "fake"))
        async let first = controller.open()
        async let second = controller.open()
        _ = await (first, second)
        #expect(line.changes.withLock { $0 }.map(\.active) == [true, false, true, false], "never two pulses at once")
    }
}

/// A GPIO line that records what it was set to: the fake at the hardware edge.
final class RecordingLine: GPIOLine {
    let changes = Locked<[(active: Bool, at: ContinuousClock.Instant)]>([])
    func set(active: Bool) throws(GateError) { changes.withLock { $0.append((active, .now)) } }
}
