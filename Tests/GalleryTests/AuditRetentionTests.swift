import Audit
import Foundation
import GRDB
import Gallery
import TestSupport
import Testing

/// Audit entries have their own retention (R7): the oldest go after
/// `retention.audit_days`, and what stays still verifies (R13) — while a head
/// cut off by anyone but the audited purge is named.
@Suite(.testExecutor) struct AuditRetentionTests {
    static let day: TimeInterval = 86_400

    /// Four entries, then 1 096 days later two more.
    static func aged() throws -> (Gallery, String, TestClock) {
        let clock = TestClock()
        let (gallery, _, directory) = try GalleryFixtures.make(now: { clock.now })
        let old = try gallery.enroll(GalleryFixtures.request(name: "Old Resident"), minorsEnabled: false)
        _ = try gallery.audit(AuditEvent(.match, gate: "test-gate", pseudonym: old.pseudonym, scoreBand: "0.8–0.9", reason: "2 of 3 frames"))
        _ = try gallery.audit(AuditEvent(.unknown, gate: "test-gate", reason: "not recognised"))
        _ = try gallery.withdraw(old.pseudonym, actor: "op")
        clock.advance(by: 1_096 * Self.day)
        _ = try gallery.audit(AuditEvent(.alternative, gate: "test-gate", reason: AuditEvent.openingReason(by: "PIN")))
        _ = try gallery.audit(AuditEvent(.unknown, gate: "test-gate", reason: "not recognised"))
        return (gallery, directory, clock)
    }

    @Test func R7_entriesPastTheirRetentionAreRemovedAndTheRestStillVerifies() throws {
        let (gallery, directory, _) = try Self.aged()
        let purge = try #require(try gallery.purgeAudit(retentionDays: 1_095, actor: "op"))
        #expect(purge.removed == 4 && purge.firstKept == 5)
        #expect(try gallery.auditEntries().map(\.sequence) == [5, 6, 7])
        #expect(try gallery.auditEntries().map(\.event.kind) == [.alternative, .unknown, .auditPurge])
        #expect(purge.entry.event.reason.contains("removed entries 1–4"))
        guard case .intact(let entries, _, _) = try gallery.verifyAudit() else {
            Issue.record("the shortened chain must verify: \(try gallery.verifyAudit())")
            return
        }
        #expect(entries == 3)
        #expect(try gallery.purgeAudit(retentionDays: 1_095, actor: "op") == nil, "nothing else is old enough")
        // secure_delete: the removed entries' words are gone from every file.
        for (name, bytes) in try GalleryFixtures.allBytes(in: directory) {
            #expect(!GalleryFixtures.contains(bytes, Array("2 of 3 frames".utf8)), "\(name) still holds a purged entry")
        }
    }

    @Test func R7_aSecondPurgeYearsLaterStillLeavesAVerifiableChain() throws {
        let (gallery, _, clock) = try Self.aged()
        _ = try gallery.purgeAudit(retentionDays: 1_095, actor: "op")
        clock.advance(by: 1_096 * Self.day)
        _ = try gallery.audit(AuditEvent(.unknown, gate: "test-gate", reason: "not recognised"))
        let second = try #require(try gallery.purgeAudit(retentionDays: 1_095, actor: "op"))
        #expect(second.removed == 3 && second.firstKept == 8)
        #expect(try gallery.auditEntries().map(\.event.kind) == [.unknown, .auditPurge])
        #expect(
            try gallery.verifyAudit()
                == .intact(
                    entries: 2, first: try gallery.auditEntries().first?.time, last: try gallery.auditEntries().last?.time))
    }

    @Test func R7_anEntryStampedEarlyByAClockJumpIsNotRemovedAheadOfOlderOnes() throws {
        let clock = TestClock()
        let (gallery, _, _) = try GalleryFixtures.make(now: { clock.now })
        _ = try gallery.audit(AuditEvent(.unknown, gate: "test-gate", reason: "before the jump"))
        clock.advance(by: 1_100 * Self.day)
        _ = try gallery.audit(AuditEvent(.unknown, gate: "test-gate", reason: "young"))
        clock.advance(by: -1_099 * Self.day)
        _ = try gallery.audit(AuditEvent(.unknown, gate: "test-gate", reason: "clock went back"))
        clock.advance(by: 1_099 * Self.day)
        let purge = try #require(try gallery.purgeAudit(retentionDays: 1_095, actor: nil))
        #expect(purge.removed == 1, "only the head, up to the first young entry")
        #expect(try gallery.auditEntries().map(\.event.reason).prefix(2) == ["young", "clock went back"])
    }

    @Test func R13_aHeadCutOffWithoutTheAuditedPurgeIsNamed() throws {
        let (gallery, directory, _) = try Self.aged()
        try DatabaseQueue(path: "\(directory)/gallery.sqlite").write { db in
            let hash = try Data.fetchOne(db, sql: "SELECT hash FROM audit_entries WHERE sequence = 2")!
            try db.execute(sql: "UPDATE audit_state SET first_sequence = 3, first_previous_hash = ? WHERE id = 1", arguments: [hash])
            try db.execute(sql: "DELETE FROM audit_entries WHERE sequence <= 2")
        }
        #expect(
            try gallery.verifyAudit()
                == .broken(
                    sequence: 3, reason: "the chain starts at entry 3 but no audited retention purge removed the entries before it"))
    }

    @Test func R13_cuttingFurtherThanTheAuditedPurgeIsNamed() throws {
        let (gallery, directory, _) = try Self.aged()
        _ = try gallery.purgeAudit(retentionDays: 1_095, actor: "op")
        try DatabaseQueue(path: "\(directory)/gallery.sqlite").write { db in
            let hash = try Data.fetchOne(db, sql: "SELECT hash FROM audit_entries WHERE sequence = 5")!
            try db.execute(sql: "UPDATE audit_state SET first_sequence = 6, first_previous_hash = ? WHERE id = 1", arguments: [hash])
            try db.execute(sql: "DELETE FROM audit_entries WHERE sequence = 5")
        }
        #expect(
            try gallery.verifyAudit()
                == .broken(
                    sequence: 6, reason: "the chain starts at entry 6 but no audited retention purge removed the entries before it"))
    }

    @Test func R13_theGuardStillRefusesDeletingAnEntryTheAnchorHasNotPassed() throws {
        let (gallery, directory, _) = try Self.aged()
        _ = try gallery.purgeAudit(retentionDays: 1_095, actor: "op")
        #expect(throws: DatabaseError.self) {
            try DatabaseQueue(path: "\(directory)/gallery.sqlite").write { db in
                try db.execute(sql: "DELETE FROM audit_entries WHERE sequence = 6")
            }
        }
    }
}
