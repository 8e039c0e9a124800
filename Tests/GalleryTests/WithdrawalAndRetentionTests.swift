import Audit
import Crypto
import Foundation
import GRDB
import Gallery
import Keys
import TestSupport
import Testing

/// Withdrawal is final (R6) and templates expire (R7).
@Suite(.testExecutor) struct WithdrawalAndRetentionTests {
    @Test func R6_withdrawalShredsTheKeyAndLeavesNothingDecryptableEvenInAnOldCopy() throws {
        let (gallery, master, directory) = try GalleryFixtures.make()
        let template = GalleryFixtures.randomTemplate()
        let receipt = try gallery.enroll(GalleryFixtures.request(name: "Withdrawn Resident", template: template), minorsEnabled: false)
        let keep = try gallery.enroll(GalleryFixtures.request(name: "Staying Resident"), minorsEnabled: false)
        let sealed = try DatabaseQueue(path: "\(directory)/gallery.sqlite").read { db in
            try Data.fetchOne(db, sql: "SELECT sealed FROM templates WHERE pseudonym = ?", arguments: [receipt.pseudonym])!
        }
        let wrapped = try DatabaseQueue(path: "\(directory)/keys.sqlite").read { db in
            try Data.fetchOne(db, sql: "SELECT wrapped FROM subject_keys WHERE pseudonym = ?", arguments: [receipt.pseudonym])!
        }
        // A backup taken before the withdrawal, the way SQLite backs up a live database.
        let oldCopy = try Fixtures.temporaryDirectory("old-copy")
        try DatabaseQueue(path: "\(directory)/gallery.sqlite").backup(to: DatabaseQueue(path: "\(oldCopy)/gallery.sqlite"))

        let withdrawal = try gallery.withdraw(receipt.pseudonym, actor: "operator-1")
        #expect(withdrawal.auditReceipt.hasPrefix("#"))
        #expect(try gallery.templates().map(\.pseudonym) == [keep.pseudonym])
        #expect(try gallery.subjectCount() == 1)
        let entry = try #require(try gallery.auditEntries().last)
        #expect(entry.event.kind == .withdraw && entry.event.pseudonym == receipt.pseudonym)

        // Nothing of the subject is left in any file, not in the WAL either.
        for (name, bytes) in try GalleryFixtures.allBytes(in: directory) {
            #expect(!GalleryFixtures.contains(bytes, [UInt8](sealed.prefix(48))), "\(name) still holds the sealed template")
            #expect(!GalleryFixtures.contains(bytes, [UInt8](wrapped.prefix(48))), "\(name) still holds the wrapped key")
        }
        // The old copy still has the ciphertext, but no key in the keystore opens it any more.
        try DatabaseQueue(path: "\(directory)/keys.sqlite").backup(to: DatabaseQueue(path: "\(oldCopy)/keys.sqlite"))
        // Opened with today's keys.sqlite, the old copy is refused (it is older) …
        let refusal = #expect(throws: GalleryError.self) { try Gallery.open(in: oldCopy, master: master, gate: "test-gate") }
        #expect(refusal?.message.contains("gallery.sqlite is older than keys.sqlite") == true, "\(String(describing: refusal))")
        // … and no key left anywhere opens its ciphertext.
        let remainingKeys = try DatabaseQueue(path: "\(directory)/keys.sqlite").read { db in
            try Row.fetchAll(db, sql: "SELECT pseudonym, wrapped FROM subject_keys")
        }
        for row in remainingKeys {
            let key = try #require(
                SealedBox.unwrap(
                    row["wrapped"], with: master.key, context: "facegate/subject-key/v1/\(gallery.galleryID)/\(row["pseudonym"] as String)"))
            let context = "facegate/template/v1/\(receipt.pseudonym)/\(String(repeating: "0b", count: 32))"
            #expect(SealedBox.open(sealed, with: key, context: context) == nil)
        }
    }

    @Test func R6_withdrawingAnUnknownPseudonymChangesNothing() throws {
        let (gallery, _, _) = try GalleryFixtures.make()
        _ = try gallery.enroll(GalleryFixtures.request(), minorsEnabled: false)
        let before = try gallery.auditEntries().count
        let error = #expect(throws: GalleryError.self) { try gallery.withdraw("s-aaaaaaaaaaaaaaaa", actor: "op") }
        #expect(error?.code == .unknownSubject)
        #expect(try gallery.auditEntries().count == before)
        #expect(try gallery.subjectCount() == 1)
    }

    @Test func R7_expiredTemplatesArePurgedWithAnAuditEntryEach() throws {
        let clock = TestClock()
        let (gallery, _, _) = try GalleryFixtures.make(now: { clock.now })
        let short = try gallery.enroll(GalleryFixtures.request(expires: clock.now.addingTimeInterval(86_400)), minorsEnabled: false)
        let long = try gallery.enroll(GalleryFixtures.request(expires: clock.now.addingTimeInterval(86_400 * 30)), minorsEnabled: false)
        #expect(try gallery.purgeExpired(actor: "op").isEmpty)
        clock.advance(by: 2 * 86_400)
        let purged = try gallery.purgeExpired(actor: "daily purge")
        #expect(purged.map(\.pseudonym) == [short.pseudonym])
        #expect(try gallery.templates().map(\.pseudonym) == [long.pseudonym])
        let entry = try #require(try gallery.auditEntries().last)
        #expect(entry.event.kind == .purge && entry.event.reason == "retention period ended")
        clock.advance(by: 60 * 86_400)
        #expect(try gallery.purgeExpired(actor: "op").count == 1)
        #expect(try gallery.subjectCount() == 0)
    }
}
