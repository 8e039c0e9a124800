import Kiosk

/// The PIN pad's brake (pure). Six digits are few, and any unit's PIN opens
/// the gate, so guessing must stay slow however it is attempted:
///
/// - an attempt is counted *before* the slow PIN check, so parallel requests
///   cannot slip past the count while earlier checks are still running;
/// - time is the daemon's monotonic clock, so setting the wall clock back
///   neither ends nor stretches a lock;
/// - each source (client address) has its own count, so one client cannot
///   lock out the resident at the kiosk's own pad, and all network sources
///   together share a second count, so many addresses do not multiply the
///   rate;
/// - each lock that follows another without a correct PIN in between lasts
///   twice as long, up to `maximumLockout`.
///
/// Requests that are not PINs (malformed JSON, letters, wrong length) never
/// reach it: they cannot lock anyone out.
struct PINLockout: Sendable {
    typealias Instant = ContinuousClock.Instant

    /// Who sent an attempt: the kiosk's own pad (a loopback client) or a
    /// client on the network, by address.
    typealias Source = KioskClient

    /// One count of wrong PINs and its lock.
    struct Count: Sendable {
        var failures = 0
        var lockedUntil: Instant?
        /// Locks in a row without a correct PIN between them.
        var strikes = 0

        func isLocked(at now: Instant) -> Bool { lockedUntil.map { now < $0 } ?? false }
    }

    let attempts: Int
    let lockout: Duration
    let maximumLockout: Duration
    /// Wrong PINs that all network sources together may try before the pad
    /// locks for the network.
    let networkAttempts: Int
    private(set) var sources: [Source: Count] = [:]
    private(set) var network = Count()
    /// Sources remembered at most; an attacker's many addresses do not grow memory.
    static let rememberedSources = 4_096

    init(attempts: Int, lockout: Duration, maximumLockout: Duration = .seconds(3_600)) {
        self.attempts = attempts
        self.lockout = lockout
        self.maximumLockout = max(lockout, maximumLockout)
        self.networkAttempts = attempts * 2
    }

    /// Counts an attempt from `source` before its PIN is checked; false when
    /// the pad is locked for it (then the PIN must not be checked at all).
    mutating func admit(_ source: Source, at now: Instant) -> Bool {
        var own = sources[source] ?? Count()
        guard Self.admit(&own, limit: attempts, at: now, forgetAfter: maximumLockout) else { return false }
        if !source.isLocal {
            guard Self.admit(&network, limit: networkAttempts, at: now, forgetAfter: maximumLockout) else { return false }
        }
        if sources[source] != nil || sources.count < Self.rememberedSources || source.isLocal {
            own.failures += 1
            sources[source] = own
        }
        if !source.isLocal { network.failures += 1 }
        return true
    }

    /// The outcome of an admitted attempt; true when this wrong PIN locked the pad for `source`.
    mutating func settle(_ source: Source, correct: Bool, at now: Instant) -> Bool {
        if correct {
            sources[source] = nil
            if !source.isLocal { network.failures = max(0, network.failures - 1) }
            return false
        }
        var locked = false
        if var own = sources[source] {
            locked = Self.lockIfSpent(&own, limit: attempts, at: now, lockout: lockout, maximumLockout: maximumLockout)
            sources[source] = own
        }
        if !source.isLocal {
            locked = Self.lockIfSpent(&network, limit: networkAttempts, at: now, lockout: lockout, maximumLockout: maximumLockout) || locked
        }
        prune(at: now)
        return locked
    }

    /// Takes back an admitted attempt whose PIN could not be checked.
    mutating func release(_ source: Source) {
        sources[source]?.failures -= 1
        if !source.isLocal { network.failures -= 1 }
    }

    /// Whether `source` may try a PIN now (nothing is counted).
    func isLocked(_ source: Source, at now: Instant) -> Bool {
        (sources[source]?.isLocked(at: now) ?? false) || (!source.isLocal && network.isLocked(at: now))
    }

    /// The lock that `source` is under, if any: how long it still lasts.
    func remaining(_ source: Source, at now: Instant) -> Duration? {
        let ends = [sources[source]?.lockedUntil, source.isLocal ? nil : network.lockedUntil].compactMap { $0 }.filter { now < $0 }
        return ends.max().map { now.duration(to: $0) }
    }

    private static func admit(_ count: inout Count, limit: Int, at now: Instant, forgetAfter maximumLockout: Duration) -> Bool {
        if count.isLocked(at: now) { return false }
        if let ended = count.lockedUntil {
            // The lock is over: a fresh count, and a fresh start after a long quiet.
            if count.failures >= limit { count.failures = 0 }
            if ended + maximumLockout <= now {
                count.strikes = 0
                count.lockedUntil = nil
            }
        }
        return count.failures < limit
    }

    private static func lockIfSpent(_ count: inout Count, limit: Int, at now: Instant, lockout: Duration, maximumLockout: Duration) -> Bool {
        guard count.failures >= limit, !count.isLocked(at: now) else { return false }
        count.strikes += 1
        let doubling = min(count.strikes - 1, 20)
        let length = min(lockout * (1 << doubling), maximumLockout)
        count.lockedUntil = now + length
        return true
    }

    /// Forgets sources with nothing counted and no lock; strikes are kept
    /// while they still matter (for a `maximumLockout` after the last lock).
    private mutating func prune(at now: Instant) {
        guard sources.count >= Self.rememberedSources else { return }
        sources = sources.filter { _, count in count.failures > 0 || count.lockedUntil.map { now < $0 + maximumLockout } ?? false }
    }
}
