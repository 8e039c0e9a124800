import Config
import Events
import Foundation
import Hummingbird
import Locking
import Logging
import TestSupport
import Testing

/// The webhook sink against a real HTTP server: the token is sent, a
/// server error is retried a bounded number of times, a refusal is not.
@Suite(.serialized) struct WebhookSinkTests {
    /// A server that answers `statuses` in turn (then 200) and records each body and Authorization header.
    func server(answering statuses: [Int]) async throws -> (LocalServer, Locked<[(body: String, token: String?)]>) {
        let received = Locked<[(body: String, token: String?)]>([])
        let router = Router()
        router.post("/events") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 65_536)
            let count = received.withLock { list in
                list.append((String(buffer: body), request.headers[.authorization]))
                return list.count
            }
            let status = count <= statuses.count ? statuses[count - 1] : 200
            // Closed after each answer, so that stopping the server finds no connection open.
            return Response(status: .init(code: status), headers: [.connection: "close"])
        }
        return (try await LocalServer(router), received)
    }

    func sink(_ server: LocalServer, retries: Int) -> WebhookSink {
        WebhookSink(
            settings: WebhookSettings(url: URL(string: "\(server.url)/events")!, token: "hook-token", timeoutSeconds: 5, retries: retries),
            capacity: 10, log: Logger(label: "test"))
    }

    func event(_ outcome: String) -> GateEvent {
        GateEvent(type: "decision", gate: "g", outcome: outcome, method: "face", opened: false, time: Date(), mode: "face")
    }

    /// Polls without blocking a thread: the test server runs on the same cooperative pool.
    func wait(_ timeout: TimeInterval, until condition: () -> Bool) async throws -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while Date() < deadline && !condition() { try await Task.sleep(for: .milliseconds(50)) }
        return condition()
    }

    @Test func aServerErrorIsRetriedAndTheEventDeliveredOnce() async throws {
        let (server, received) = try await server(answering: [503, 500])
        defer { server.stop() }
        let sink = sink(server, retries: 3)
        sink.start()
        defer { sink.stop() }
        sink.send(event("unknown"))
        sink.send(event("match"))
        #expect(try await wait(60) { received.withLock { $0.count } == 4 }, "two failures, then each event once")
        let bodies = received.withLock { $0 }
        #expect(bodies.allSatisfy { $0.token == "Bearer hook-token" })
        #expect(bodies.map { $0.body.contains(#""outcome":"unknown""#) } == [true, true, true, false])
        #expect(sink.dropped == 0)
        #expect(try await wait(10) { sink.pending == 0 })
    }

    @Test func aRefusalIsNotRetriedAndRetriesAreBounded() async throws {
        let (server, received) = try await server(answering: [400, 503, 503])
        defer { server.stop() }
        let sink = sink(server, retries: 1)
        sink.start()
        defer { sink.stop() }
        sink.send(event("refused-by-400"))
        sink.send(event("given-up"))
        sink.send(event("delivered"))
        #expect(try await wait(60) { received.withLock { $0.count } == 4 })
        #expect(try await wait(10) { sink.dropped == 2 }, "the 400 at once, the 503s after one retry")
        #expect(received.withLock { $0.last?.body.contains("delivered") } == true)
    }
}
