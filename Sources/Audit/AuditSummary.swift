public import Foundation

/// What a period's audit entries add up to, for the yearly report an estate
/// hands to a regulator: counts by kind, every withdrawal with its receipt,
/// how the alternatives were used. Pure: built from entries, no I/O.
public struct AuditSummary: Sendable, Equatable {
    /// One withdrawal or purge, as the resident's receipt names it.
    public struct Removal: Sendable, Equatable {
        public let time: Date
        public let pseudonym: String
        public let receipt: String
        public let reason: String
    }

    /// The decisions at the gate, in the order a report lists them.
    public static let decisionKinds: [AuditEvent.Kind] = [
        .match, .matchRefused, .unknown, .ambiguous, .multiFace, .spoofSuspected, .actuatorError,
    ]

    public let entries: Int
    public let counts: [AuditEvent.Kind: Int]
    public let withdrawals: [Removal]
    public let purges: [Removal]
    /// Openings by an alternative, by how (e.g. "PIN", "card reader").
    public let alternativeUses: [String: Int]

    public init(_ entries: [AuditEntry]) {
        self.entries = entries.count
        counts = entries.reduce(into: [:]) { $0[$1.event.kind, default: 0] += 1 }
        func removals(_ kind: AuditEvent.Kind) -> [Removal] {
            entries.filter { $0.event.kind == kind }.map {
                Removal(time: $0.time, pseudonym: $0.event.pseudonym ?? "-", receipt: $0.receipt, reason: $0.event.reason)
            }
        }
        withdrawals = removals(.withdraw)
        purges = removals(.purge)
        alternativeUses = entries.filter { $0.event.kind == .alternative }.reduce(into: [:]) { uses, entry in
            uses[AuditEvent.openingMethod(of: entry.event.reason) ?? entry.event.reason, default: 0] += 1
        }
    }

    public func count(_ kind: AuditEvent.Kind) -> Int { counts[kind] ?? 0 }
}
