import Config
import Foundation
import Gallery
import SiteReview
import TestSupport
import Testing

/// The yearly report's facts and pages, built directly from a real gallery
/// (the command is tested through the binary in ReportTests).
@Suite(.testExecutor) struct YearlyReportTests {
    static func config(_ state: String, controller: String = "Estate Office") throws -> FacegateConfig {
        try FacegateConfig(
            toml: """
                [site]
                controller = "\(controller)"
                [storage]
                state_directory = "\(state)"
                [alternatives]
                methods = ["card", "guard"]
                """, source: "facegate.toml", baseDirectory: "/tmp")
    }

    @Test func theReportCountsEnrollmentsAndWithdrawalsByPseudonymOnly_R6_R13() async throws {
        try await withBlockingSlot {
            let (gallery, _, state) = try GalleryFixtures.make()
            let names = ["李四 Li Si", "Wang Wu"]
            let receipts = try names.map { try gallery.enroll(GalleryFixtures.request(name: $0), minorsEnabled: false) }
            let withdrawn = try gallery.withdraw(receipts[0].pseudonym, actor: "office")
            let report = try YearlyReport(config: try Self.config(state), gallery: gallery, year: YearlyReport.currentYear())
            let rows = report.text.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
            #expect(rows.contains("enrolled 2"), "\(report.text)")
            #expect(rows.contains("withdrawn at their request 1"))
            #expect(rows.contains { $0.hasSuffix("\(receipts[0].pseudonym) receipt \(withdrawn.auditReceipt)") })
            #expect(report.text.contains("audit chain intact"))
            for name in names {
                #expect(!report.text.contains(name) && !report.html.contains(name), "a resident's name never appears")
            }
        }
    }

    @Test func theHTMLPageEscapesWhatTheSiteWrote() async throws {
        try await withBlockingSlot {
            let (gallery, _, state) = try GalleryFixtures.make()
            let report = try YearlyReport(
                config: try Self.config(state, controller: "Estate <script>alert(1)</script> & Co"), gallery: gallery, year: 2026)
            #expect(report.html.contains("Estate &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"))
            #expect(!report.html.contains("<script>"))
            #expect(report.start == ISO8601DateFormatter().date(from: "2026-01-01T00:00:00Z"))
            #expect(report.end == ISO8601DateFormatter().date(from: "2027-01-01T00:00:00Z"))
        }
    }

    @Test func aBrokenChainIsStatedFirst_R13() async throws {
        try await withBlockingSlot {
            let (gallery, _, state) = try GalleryFixtures.make()
            _ = try gallery.enroll(GalleryFixtures.request(), minorsEnabled: false)
            try GalleryFixtures.tamper(state, "DELETE FROM audit_entries WHERE sequence = 1")
            let report = try YearlyReport(config: try Self.config(state), gallery: gallery, year: YearlyReport.currentYear())
            #expect(report.text.split(separator: "\n")[2].hasPrefix("AUDIT CHAIN BROKEN at entry 1"), "\(report.text)")
            #expect(report.html.contains("<p class=\"broken\">AUDIT CHAIN BROKEN"))
        }
    }
}
