import Foundation
import TestSupport
import Testing

/// `facegate audit export` through the binary: what an auditor takes away
/// is the whole chain, linkable entry to entry, and nothing about a person
/// beyond a pseudonym (which can be left out).
@Suite(.testExecutor) struct AuditExportTests {
    func site() throws -> SiteFixture {
        let site = try SiteFixture()
        #expect(try site.enroll(name: "王五 Wang Wu", unit: "7-707", photos: [try Fixtures.photo("Male_24_10_1.jpg")]).status == 0)
        #expect(try site.run(["withdraw", "--name", "王五 Wang Wu", "--unit", "7-707", "--yes"]).status == 0)
        return site
    }

    @Test func jsonLinesHoldTheWholeChainAndNoNameOrTemplate_R12() async throws {
        try await withBlockingSlot {
            let site = try site()
            let export = try site.run(["audit", "export"])
            #expect(export.status == 0, "\(export.stderr)")
            let rows = try export.stdout.split(separator: "\n").map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
            let shown = try site.run(["audit", "show"]).stdout.split(separator: "\n")
            #expect(rows.count == shown.count && rows.count >= 3, "every entry: keygen, enroll, withdraw")
            #expect(export.stderr == "exported \(rows.count) audit entries (#1 … #\(rows.count)); the chain verifies\n")
            for (previous, row) in zip(rows, rows.dropFirst()) {
                #expect(row["previous_hash"] as? String == previous["hash"] as? String, "each entry links to the one before")
                #expect(row["sequence"] as? Int == (previous["sequence"] as? Int ?? 0) + 1)
            }
            #expect(rows.contains { $0["kind"] as? String == "withdraw" && ($0["pseudonym"] as? String)?.hasPrefix("s-") == true })
            #expect(!export.stdout.contains("Wang Wu") && !export.stdout.contains("王五"), "no name in the export")

            let anonymous = try site.run(["audit", "export", "--without-pseudonyms"]).stdout
            #expect(!anonymous.contains("\"pseudonym\":\"s-") && anonymous.contains("\"pseudonym\":null"))
        }
    }

    @Test func csvIsQuotedAndFilteredByDate() async throws {
        try await withBlockingSlot {
            let site = try site()
            let csv = try site.run(["audit", "export", "--format", "csv"])
            let lines = csv.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            #expect(lines.first == "sequence,time,gate,kind,pseudonym,score_band,reason,actor,previous_hash,hash")
            #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("\"") || $0.first?.isNumber == true })
            #expect(lines.contains { $0.contains(",withdraw,") })

            let future = try site.run(["audit", "export", "--since", "2999-01-01"])
            #expect(future.status == 0 && future.stdout.isEmpty && future.stderr.contains("exported 0 audit entries (none)"))
            let bad = try site.run(["audit", "export", "--format", "xml"])
            #expect(bad.status != 0 && bad.stderr.contains("xml"))
        }
    }
}
