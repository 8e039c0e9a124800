import Audit
import Foundation
import Gallery
import Keys
import TestSupport
import Testing

/// `facegate report`: the yearly summary a regulator reads adds up what the
/// audit recorded, lists every withdrawal's receipt, names no one, and
/// prints as a page.
@Suite(.testExecutor) struct ReportTests {
    static let year = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date()).year!

    /// A site with two residents (one withdrawn), an assessment and a few decisions.
    static func site() throws -> (SiteFixture, receipt: String) {
        let site = try SiteFixture()
        #expect(try site.run(["pia", "record", "--id", "PIA-REPORT", "--assessor", "auditor", "--date", "2026-11-01"], models: true).status == 0)
        #expect(try site.enroll(name: "赵六 Zhao Liu", unit: "8-808", photos: [try Fixtures.photo("Male_24_10_1.jpg")]).status == 0)
        #expect(try site.enroll(name: "Stays Here", unit: "9-909", photos: [try Fixtures.photo("Female_40-2_1.jpg")]).status == 0)
        let withdrawn = try site.run(["withdraw", "--name", "赵六 Zhao Liu", "--unit", "8-808", "--yes"])
        #expect(withdrawn.status == 0, "\(withdrawn.stderr)")
        let gallery = try Gallery.open(in: site.stateDirectory, master: MasterKey.load(keyFile: "\(site.folder)/master.key"), gate: "north-gate")
        let stays = try #require(try gallery.subjects().first?.pseudonym)
        for event in [
            AuditEvent(.match, gate: "north-gate", pseudonym: stays, scoreBand: "0.8–0.9", reason: "gate told to open; 2 of 3 frames"),
            AuditEvent(.match, gate: "north-gate", pseudonym: stays, scoreBand: "0.9–1.0", reason: "gate told to open; 2 of 3 frames"),
            AuditEvent(.unknown, gate: "north-gate", reason: "not recognised"),
            AuditEvent(.spoofSuspected, gate: "north-gate", pseudonym: stays, reason: "frozen picture"),
            AuditEvent(.alternative, gate: "north-gate", pseudonym: stays, reason: AuditEvent.openingReason(by: "PIN")),
            AuditEvent(.alternative, gate: "north-gate", reason: AuditEvent.openingReason(by: "card reader")),
            AuditEvent(.alternative, gate: "north-gate", reason: AuditEvent.openingReason(by: "card reader")),
            AuditEvent(.alternativeRefused, gate: "north-gate", reason: "wrong PIN"),
        ] { try gallery.audit(event) }
        let receipt = try #require(try gallery.auditEntries().first { $0.event.kind == .withdraw }?.receipt)
        return (site, receipt)
    }

    @Test func R6_R13_theTextReportAddsUpTheYearAndListsEveryReceiptWithoutANameOrBiometric() async throws {
        try await withBlockingSlot {
            let (site, receipt) = try Self.site()
            let report = try site.run(["report", "--year", "\(Self.year)"])
            #expect(report.status == 0, "\(report.stderr)")
            let text = report.stdout
            func row(_ label: String) -> String? {
                text.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label + "  ") }
                    .map { $0.split(separator: " ").last.map(String.init) ?? "" }
            }
            #expect(text.hasPrefix("facegate yearly report — north-gate, \(Self.year)"))
            #expect(text.contains("audit chain intact"))
            #expect(row("enrolled") == "2")
            #expect(row("withdrawn at their request") == "1")
            #expect(row("opened by face") == "2")
            #expect(row("not recognised") == "1")
            #expect(row("photo or screen suspected") == "1")
            #expect(row("opened by card reader") == "2")
            #expect(row("opened by PIN") == "1")
            #expect(row("refused (wrong PIN, locked pad, bad controller token)") == "1")
            #expect(text.contains("1 (below the CAC filing threshold of 100000)"), "one resident stored now")
            #expect(text.contains("PIA-REPORT (latest)"))
            #expect(text.contains("receipt \(receipt)"), "the withdrawal's receipt is listed")
            #expect(!text.contains("Zhao Liu") && !text.contains("赵六") && !text.contains("Stays Here"), "no name in the report")

            let lastYear = try site.run(["report", "--year", "\(Self.year - 1)"]).stdout
            #expect(lastYear.split(separator: "\n").contains { $0.hasPrefix("  enrolled") && $0.hasSuffix(" 0") }, "another year counts nothing")
        }
    }

    @Test func R13_theHTMLReportPrintsAsAPageAndABrokenChainIsStatedFirst() async throws {
        try await withBlockingSlot {
            let (site, receipt) = try Self.site()
            let html = try site.run(["report", "--year", "\(Self.year)", "--format", "html"])
            #expect(html.status == 0)
            #expect(html.stdout.contains("<th scope=\"row\">opened by card reader</th><td>2</td>"))
            #expect(html.stdout.contains(receipt))
            let page = "\(site.folder)/report.html", pdf = "\(site.folder)/report.pdf"
            try html.stdout.write(toFile: page, atomically: true, encoding: .utf8)
            let printed = try Subprocess.run(
                "/usr/bin/chromium",
                [
                    "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(site.folder)/chromium", "--no-pdf-header-footer",
                    "--print-to-pdf=\(pdf)", "file://\(page)",
                ])
            let bytes = try Data(contentsOf: URL(fileURLWithPath: pdf))
            #expect(bytes.starts(with: Data("%PDF".utf8)) && bytes.count > 5_000, "Chromium printed the page: \(printed.stderr.suffix(300))")
            try FileManager.default.removeItem(atPath: pdf)

            try GalleryFixtures.tamper(site.stateDirectory, "UPDATE audit_entries SET reason = 'nothing happened' WHERE sequence = 2")
            let broken = try site.run(["report", "--year", "\(Self.year)", "--format", "html"])
            #expect(broken.status == 1)
            #expect(broken.stdout.contains("<p class=\"broken\">AUDIT CHAIN BROKEN at entry 2"))
        }
    }
}
