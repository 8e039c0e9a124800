import Foundation
import TestSupport
import Testing

/// `facegate console` over real HTTP (issue 29): operators sign in, wrong
/// passwords lock, each role opens only its pages, a post from another
/// site or without the session's token changes nothing, and a withdrawal
/// gives a receipt the audit holds under the operator's name.
@Suite(.serialized, .testExecutor) struct ConsoleHTTPTests {
    /// A site with one resident and three operators (and their passwords).
    static func site() throws -> (SiteFixture, [String: String]) {
        let site = try SiteFixture()
        let enrolled = try site.enroll(name: "王五 Wang Wu", unit: "7-707", photos: [try Fixtures.photo("Male_24_10_1.jpg")])
        #expect(enrolled.status == 0, "\(enrolled.stderr)")
        var passwords: [String: String] = [:]
        for (name, role) in [("desk1", "desk"), ("audit1", "auditor"), ("locky", "desk")] {
            passwords[name] = try site.addOperator(name, role: role)
        }
        return (site, passwords)
    }

    /// `site()` with its console running and the desk's and the auditor's sessions.
    static func signedIn() throws -> (site: SiteFixture, console: RunningConsole, desk: String, auditor: String) {
        let (site, passwords) = try Self.site()
        let console = try RunningConsole(site: site)
        let desk = try #require(try Self.signIn(console, "desk1", passwords["desk1"] ?? ""))
        let auditor = try #require(try Self.signIn(console, "audit1", passwords["audit1"] ?? ""))
        return (site, console, desk, auditor)
    }

    static func signIn(_ console: RunningConsole, _ name: String, _ password: String) throws -> String? {
        let answer = try console.request("/login", form: ["name": name, "password": password, "lang": "en"], headers: ["Origin: \(console.url)"])
        return answer.status == 303 ? answer.cookie("facegate_console")?.value : nil
    }

    @Test func R6_R13_theDeskWithdrawsAResidentWithAReceiptAndTheAuditNamesTheOperator() async throws {
        try await withBlockingSlot {
            let (site, passwords) = try Self.site()
            let console = try RunningConsole(site: site)
            defer { console.stop() }
            #expect(try console.request("/residents").header("Location") == "/login", "signed out: to the sign-in page")
            let signedIn = try console.request(
                "/login", form: ["name": "desk1", "password": passwords["desk1"] ?? "", "lang": "en"], headers: ["Origin: \(console.url)"])
            let cookie = try #require(signedIn.cookie("facegate_console"), "\(signedIn)")
            #expect(signedIn.status == 303 && signedIn.header("Location") == "/residents")
            for attribute in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/"] {
                #expect(cookie.attributes.contains(attribute), "the session cookie is \(attribute): \(cookie.attributes)")
            }
            let residents = try console.request("/residents", session: cookie.value)
            #expect(residents.status == 200 && residents.body.contains("7-707"), "\(residents.body.prefix(500))")
            #expect(!residents.body.contains("Wang Wu") && !residents.body.contains("王五"), "never a name")
            let pseudonym = try #require(
                residents.body.range(of: "name=\"pseudonym\" value=\"").map { range in
                    String(residents.body[range.upperBound...].prefix { $0 != "\"" })
                })
            let csrf = try #require(RunningConsole.csrf(in: residents.body))
            let form = ["pseudonym": pseudonym, "confirm": pseudonym, "csrf": csrf]
            let refused = [
                try console.request("/residents/withdraw", session: cookie.value, form: form, headers: ["Origin: http://evil.example"]),
                try console.request("/residents/withdraw", session: cookie.value, form: form, headers: ["Sec-Fetch-Site: cross-site"]),
                try console.request("/residents/withdraw", session: cookie.value, form: form.merging(["csrf": "stale"]) { $1 }),
                try console.request("/residents/withdraw", form: form, headers: ["Origin: \(console.url)"]),
            ]
            #expect(refused.map(\.status) == [403, 403, 403, 401], "\(refused.map(\.body))")
            #expect(try console.request("/residents", session: cookie.value).body.contains(pseudonym), "nothing was withdrawn by them")
            let receipt = try console.request("/residents/withdraw", session: cookie.value, form: form, headers: ["Origin: \(console.url)"])
            #expect(receipt.status == 200 && receipt.body.contains("Withdrawal receipt") && receipt.body.contains("7-707"), "\(receipt.body)")
            #expect(receipt.body.contains("class=\"print\""), "a print button; the header and forms are hidden in print")
            #expect(!(try console.request("/residents", session: cookie.value).body.contains(pseudonym)))
            let audit = try site.run(["audit", "show"]).stdout
            let line = try #require(audit.split(separator: "\n").first { $0.contains("withdraw") && $0.contains(pseudonym) })
            #expect(line.contains("desk1"), "the audit names the operator: \(line)")
            let number = try #require(receipt.body.range(of: "<code>#").map { String(receipt.body[$0.upperBound...].prefix { $0.isNumber }) })
            #expect(audit.contains("#\(number)  "), "the receipt is the audit entry #\(number)")
        }
    }

    @Test func R18_eachRoleOpensOnlyItsPagesAndTheAuditorExportsWhatIsAuditedSeesTheChecksAndRecordsAnAssessment() async throws {
        try await withBlockingSlot {
            let (site, console, desk, auditor) = try ConsoleHTTPTests.signedIn()
            defer { console.stop() }
            #expect(try console.request("/audit", session: desk).status == 403, "the desk cannot read the audit")
            #expect(try console.request("/audit/export?format=csv", session: desk).status == 403)
            #expect(try console.request("/residents", session: auditor).status == 403, "the auditor cannot list residents")
            let deskPage = try console.request("/pins", session: desk)
            #expect(deskPage.status == 200)
            let auditorCSRF = try #require(RunningConsole.csrf(in: try console.request("/audit", session: auditor).body))
            let issued = try console.request(
                "/pins/add", session: auditor, form: ["unit": "1-101", "csrf": auditorCSRF], headers: ["Origin: \(console.url)"])
            #expect(issued.status == 403, "the auditor's own valid session and token do not issue PINs")
            let deskCSRF = try #require(RunningConsole.csrf(in: deskPage.body))
            let mixed = try console.request(
                "/pins/add", session: desk, form: ["unit": "1-101", "csrf": auditorCSRF], headers: ["Origin: \(console.url)"])
            #expect(mixed.status == 403, "another session's token is refused")
            let pin = try console.request("/pins/add", session: desk, form: ["unit": "1-101", "csrf": deskCSRF], headers: ["Origin: \(console.url)"])
            #expect(pin.status == 200 && pin.body.contains("for unit 1-101"), "\(pin.body)")
            let page = try console.request("/audit", session: auditor)
            #expect(page.status == 200 && page.body.contains("The audit chain verifies"), "\(page.body.prefix(800))")
            #expect(page.body.contains("operator desk1 added as desk") && page.body.contains("PIN issued"))
            let export = try console.request("/audit/export?format=csv", session: auditor)
            let lines = export.body.split(separator: "\n")
            #expect(export.status == 200 && lines.first == "sequence,time,gate,kind,pseudonym,score_band,reason,actor,previous_hash,hash")
            #expect(lines.contains { $0.contains(",pin-added,") && $0.contains(",desk1,") }, "the desk's PIN under its name")
            let exports = try site.run(["audit", "show"]).stdout.split(separator: "\n").filter { $0.contains("audit-export") }
            #expect(exports.count == 1 && exports[0].contains("audit1"), "the export itself is audited: \(exports)")
            #expect(try console.request("/audit?since=yesterday", session: auditor).status == 400)

            #expect(try console.request("/oversight", session: desk).status == 403, "the desk does not see the oversight")
            let before = try console.request("/oversight", session: auditor)
            #expect(before.status == 200 && before.body.contains("No impact assessment is recorded"), "\(before.body.prefix(800))")
            #expect(before.body.contains("<td>FAIL</td><td>impact assessment</td>"), "the doctor's own check, failing: \(before.body)")
            let oversightCSRF = try #require(RunningConsole.csrf(in: before.body))
            func record(_ date: String) throws -> RunningConsole.Answer {
                try console.request(
                    "/oversight/assessment", session: auditor,
                    form: ["identifier": "PIA-CONSOLE-1", "assessor": "dpo", "date": date, "csrf": oversightCSRF], headers: ["Origin: \(console.url)"]
                )
            }
            let badDate = try record("1 Nov 2026")
            #expect(badDate.status == 400 && badDate.body.contains("is not a date"), "\(badDate.body.prefix(300))")
            let recorded = try record("2026-11-01")
            #expect(recorded.status == 200 && recorded.body.contains("Impact assessment PIA-CONSOLE-1 recorded."), "\(recorded.body.prefix(600))")
            let twice = try record("2026-11-02")
            #expect(twice.status == 400 && twice.body.contains("already recorded"), "\(twice.body.prefix(600))")
            let piaAudit = try site.run(["audit", "show"]).stdout.split(separator: "\n").filter { $0.contains("pia-record") }
            #expect(piaAudit.count == 1 && piaAudit[0].contains("by audit1"), "recorded from the console under the auditor's name: \(piaAudit)")
            let after = try console.request("/oversight", session: auditor)
            #expect(after.body.contains("<td>PIA-CONSOLE-1</td><td>2026-11-01</td><td>dpo</td>"), "\(after.body)")
            #expect(after.body.contains("<td>OK</td><td>impact assessment</td>"), "read fresh on every visit")
            let report = try console.request("/oversight/report?year=2026", session: auditor)
            #expect(report.status == 200 && report.body.contains("facegate yearly report") && report.body.contains("PIA-CONSOLE-1"), "\(report.body)")
            #expect(try console.request("/oversight/report?year=20261", session: auditor).status == 400)
        }
    }

    @Test func fiveWrongPasswordsLockTheAccountAndTheRightOneThenFails() async throws {
        try await withBlockingSlot {
            let (site, passwords) = try Self.site()
            let console = try RunningConsole(site: site)
            defer { console.stop() }
            let answers = try (1...5).map { _ in
                try console.request(
                    "/login", form: ["name": "locky", "password": "wrong-wrong-wrong", "lang": "en"], headers: ["Origin: \(console.url)"])
            }
            #expect(answers.map(\.status) == [401, 401, 401, 401, 403])
            #expect(answers[0].body.contains("Wrong name or password.") && answers[4].body.contains("locked for 15 more min"))
            #expect(try Self.signIn(console, "locky", passwords["locky"] ?? "") == nil, "locked even with the right password")
            let cross = try console.request(
                "/login", form: ["name": "desk1", "password": passwords["desk1"] ?? "", "lang": "en"], headers: ["Origin: http://evil.example"])
            #expect(cross.status == 403 && cross.cookie("facegate_console") == nil, "a sign-in posted from another site")
            #expect(try Self.signIn(console, "desk1", passwords["desk1"] ?? "") != nil, "other operators are not locked")
            let audit = try site.run(["audit", "show"]).stdout
            #expect(audit.contains("5 wrong passwords in a row; operator locky locked for 15 min"), "\(audit)")
            #expect(try site.run(["operator", "list"]).stdout.contains("locky  desk  added") && audit.contains("operator-sign-in"))
            for (file, bytes) in try GalleryFixtures.allBytes(in: site.stateDirectory) {
                for (name, password) in passwords {
                    #expect(!GalleryFixtures.contains(bytes, Array(password.utf8)), "\(file) holds \(name)'s password in clear")
                }
            }
        }
    }
}
