import Audit
import Crypto
import Foundation
import GRDB
import Gallery
import TestSupport
import Testing

/// Every admin action is audited, without biometrics, in a chain that names
/// the first entry anyone changed (R13, R20).
@Suite(.testExecutor) struct AuditChainTests {
    static func populated() throws -> (Gallery, String, [Float]) {
        let (gallery, _, directory) = try GalleryFixtures.make()
        let template = GalleryFixtures.randomTemplate()
        let first = try gallery.enroll(GalleryFixtures.request(name: "李四 Li Si", template: template), minorsEnabled: false)
        _ = try gallery.enroll(GalleryFixtures.request(), minorsEnabled: false)
        _ = try gallery.withdraw(first.pseudonym, actor: "op")
        _ = try gallery.audit(AuditEvent(.match, gate: "test-gate", pseudonym: "s-x", scoreBand: ScoreBand.of(0.71), reason: "2 of 3 frames"))
        return (gallery, directory, template)
    }

    @Test func R13_intactChainVerifiesAndHoldsNoBiometricsOrNames() throws {
        let (gallery, directory, template) = try Self.populated()
        guard case .intact(let entries, _, _) = try gallery.verifyAudit() else {
            Issue.record("chain should verify")
            return
        }
        #expect(entries == 4)
        #expect(try gallery.auditEntries().map(\.event.kind) == [.enroll, .enroll, .withdraw, .match])
        #expect(try gallery.auditEntries().last?.event.scoreBand == "0.7–0.8")
        let rows = try DatabaseQueue(path: "\(directory)/gallery.sqlite").read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_entries")
        }
        let text = rows.map { $0.description }.joined()
        #expect(!text.contains("Li Si") && !text.contains("李四"))
        let dump = rows.flatMap { row in
            row.columnNames.compactMap { Data.fromDatabaseValue(row[$0] as DatabaseValue).map([UInt8].init) }.joined()
        }
        #expect(!GalleryFixtures.contains(dump, Array(GalleryFixtures.clearBytes(template).prefix(16))))
    }

    @Test func R13_anEditedEntryIsNamed() throws {
        let (gallery, directory, _) = try Self.populated()
        try GalleryFixtures.tamper(directory, "UPDATE audit_entries SET reason = 'nothing happened' WHERE sequence = 3")
        #expect(try gallery.verifyAudit() == .broken(sequence: 3, reason: "entry 3 was changed after it was written"))
    }

    @Test func R13_aRemovedEntryOrACutTailIsNamed() throws {
        let (gallery, directory, _) = try Self.populated()
        try GalleryFixtures.tamper(directory, "DELETE FROM audit_entries WHERE sequence = 2")
        #expect(try gallery.verifyAudit() == .broken(sequence: 2, reason: "entry 2 is missing"))
        let (other, otherDirectory, _) = try Self.populated()
        try GalleryFixtures.tamper(otherDirectory, "DELETE FROM audit_entries WHERE sequence = 4")
        guard case .broken(let sequence, let reason) = try other.verifyAudit() else {
            Issue.record("a cut tail must be detected")
            return
        }
        #expect(sequence == 4 && reason.contains("removed from the end"))
    }

    @Test func R13_entriesCannotBeUpdatedOrDeletedThroughSQLite() throws {
        let (_, directory, _) = try Self.populated()
        let queue = try DatabaseQueue(path: "\(directory)/gallery.sqlite")
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "UPDATE audit_entries SET reason = 'x'") } }
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "DELETE FROM audit_entries") } }
    }

    @Test func R19_subjectCountForTheFilingThreshold() throws {
        let (gallery, _, _) = try GalleryFixtures.make()
        for index in 0..<7 { _ = try gallery.enroll(GalleryFixtures.request(unit: "\(index)"), minorsEnabled: false) }
        #expect(try gallery.subjectCount() == 7)
        _ = try gallery.withdraw(try gallery.subjects()[0].pseudonym, actor: "op")
        #expect(try gallery.subjectCount() == 6)
    }
}
