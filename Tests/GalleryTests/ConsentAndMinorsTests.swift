import Audit
import Crypto
import Foundation
import GRDB
import Gallery
import TestSupport
import Testing

/// No template without a complete, separate consent (R3); minors only with a
/// guardian and only where the site enables them (R5).
@Suite(.testExecutor) struct ConsentAndMinorsTests {
    @Test func R3_noTemplateWithoutACompleteConsentRecord() throws {
        let (gallery, _, directory) = try GalleryFixtures.make()
        var request = GalleryFixtures.request()
        request.consent.noticeSHA256 = ""
        let error = #expect(throws: GalleryError.self) { try gallery.enroll(request, minorsEnabled: false) }
        #expect(error?.code == .refused)
        request = GalleryFixtures.request()
        request.consent.operatorName = ""
        #expect(throws: GalleryError.self) { try gallery.enroll(request, minorsEnabled: false) }
        request = GalleryFixtures.request()
        request.consent.method = .paperForm(reference: " ")
        #expect(throws: GalleryError.self) { try gallery.enroll(request, minorsEnabled: false) }
        #expect(try gallery.subjectCount() == 0)
        let keys = try DatabaseQueue(path: "\(directory)/keys.sqlite").read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM subject_keys")
        }
        #expect(keys == 0, "a refused enrollment leaves no key behind")
    }

    @Test func R3_consentRecordKeepsNoticeHashPurposeMethodOperatorAndTime() throws {
        let (gallery, _, directory) = try GalleryFixtures.make()
        var request = GalleryFixtures.request()
        request.consent.method = .paperForm(reference: "F-2026-0042")
        let receipt = try gallery.enroll(request, minorsEnabled: false)
        let row = try #require(
            try DatabaseQueue(path: "\(directory)/gallery.sqlite").read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM consents WHERE pseudonym = ?", arguments: [receipt.pseudonym])
            })
        #expect(row["notice_version"] == "2026-11")
        #expect(row["notice_sha256"] == String(repeating: "ab", count: 32))
        #expect(row["purpose"] == "gate entry")
        #expect(row["language"] == "zh-CN")
        #expect(row["method"] == "paper-form")
        #expect(row["form_reference"] == "F-2026-0042")
        #expect(row["operator"] == "operator-1")
        #expect((row["consented_at"] as String).hasPrefix("20"))
        let audit = try gallery.auditEntries().last
        #expect(audit?.event.kind == .enroll)
        #expect(audit?.event.reason.contains("paper form F-2026-0042") == true)
    }

    @Test func R5_minorsNeedAGuardianAndASiteThatEnablesThem() throws {
        let (gallery, _, directory) = try GalleryFixtures.make()
        let guardian = Guardian(name: "王芳 Wang Fang", relation: "mother")
        let disabled = #expect(throws: GalleryError.self) {
            try gallery.enroll(GalleryFixtures.request(isMinor: true, guardian: guardian), minorsEnabled: false)
        }
        #expect(disabled?.message.contains("minors_enabled") == true)
        let noGuardian = #expect(throws: GalleryError.self) {
            try gallery.enroll(GalleryFixtures.request(isMinor: true), minorsEnabled: true)
        }
        #expect(noGuardian?.message.contains("guardian") == true)
        #expect(try gallery.subjectCount() == 0)
        let receipt = try gallery.enroll(GalleryFixtures.request(isMinor: true, guardian: guardian), minorsEnabled: true)
        #expect(try gallery.subjects().first?.isMinor == true)
        let row = try #require(
            try DatabaseQueue(path: "\(directory)/gallery.sqlite").read { db in
                try Row.fetchOne(
                    db, sql: "SELECT guardian_sealed, guardian_relation FROM consents WHERE pseudonym = ?", arguments: [receipt.pseudonym])
            })
        #expect(row["guardian_relation"] == "mother")
        #expect((row["guardian_sealed"] as Data?)?.isEmpty == false)
        for (_, bytes) in try GalleryFixtures.allBytes(in: directory) {
            #expect(!GalleryFixtures.contains(bytes, Array("Wang Fang".utf8)), "the guardian's name is stored encrypted")
        }
    }
}
