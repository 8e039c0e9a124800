import Audit
import Crypto
import Foundation
import GRDB
import TestSupport
import Testing

/// The audit chain on its own SQLite file (R13): what is appended verifies,
/// any edit, removal or foreign key is named at the first entry it breaks,
/// and a retention purge keeps what remains verifiable.
@Suite(.testExecutor) struct AuditChainTests {
    static let start = Date(timeIntervalSince1970: 2_000_000_000)

    /// A fresh database file with the audit tables and `count` entries, an hour apart.
    static func chain(_ count: Int, key: SymmetricKey = SymmetricKey(size: .bits256)) throws -> (DatabaseQueue, AuditChain) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("facegate-audit-\(UUID().uuidString).sqlite").path
        let queue = try DatabaseQueue(path: path)
        var migrator = DatabaseMigrator()
        AuditChain.registerMigrations(in: &migrator)
        AuditChain.registerRetentionMigration(in: &migrator)
        try migrator.migrate(queue)
        let chain = AuditChain(key: key, galleryID: "gallery-1")
        try queue.write { db in
            for index in 0..<count {
                let event = AuditEvent(index.isMultiple(of: 2) ? .match : .alternative, gate: "gate-1", reason: "entry \(index + 1)")
                try chain.append(event, at: start.addingTimeInterval(Double(index) * 3_600), in: db)
            }
        }
        return (queue, chain)
    }

    /// Changes the stored rows behind the triggers' back, as an attacker with the file would.
    static func tamper(_ queue: DatabaseQueue, _ sql: String) throws {
        try queue.write { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS audit_entries_no_update; DROP TRIGGER IF EXISTS audit_entries_no_delete")
            try db.execute(sql: sql)
        }
    }

    @Test func appendedEntriesVerifyAndTheTableRefusesEdits_R13() async throws {
        try await withBlockingSlot {
            let (queue, chain) = try Self.chain(5)
            let verified = try queue.read { try chain.verify(in: $0) }
            #expect(verified == .intact(entries: 5, first: Self.start, last: Self.start.addingTimeInterval(4 * 3_600)))
            #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "UPDATE audit_entries SET reason = 'x'") } }
            #expect(try queue.read { try AuditChain.entries(in: $0).map(\.event.reason) } == (1...5).map { "entry \($0)" })
        }
    }

    @Test func anEditARemovalOrAnotherKeyIsNamedAtTheFirstBrokenEntry_R13() async throws {
        try await withBlockingSlot {
            let (edited, chain) = try Self.chain(5)
            try Self.tamper(edited, "UPDATE audit_entries SET reason = 'nothing happened' WHERE sequence = 3")
            guard case .broken(sequence: 3, _) = try edited.read({ try chain.verify(in: $0) }) else {
                Issue.record("an edited entry 3 was not found")
                return
            }
            let (removed, removedChain) = try Self.chain(5)
            try Self.tamper(removed, "DELETE FROM audit_entries WHERE sequence = 2")
            #expect(try removed.read { try removedChain.verify(in: $0) } == .broken(sequence: 2, reason: "entry 2 is missing"))

            let (queue, _) = try Self.chain(3)
            let stranger = AuditChain(key: SymmetricKey(size: .bits256), galleryID: "gallery-1")
            guard case .broken(sequence: 1, _) = try queue.read({ try stranger.verify(in: $0) }) else {
                Issue.record("a chain verified under a key that did not write it")
                return
            }
        }
    }

    @Test func aPurgeRemovesOnlyOldEntriesAndTheRestStillVerifies_R7_R13() async throws {
        try await withBlockingSlot {
            let (queue, chain) = try Self.chain(6)
            let cutoff = Self.start.addingTimeInterval(2.5 * 3_600)
            let purge = try queue.write { db in
                try chain.purge(
                    before: cutoff, retentionDays: 1_095, actor: nil, gate: "gate-1", at: Self.start.addingTimeInterval(7 * 3_600), in: db)
            }
            #expect(purge?.removed == 3 && purge?.firstKept == 4)
            let remaining = try queue.read { try AuditChain.entries(in: $0) }
            #expect(remaining.map(\.sequence) == [4, 5, 6, 7] && remaining.last?.event.kind == .auditPurge)
            guard case .intact(entries: 4, _, _) = try queue.read({ try chain.verify(in: $0) }) else {
                Issue.record("the chain no longer verifies after a purge")
                return
            }
            #expect(try queue.write { try chain.purge(before: cutoff, retentionDays: 1_095, actor: nil, gate: "g", at: Self.start, in: $0) } == nil)
        }
    }
}
