import Foundation
public import Hummingbird
import Locking
import Matcher

/// A real HTTP server on 127.0.0.1 with a free port, for tests that need a
/// peer: a gate controller, a liveness sensor, the kiosk. `start` returns
/// once it listens, so no test guesses how long start-up takes.
public final class LocalServer: @unchecked Sendable {
    // @unchecked: `task` is set once in init and only cancelled afterwards.
    public let url: String
    private let task: Task<Void, any Error>

    public init<Context: InitializableFromSource<ApplicationRequestContextSource>>(_ router: Router<Context>) async throws {
        let port = Locked<Int?>(nil)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in port.withLock { $0 = channel.localAddress?.port } })
        task = Task { try await app.runService() }
        for _ in 0..<400 where port.withLock({ $0 }) == nil { try await Task.sleep(for: .milliseconds(25)) }
        guard let bound = port.withLock({ $0 }) else {
            task.cancel()
            throw ProcessFailure("the test's HTTP server did not start within 10 s")
        }
        url = "http://127.0.0.1:\(bound)"
    }

    public func stop() { task.cancel() }

    deinit { task.cancel() }
}
