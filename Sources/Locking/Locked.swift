import Foundation

/// A value behind a lock that ThreadSanitizer can see (a pthread mutex
/// through NSLock; the futex inside Synchronization's Mutex is invisible to
/// it and reads as a race). Held only for the few instructions of a read or
/// a swap.
public final class Locked<Value>: @unchecked Sendable {
    // @unchecked: every access to `value` holds `lock`.
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) { self.value = value }

    public func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
