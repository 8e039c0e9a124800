public import Foundation

/// What is known of a confirmed subject at the moment the gate would open.
public struct SubjectStanding: Sendable, Equatable {
    public var active: Bool
    public var expires: Date
    public var isMinor: Bool

    public init(active: Bool, expires: Date, isMinor: Bool) {
        self.active = active
        self.expires = expires
        self.isMinor = isMinor
    }
}

/// The last word before the gate opens for a confirmed face (pure): the
/// subject must still be enrolled and unexpired (R6, R7), a minor only where
/// the site enables minors (R5), and the same subject is not let through
/// again within the cooldown (one walk-through, one opening). The cooldown
/// remembers pseudonyms only, and only for the cooldown itself.
public struct GatePolicy: Sendable {
    public enum Verdict: Sendable, Equatable {
        case open
        case refuse(String)
        /// Opened for this subject moments ago; nothing to do, nothing to audit twice.
        case coolingDown
    }

    public var minorsEnabled: Bool
    public var cooldown: TimeInterval
    private var lastOpened: [String: Date] = [:]

    public init(minorsEnabled: Bool, cooldown: TimeInterval) {
        self.minorsEnabled = minorsEnabled
        self.cooldown = cooldown
    }

    public mutating func decide(_ subject: String, standing: SubjectStanding?, mode: OperatingMode, now: Date) -> Verdict {
        // An opening "in the future" means the clock was set back: forget
        // it, or the resident would wait out the jump as well as the cooldown.
        lastOpened = lastOpened.filter { (0..<cooldown).contains(now.timeIntervalSince($0.value)) }
        guard mode.allowsFace else { return .refuse("face entry is off: \(mode)") }
        guard let standing, standing.active else { return .refuse("no longer enrolled") }
        guard standing.expires > now else { return .refuse("retention period ended") }
        guard !standing.isMinor || minorsEnabled else { return .refuse("minors are not enabled at this site") }
        if lastOpened[subject] != nil { return .coolingDown }
        lastOpened[subject] = now
        return .open
    }

    /// The gate was not opened after `.open` after all (a liveness sensor
    /// said no): no cooldown, so the resident may try again at once.
    public mutating func withdrawOpening(for subject: String) {
        lastOpened[subject] = nil
    }
}
