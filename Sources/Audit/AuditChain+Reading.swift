public import Foundation
public import GRDB

/// The result of walking the chain.
public enum AuditVerification: Sendable, Equatable {
    /// Every entry is where it should be and unchanged.
    case intact(entries: Int, first: Date?, last: Date?)
    /// The first entry that does not verify, and why.
    case broken(sequence: Int64, reason: String)
}

extension AuditChain {
    /// Walks every entry from the chain's start and names the first one that
    /// was edited, removed, inserted or reordered, or a cut-off tail.
    public func verify(in db: Database) throws -> AuditVerification {
        let state = try Row.fetchOne(db, sql: "SELECT * FROM audit_state WHERE id = 1")!
        var expectedSequence: Int64 = state["first_sequence"]
        var previous: Data = (state["first_previous_hash"] as Data?) ?? genesis
        let anchoredAt = expectedSequence, anchor = state["first_previous_hash"] as Data?
        var vouched: (sequence: Int64, hash: String)?
        var count = 0
        var first: Date?
        var last: Date?
        let rows = try Row.fetchCursor(db, sql: "SELECT * FROM audit_entries ORDER BY sequence")
        while let row = try rows.next() {
            let entry = try Self.entry(row)
            guard entry.sequence == expectedSequence else {
                return .broken(sequence: expectedSequence, reason: "entry \(expectedSequence) is missing")
            }
            guard entry.previousHash == previous else {
                return .broken(sequence: entry.sequence, reason: "entry \(entry.sequence) does not follow the entry before it")
            }
            let timeText: String = row["time"]
            guard link(previous: previous, sequence: entry.sequence, time: timeText, event: entry.event) == entry.hash else {
                return .broken(sequence: entry.sequence, reason: "entry \(entry.sequence) was changed after it was written")
            }
            if entry.event.kind == .auditPurge { vouched = Self.vouchedAnchor(entry.event.reason) }
            previous = entry.hash
            expectedSequence += 1
            count += 1
            first = first ?? entry.time
            last = entry.time
        }
        let lastSequence: Int64 = state["last_sequence"]
        guard expectedSequence - 1 == lastSequence, (state["last_hash"] as Data?) ?? genesis == previous else {
            return .broken(
                sequence: expectedSequence,
                reason: "the chain ends at entry \(expectedSequence - 1) but \(lastSequence) were written (entries removed from the end)")
        }
        if anchoredAt != 1 || anchor != nil {
            guard let vouched, vouched.sequence == anchoredAt, vouched.hash == anchor?.hex else {
                return .broken(
                    sequence: anchoredAt,
                    reason: "the chain starts at entry \(anchoredAt) but no audited retention purge removed the entries before it")
            }
        }
        return .intact(entries: count, first: first, last: last)
    }

    /// Entries in order, optionally only those from `since` up to `until`.
    public static func entries(in db: Database, since: Date? = nil, until: Date? = nil) throws -> [AuditEntry] {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let since {
            conditions.append("time >= ?")
            arguments.append(Timestamp.format(since))
        }
        if let until {
            conditions.append("time < ?")
            arguments.append(Timestamp.format(until))
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try Row.fetchAll(
            db, sql: "SELECT * FROM audit_entries \(filter) ORDER BY sequence", arguments: StatementArguments(arguments)
        ).map(entry)
    }

    /// The number of entries stored.
    public static func count(in db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_entries") ?? 0
    }

    static func entry(_ row: Row) throws -> AuditEntry {
        let time: String = row["time"]
        return AuditEntry(
            sequence: row["sequence"],
            time: Timestamp.parse(time) ?? .distantPast,
            event: AuditEvent(
                AuditEvent.Kind(rawValue: row["event"]), gate: row["gate"], pseudonym: row["pseudonym"],
                scoreBand: row["score_band"], reason: row["reason"], actor: row["actor"]),
            previousHash: row["previous_hash"],
            hash: row["hash"])
    }
}
