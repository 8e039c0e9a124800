import Audit
import Foundation
import GRDB
import Gallery
import Keys
import TestSupport
import Testing

/// The audit chain's head, anchored in keys.sqlite: cutting entries off the
/// end, or putting back an older gallery.sqlite, is named; nothing is
/// shredded for it (R13, R6).
@Suite(.testExecutor) struct AuditAnchorTests {
    /// The galleries' clock.
    let clock = TestClock()

    /// A gallery with two residents and ten audit entries, closed; its directory and key.
    func site() throws -> (String, MasterKey) {
        let (gallery, key, directory) = try GalleryFixtures.make(now: { [clock] in clock.now })
        for name in ["First Resident", "Second Resident"] { _ = try gallery.enroll(GalleryFixtures.request(name: name), minorsEnabled: false) }
        while try gallery.auditEntries().count < 10 { _ = try gallery.audit(AuditEvent(.unknown, gate: "test-gate", reason: "not recognised")) }
        return (directory, key)
    }

    func cutTail(of directory: String, keeping last: Int64) throws {
        try DatabaseQueue(path: "\(directory)/gallery.sqlite").write { db in
            let hash = try Data.fetchOne(db, sql: "SELECT hash FROM audit_entries WHERE sequence = ?", arguments: [last])!
            try db.execute(sql: "DROP TRIGGER audit_entries_no_delete")
            try db.execute(sql: "DELETE FROM audit_entries WHERE sequence > ?", arguments: [last])
            try db.execute(sql: "UPDATE audit_state SET last_sequence = ?, last_hash = ? WHERE id = 1", arguments: [last, hash])
        }
    }

    @Test func R13_entriesCutOffTheEndWithTheHeadRewrittenAreNamed() throws {
        let (gallery, _, directory) = try GalleryFixtures.make()
        for _ in 0..<10 { _ = try gallery.audit(AuditEvent(.unknown, gate: "test-gate", reason: "not recognised")) }
        try cutTail(of: directory, keeping: 5)
        #expect(
            try gallery.verifyAudit()
                == .broken(
                    sequence: 6,
                    reason: "entries 6…10 are missing from the end: the chain ends at entry 5 but entry 10 had been written (keys.sqlite's anchor)"))
    }

    @Test func R13_aGalleryWithItsTailCutIsNotOpenedAndSaysWhy() throws {
        let (directory, key) = try site()
        try cutTail(of: directory, keeping: 6)
        let error = #expect(throws: GalleryError.self) { try Gallery.open(in: directory, master: key, gate: "g") }
        #expect(error?.code == .damaged)
        #expect(
            error?.message.contains("ends at audit entry 6 but") == true && error?.message.contains("after entry 10") == true,
            "\(String(describing: error))")
    }

    /// An older gallery.sqlite put back alone (or the last transactions lost
    /// with gallery.sqlite-wal): opening it would have shredded the keys of
    /// the residents enrolled since, as crash leftovers. It is refused
    /// untouched, and the matching file opens with everyone whole.
    @Test func R6_R13_anOlderGalleryFileIsRefusedAndNoKeyIsShredded() throws {
        let (directory, key) = try site()
        let older = try Fixtures.temporaryDirectory("older") + "/gallery.sqlite"
        try FileManager.default.copyItem(atPath: "\(directory)/gallery.sqlite", toPath: older)
        do {
            let gallery = try Gallery.open(in: directory, master: key, gate: "g", now: { [clock] in clock.now })
            _ = try gallery.enroll(GalleryFixtures.request(name: "Third Resident"), minorsEnabled: false)
        }
        // Long enough for the third resident's key to pass for a crash's leftover.
        clock.advance(by: 3_600)
        let newer = try Fixtures.temporaryDirectory("newer") + "/gallery.sqlite"
        try FileManager.default.copyItem(atPath: "\(directory)/gallery.sqlite", toPath: newer)
        func storedKeys() throws -> Int {
            try DatabaseQueue(path: "\(directory)/keys.sqlite").read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM subject_keys") ?? 0 }
        }
        #expect(try storedKeys() == 3)
        try FileManager.default.removeItem(atPath: "\(directory)/gallery.sqlite")
        try FileManager.default.copyItem(atPath: older, toPath: "\(directory)/gallery.sqlite")

        let error = #expect(throws: GalleryError.self) { try Gallery.open(in: directory, master: key, gate: "g", now: { [clock] in clock.now }) }
        #expect(error?.message.contains("gallery.sqlite is older than keys.sqlite") == true, "\(String(describing: error))")
        #expect(error?.message.contains("Nothing was changed") == true)
        #expect(try storedKeys() == 3, "no key was shredded")

        try FileManager.default.removeItem(atPath: "\(directory)/gallery.sqlite")
        try FileManager.default.copyItem(atPath: newer, toPath: "\(directory)/gallery.sqlite")
        let gallery = try Gallery.open(in: directory, master: key, gate: "g", now: { [clock] in clock.now })
        #expect(try gallery.subjects().count == 3, "the third resident's key survived")
        #expect(try gallery.incompleteSubjects().isEmpty)
        guard case .intact = try gallery.verifyAudit() else {
            Issue.record("the matching pair verifies")
            return
        }
    }

    @Test func R13_anAnchorEditedWithoutTheAuditKeyIsRefused() throws {
        let (directory, key) = try site()
        try DatabaseQueue(path: "\(directory)/keys.sqlite").write { db in
            try db.execute(sql: "UPDATE audit_anchor SET sequence = 3")
        }
        let error = #expect(throws: GalleryError.self) { try Gallery.open(in: directory, master: key, gate: "g") }
        #expect(error?.message.contains("the audit anchor was changed") == true, "\(String(describing: error))")
    }
}
