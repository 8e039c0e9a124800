import Foundation

/// The bounded queue between the gate and one slow consumer (a broker, a
/// webhook): `push` never waits, so a decision is never delayed by the
/// integrator. When full, the oldest event is dropped and counted.
final class EventQueue: @unchecked Sendable {
    // @unchecked: every field is read and written holding `condition`.
    private let condition = NSCondition()
    private var items: [GateEvent] = []
    private var droppedCount = 0
    private var closed = false
    let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Adds `event`; drops the oldest when the queue is full.
    func push(_ event: GateEvent) {
        condition.lock()
        defer { condition.unlock() }
        guard !closed else { return }
        if items.count >= capacity {
            items.removeFirst()
            droppedCount += 1
        }
        items.append(event)
        condition.signal()
    }

    /// The oldest event, left in the queue until `removeFirst`; nil after
    /// `timeout` with nothing queued, or once closed.
    func first(waiting timeout: TimeInterval) -> GateEvent? {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: timeout)
        while items.isEmpty && !closed {
            guard condition.wait(until: deadline) else { break }
        }
        return closed ? nil : items.first
    }

    /// Removes the event `first` returned: delivered, or given up after its retries and counted.
    func removeFirst(givenUp: Bool = false) {
        condition.lock()
        defer { condition.unlock() }
        guard !items.isEmpty else { return }
        items.removeFirst()
        if givenUp { droppedCount += 1 }
    }

    /// Waits up to `seconds` unless closed first; false once closed.
    func pause(_ seconds: TimeInterval) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: seconds)
        while !closed, condition.wait(until: deadline) {}
        return !closed
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    var isClosed: Bool { condition.withLock { closed } }
    var count: Int { condition.withLock { items.count } }
    var dropped: Int { condition.withLock { droppedCount } }
}
