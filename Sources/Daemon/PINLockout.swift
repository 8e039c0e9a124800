import Foundation

/// The PIN pad's brake (pure): after `attempts` wrong PINs in a row, every
/// PIN is refused for `lockout` seconds, so six digits cannot be guessed at
/// the gate.
struct PINLockout: Sendable {
    let attempts: Int
    let lockout: TimeInterval
    private(set) var failures = 0
    private(set) var lockedUntil: Date?

    init(attempts: Int, lockout: TimeInterval) {
        self.attempts = attempts
        self.lockout = lockout
    }

    /// Locked until the lockout has passed; a lock that seems to last longer
    /// than the lockout means the clock was set back, and is over.
    func isLocked(at now: Date) -> Bool {
        lockedUntil.map { (0...lockout).contains($0.timeIntervalSince(now)) && now < $0 } ?? false
    }

    /// Records a wrong PIN; true when this one locked the pad.
    mutating func failed(at now: Date) -> Bool {
        if lockedUntil != nil, !isLocked(at: now) {
            lockedUntil = nil
            failures = 0
        }
        failures += 1
        guard failures >= attempts else { return false }
        lockedUntil = now.addingTimeInterval(lockout)
        failures = 0
        return true
    }

    mutating func succeeded() {
        failures = 0
    }
}
