public import Foundation
public import GRDB

/// What an audit purge removed.
public struct AuditPurge: Sendable, Equatable {
    /// How many entries were removed.
    public let removed: Int
    /// The entry the chain starts at from now on.
    public let firstKept: Int64
    /// The purge's own audit entry, which anchors the shortened chain.
    public let entry: AuditEntry
}

extension AuditChain {
    /// Lets the retention purge remove entries before the chain's anchor, and
    /// nothing else: the delete guard now spares only entries the anchor has
    /// already left behind. Registered after the gallery's v2 tables.
    public static func registerRetentionMigration(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("audit-v2-retention") { db in
            try db.execute(
                sql: """
                    DROP TRIGGER audit_entries_no_delete;
                    CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
                        WHEN OLD.sequence >= (SELECT first_sequence FROM audit_state WHERE id = 1)
                        BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
                    """)
        }
    }

    /// Removes the oldest entries, those written before `cutoff` (R7: audit
    /// entries have their own retention), and keeps the chain verifiable:
    /// the purge appends an entry naming the new first entry and the hash it
    /// follows, then moves the anchor there and deletes what lies before it.
    /// Stops at the first entry written at or after `cutoff`, so an entry
    /// stamped early by a clock jump is never removed ahead of its
    /// predecessors. Returns nil when nothing is old enough.
    public func purge(before cutoff: Date, retentionDays: Int, actor: String?, gate: String, at time: Date, in db: Database)
        throws -> AuditPurge?
    {
        let state = try Row.fetchOne(db, sql: "SELECT first_sequence, last_sequence FROM audit_state WHERE id = 1")!
        let first: Int64 = state["first_sequence"]
        let lastWritten: Int64 = state["last_sequence"]
        let firstYoung = try Int64.fetchOne(
            db, sql: "SELECT MIN(sequence) FROM audit_entries WHERE time >= ?", arguments: [Timestamp.format(cutoff)])
        let lastOld = (firstYoung ?? lastWritten + 1) - 1
        guard lastOld >= first,
            let anchor = try Data.fetchOne(db, sql: "SELECT hash FROM audit_entries WHERE sequence = ?", arguments: [lastOld])
        else { return nil }
        let reason = Self.purgeReason(
            first: first, last: lastOld, cutoff: cutoff, retentionDays: retentionDays, anchorSequence: lastOld + 1, anchor: anchor)
        let entry = try append(AuditEvent(.auditPurge, gate: gate, reason: reason, actor: actor), at: time, in: db)
        try db.execute(
            sql: "UPDATE audit_state SET first_sequence = ?, first_previous_hash = ? WHERE id = 1", arguments: [lastOld + 1, anchor])
        try db.execute(sql: "DELETE FROM audit_entries WHERE sequence <= ?", arguments: [lastOld])
        return AuditPurge(removed: Int(lastOld - first + 1), firstKept: lastOld + 1, entry: entry)
    }

    static func purgeReason(first: Int64, last: Int64, cutoff: Date, retentionDays: Int, anchorSequence: Int64, anchor: Data) -> String {
        "removed entries \(first)–\(last), written before \(Timestamp.format(cutoff)) (audit retention \(retentionDays) days); "
            + "the chain now starts at entry \(anchorSequence), after hash \(anchor.hex)"
    }

    /// The anchor the latest purge entry vouches for: the chain's first
    /// entry and the hash it follows. Read back from the entry's own
    /// (HMAC-bound) words, so the unauthenticated anchor row can be checked.
    static func vouchedAnchor(_ reason: String) -> (sequence: Int64, hash: String)? {
        guard let range = reason.range(of: "the chain now starts at entry ") else { return nil }
        let parts = reason[range.upperBound...].split(separator: ", after hash ")
        guard parts.count == 2, let sequence = Int64(parts[0]) else { return nil }
        return (sequence, String(parts[1]))
    }
}
