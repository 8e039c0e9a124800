import Foundation
import Gate
import Hummingbird
import Locking
import TestSupport
import Testing

/// The hardware liveness hook against a real program and a real HTTP
/// server (R21): live and not live both ways, and every failure a clear
/// error, which the daemon treats as not live.
@Suite(.testExecutor) struct LivenessSensorTests {
    @Test func aSensorProgramAnswersLiveOrNotLiveByItsExitStatus_R21() async throws {
        let folder = try Fixtures.temporaryDirectory("sensor")
        let answer = "\(folder)/answer"
        let sensor = LivenessSensor(
            kind: .command(["/bin/sh", "-c", "echo \"$FACEGATE_GATE\" >> \(folder)/asked; exit $(cat \(answer))"]),
            timeout: .seconds(5), gate: "east-gate")
        try "0".write(toFile: answer, atomically: true, encoding: .utf8)
        #expect(try await sensor.isLive() == true)
        try "1".write(toFile: answer, atomically: true, encoding: .utf8)
        #expect(try await sensor.isLive() == false)
        try "7".write(toFile: answer, atomically: true, encoding: .utf8)
        await #expect(throws: GateError("liveness sensor /bin/sh exited with status 7 (0 live, 1 not live)")) { try await sensor.isLive() }
        #expect(try String(contentsOfFile: "\(folder)/asked", encoding: .utf8) == "east-gate\neast-gate\neast-gate\n", "asked once per decision")

        let hanging = LivenessSensor(
            kind: .command(["/bin/sh", "-c", "echo $$ > \(folder)/hanging; exec sleep 600"]), timeout: .milliseconds(200), gate: "g")
        let started = ContinuousClock.now
        await #expect(throws: GateError("liveness sensor /bin/sh did not answer within 0.2 seconds")) { try await hanging.isLive() }
        #expect(ContinuousClock.now - started < .seconds(300), "a hanging sensor is given up at its timeout, long before it ends")
        let pid = try #require(
            Int32(try String(contentsOfFile: "\(folder)/hanging", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(kill(pid, 0) == -1 && errno == ESRCH, "the hanging sensor was killed and reaped")
    }

    @Test func aSensorEndpointAnswersWithJSON_R21() async throws {
        let answer = Locked("{\"live\": true}")
        let requests = Locked<[String]>([])
        let router = Router()
        router.post("/live") { request, _ in
            let body = try await request.body.collect(upTo: 1024)
            requests.withLock { $0.append(String(buffer: body)) }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: answer.withLock { $0 })))
        }
        router.post("/broken") { _, _ in Response(status: .serviceUnavailable) }
        let server = try await LocalServer(router)
        defer { server.stop() }

        let sensor = LivenessSensor(kind: .http(URL(string: "\(server.url)/live")!), timeout: .seconds(30), gate: "north")
        #expect(try await sensor.isLive() == true)
        answer.withLock { $0 = "{\"live\": false}" }
        #expect(try await sensor.isLive() == false)
        answer.withLock { $0 = "{\"live\": \"yes\"}" }
        await #expect(throws: GateError("liveness sensor's answer has no boolean \"live\"")) { try await sensor.isLive() }
        #expect(requests.withLock { $0 }.allSatisfy { $0 == #"{"gate":"north"}"# } && requests.withLock { $0 }.count == 3)

        let broken = LivenessSensor(kind: .http(URL(string: "\(server.url)/broken")!), timeout: .seconds(30), gate: "north")
        await #expect(throws: GateError("liveness sensor answered HTTP 503")) { try await broken.isLive() }
        let unreachable = LivenessSensor(kind: .http(URL(string: "http://127.0.0.1:9/live")!), timeout: .seconds(2), gate: "north")
        await #expect(throws: GateError.self) { try await unreachable.isLive() }
    }
}
