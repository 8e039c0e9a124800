import Foundation

/// One thing that happened, as the audit log records it (R13): when, at which
/// gate, what, for which pseudonymous subject, in which score band and why.
/// Never a name, an image or an embedding: the fields have no room for them.
public struct AuditEvent: Sendable, Equatable {
    /// What happened; an open set of stable names so later kinds need no migration.
    public struct Kind: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let keygen = Kind(rawValue: "keygen")
        public static let enroll = Kind(rawValue: "enroll")
        public static let withdraw = Kind(rawValue: "withdraw")
        public static let purge = Kind(rawValue: "purge")
        public static let rekey = Kind(rawValue: "rekey")
        public static let match = Kind(rawValue: "match")
        public static let matchRefused = Kind(rawValue: "match-refused")
        public static let unknown = Kind(rawValue: "unknown")
        public static let ambiguous = Kind(rawValue: "ambiguous")
        public static let multiFace = Kind(rawValue: "multi-face")
        public static let spoofSuspected = Kind(rawValue: "spoof-suspected")
        /// A resident's face entry paused after failed liveness challenges (R21).
        public static let facePaused = Kind(rawValue: "face-paused")
        public static let alternative = Kind(rawValue: "alternative")
        public static let alternativeRefused = Kind(rawValue: "alternative-refused")
        public static let actuatorError = Kind(rawValue: "actuator-error")
        public static let modeChange = Kind(rawValue: "mode-change")
        public static let configReload = Kind(rawValue: "config-reload")
        public static let startup = Kind(rawValue: "startup")
        public static let shutdown = Kind(rawValue: "shutdown")
        public static let piaRecord = Kind(rawValue: "pia-record")
        public static let auditPurge = Kind(rawValue: "audit-purge")
        public static let pinAdded = Kind(rawValue: "pin-added")
        public static let pinRemoved = Kind(rawValue: "pin-removed")
        /// A web-console operator added; changed (new password, unlocked, removed); signed in; locked by wrong passwords.
        public static let operatorAdded = Kind(rawValue: "operator-added")
        public static let operatorChanged = Kind(rawValue: "operator-changed")
        public static let operatorSignIn = Kind(rawValue: "operator-sign-in")
        public static let operatorLocked = Kind(rawValue: "operator-locked")
        /// Audit entries taken away from the console (who, how many, which format).
        public static let auditExport = Kind(rawValue: "audit-export")
        /// Enrollments made at the estate office, applied to this gate's copy.
        public static let estateSync = Kind(rawValue: "estate-sync")
        /// Refusals that came faster than the audit writes them one by one, counted in one entry.
        public static let refusalsSummarised = Kind(rawValue: "refusals-summarised")
    }

    public var kind: Kind
    public var gate: String
    public var pseudonym: String?
    public var scoreBand: String?
    public var reason: String
    /// Who did it, for admin actions (an operator's login name), else nil.
    public var actor: String?

    public init(
        _ kind: Kind, gate: String, pseudonym: String? = nil, scoreBand: String? = nil, reason: String,
        actor: String? = nil
    ) {
        self.kind = kind
        self.gate = gate
        self.pseudonym = pseudonym
        self.scoreBand = scoreBand
        self.reason = reason
        self.actor = actor
    }
}

/// A cosine score reduced to a band of 0.1, which is all the audit keeps:
/// enough to review a decision, too coarse to be a biometric.
public enum ScoreBand {
    public static func of(_ score: Float) -> String {
        let clamped = min(max(score, -1), 1)
        let low = (clamped * 10).rounded(.down) / 10
        return low >= 1 ? "1.0" : String(format: "%.1f–%.1f", low, low + 0.1)
    }
}

extension AuditEvent {
    private static let openingPrefix = "gate told to open by "

    /// The reason an alternative's opening is audited with. Written before
    /// the pulse, so a crash between the two never leaves an opening
    /// unaudited; an `actuator-error` entry follows when the gate then fails.
    public static func openingReason(by method: String) -> String { openingPrefix + method }

    /// The method an opening reason names ("PIN", "card reader"), else nil.
    public static func openingMethod(of reason: String) -> String? {
        reason.hasPrefix(openingPrefix) ? String(reason.dropFirst(openingPrefix.count)) : nil
    }
}
