/// The failed liveness challenges of each resident, by pseudonym, and whose
/// face entry is paused because of them (R21, `LivenessChallenge.TryLimit`).
/// Pure and in memory: a restart forgets it, which only gives a recording
/// the few tries a limit allows again (and its pauses start short again);
/// times are the caller's clock.
public struct ChallengeFailures: Sendable, Equatable {
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.limit == rhs.limit && lhs.failures == rhs.failures
            && lhs.paused.mapValues { [$0.until, $0.length] } == rhs.paused.mapValues { [$0.until, $0.length] }
    }

    public let limit: LivenessChallenge.TryLimit
    private var failures: [String: [Double]] = [:]
    /// Until when each resident's last pause lasts, and how long it was.
    private var paused: [String: (until: Double, length: Double)] = [:]

    public init(limit: LivenessChallenge.TryLimit) {
        self.limit = limit
    }

    /// Counts a failed challenge of `subject` at `now`; true when it is the
    /// one that pauses their face entry.
    public mutating func record(_ subject: String, at now: Double) -> Bool {
        guard !isPaused(subject, at: now) else { return false }
        let recent = (failures[subject] ?? []).filter { now - $0 < limit.windowSeconds } + [now]
        guard recent.count >= limit.failures else {
            failures[subject] = recent
            return false
        }
        failures[subject] = nil
        let previous = paused[subject]
        let length = limit.pause(after: previous?.length, endedAgo: previous.map { now - $0.until } ?? .infinity)
        paused[subject] = (now + length, length)
        return true
    }

    /// Whether `subject`'s face entry is paused at `now`.
    public func isPaused(_ subject: String, at now: Double) -> Bool {
        paused[subject].map { now < $0.until } ?? false
    }

    /// Seconds until `subject`'s face entry resumes; 0 when it is not paused.
    public func remainingPause(of subject: String, at now: Double) -> Double {
        paused[subject].map { max(0, $0.until - now) } ?? 0
    }
}
