import Foundation

private let ownThreadSlots = DispatchSemaphore(value: max(2, ProcessInfo.processInfo.activeProcessorCount))

/// Runs a test's blocking body (processes to wait on, daemons to poll, a
/// minute of OpenCV) on a thread of its own and awaits it. Swift Testing
/// runs a synchronous test on the cooperative pool, which has one thread per
/// core: two such tests on a two-core box would stall every async suite
/// (its browser waits and deadlines) until they finish. As many bodies run
/// at once as the pool would have run (one per core), so a suite puts no
/// more load on the box than before; the rest wait on their own threads.
public func onOwnThread<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            ownThreadSlots.wait()
            defer { ownThreadSlots.signal() }
            do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
        }
        thread.name = "facegate-test-body"
        thread.stackSize = 8 << 20
        thread.start()
    }
}
