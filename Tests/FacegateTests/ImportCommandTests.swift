import Foundation
import TestSupport
import Testing

/// `facegate import` with real photos (issue 29): every row of a CSV gets the
/// checks of `facegate enroll`; the dry run stores nothing and names every
/// refused row and why; the real run enrolls the rows that pass.
@Suite(.testExecutor) struct ImportCommandTests {
    @Test func R3_R5_aDryRunListsEveryRefusedRowAndWhyAndTheImportEnrollsOnlyTheRowsThatPass() async throws {
        try await withBlockingSlot {
            let site = try SiteFixture()
            let folder = try Fixtures.temporaryDirectory("import")
            let resident = try Fixtures.photo(EnrollCommandTests.resident), other = try Fixtures.photo("Male_24_10_1.jpg")
            let child = try Fixtures.photo("Female_42_1_5.jpg")
            _ = try Subprocess.python("media.py", ["pair", resident, try Fixtures.photo("Male_24_2_2_1.jpg"), "\(folder)/two.jpg"])
            let csv = """
                name,unit,photo,consent_form,birth_year
                Chen Jie,1-101,\(resident),F-1,
                "Wang, Wu",1-102,\(other),F-2,1980
                Twin,1-103,\(resident),F-3,
                Pair,1-104,two.jpg,F-4,
                No Form,1-105,\(child),,
                Kid,1-106,\(child),F-6,2018
                Gone,1-107,missing.jpg,F-7,

                """
            try csv.write(toFile: "\(folder)/residents.csv", atomically: true, encoding: .utf8)
            let dry = try site.run(["import", "\(folder)/residents.csv", "--dry-run"], models: true)
            #expect(dry.status == 1, "\(dry.stderr)")
            let expected = [
                ("line 2, unit 1-101", "would enroll face 1 of 1"), ("line 3, unit 1-102", "would enroll"),
                ("line 4, unit 1-103", "refused: this face is already enrolled as the face of line 2 of this file"),
                ("line 5, unit 1-104", "2 faces of similar size"), ("line 6, unit 1-105", "refused: no consent_form"),
                ("line 7, unit 1-106", "refused: this site does not enroll residents under 14"), ("line 8, unit 1-107", "refused: "),
            ]
            let lines = dry.stdout.split(separator: "\n").map(String.init)
            for (row, words) in expected {
                #expect(lines.contains { $0.hasPrefix(row + ": ") && $0.contains(words) }, "\(row): \(words) in \(dry.stdout)")
            }
            #expect(dry.stdout.contains("7 rows: 2 would be enrolled, 5 refused; nothing was stored (dry run)."))
            #expect(!dry.stdout.contains("Chen Jie") && !dry.stdout.contains("Wang"), "rows are named by line and unit, never by name")
            #expect(!(try site.run(["list"]).stdout.contains("1-101")), "the dry run stored nothing")

            let real = try site.run(["import", "\(folder)/residents.csv"], models: true)
            #expect(real.status == 1 && real.stdout.contains("7 rows: 2 enrolled, 5 refused."), "\(real.stdout) \(real.stderr)")
            let listed = try site.run(["list"]).stdout
            #expect(listed.contains("1-101") && listed.contains("1-102") && !listed.contains("1-103") && !listed.contains("1-106"), "\(listed)")
            let audit = try site.run(["audit", "show"]).stdout
            #expect(audit.split(separator: "\n").filter { $0.contains("  enroll  ") }.count == 2)
            #expect(audit.contains("consent paper form F-1") && audit.contains("consent paper form F-2"), "\(audit)")

            let again = try site.run(["import", "\(folder)/residents.csv", "--dry-run"], models: true)
            #expect(again.stdout.contains("line 2, unit 1-101: refused: this face is already enrolled as s-"), "\(again.stdout)")
            try "name,unit,photo\nX,1,a.jpg\n".write(toFile: "\(folder)/short.csv", atomically: true, encoding: .utf8)
            let short = try site.run(["import", "\(folder)/short.csv", "--dry-run"], models: true)
            #expect(short.status != 0 && short.stderr.contains("line 1: the column \"consent_form\" is missing"), "\(short.stderr)")
        }
    }
}
