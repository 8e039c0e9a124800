public import Foundation
public import GRDB

/// An audit entry exactly as stored, time as its hashed text: what a gate
/// ships to the estate database, and what can be verified there with the
/// audit key alone.
public struct AuditRecord: Sendable, Equatable {
    public var sequence: Int64
    public var time: String
    public var event: AuditEvent
    public var previousHash: Data
    public var hash: Data

    public init(sequence: Int64, time: String, event: AuditEvent, previousHash: Data, hash: Data) {
        self.sequence = sequence
        self.time = time
        self.event = event
        self.previousHash = previousHash
        self.hash = hash
    }
}

extension AuditChain {
    /// Up to `limit` stored entries after `sequence`, in order.
    public static func records(in db: Database, after sequence: Int64, limit: Int) throws -> [AuditRecord] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM audit_entries WHERE sequence > ? ORDER BY sequence LIMIT ?", arguments: [sequence, limit]
        ).map { row in
            let entry = try Self.entry(row)
            return AuditRecord(sequence: entry.sequence, time: row["time"], event: entry.event, previousHash: entry.previousHash, hash: entry.hash)
        }
    }

    /// Verifies one gate's shipped chain: consecutive entries, each linked to
    /// the one before by its HMAC, the first to the genesis value (or, when
    /// the gate had purged its head before it first shipped, to the hash the
    /// first entry names).
    public func verify(records: [AuditRecord]) -> AuditVerification {
        guard let head = records.first else { return .intact(entries: 0, first: nil, last: nil) }
        var previous = head.sequence == 1 ? genesis : head.previousHash
        var expected = head.sequence
        for record in records {
            guard record.sequence == expected else {
                return .broken(sequence: expected, reason: "entry \(expected) is missing")
            }
            guard record.previousHash == previous else {
                return .broken(sequence: record.sequence, reason: "entry \(record.sequence) does not follow the entry before it")
            }
            guard link(previous: previous, sequence: record.sequence, time: record.time, event: record.event) == record.hash else {
                return .broken(sequence: record.sequence, reason: "entry \(record.sequence) was changed after it was written")
            }
            previous = record.hash
            expected += 1
        }
        return .intact(entries: records.count, first: Timestamp.parse(head.time), last: Timestamp.parse(records[records.count - 1].time))
    }
}
