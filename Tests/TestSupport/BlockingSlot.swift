import Foundation

/// Runs a test's blocking body (daemons to start and poll, processes to
/// wait on, a minute of OpenCV) once one of a few slots is free: one per
/// core, as many as the cooperative pool would have run at once, so the
/// suite puts no more load on the box than before. The body runs in the
/// test's own task (on `TestExecutor`, whose threads may block), so its
/// expectations are recorded against the test; the wait for a slot blocks
/// no thread.
public func withBlockingSlot<Result>(_ body: () throws -> Result) async throws -> Result {
    await BlockingSlots.shared.acquire()
    defer { BlockingSlots.shared.release() }
    return try body()
}

/// The slots `withBlockingSlot` hands out, first come first served.
final class BlockingSlots: @unchecked Sendable {
    // @unchecked: `free` and `waiting` are guarded by `lock`.
    static let shared = BlockingSlots(max(2, ProcessInfo.processInfo.activeProcessorCount))
    private let lock = NSLock()
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    private init(_ count: Int) { free = count }

    func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            lock.lock()
            if free > 0 {
                free -= 1
                lock.unlock()
                continuation.resume()
            } else {
                waiting.append(continuation)
                lock.unlock()
            }
        }
    }

    func release() {
        lock.lock()
        guard !waiting.isEmpty else {
            free += 1
            return lock.unlock()
        }
        let next = waiting.removeFirst()
        lock.unlock()
        next.resume()
    }
}
