import Foundation
import Gallery
import Keys
import TestSupport
import Testing

/// `facegate console` on an estate's office box (issue 29), against a real
/// PostgreSQL server with TLS: the residents page shows who another box
/// enrolled, a desk enrollment and a withdrawal reach a gate's copy through
/// the estate database (and so does a CSV import), a face enrolled elsewhere is found twice, and with
/// the database down nothing is changed in one box's copy alone.
@Suite(.serialized, .testExecutor) struct ConsoleEstateTests {
    @Test func R6_R13_theConsoleOfAnEstateEnrollsAndWithdrawsThroughTheEstateDatabase() async throws {
        try await withBlockingSlot {
            let server = try EstateServer()
            let estate = try EstateOfficeSite(server: server)
            let gate = try SiteFixture(keygen: false, estate.gateConfig("gate-a", server: server))
            let elsewhere = try gate.enroll(name: "王五 Wang Wu", unit: "7-707", photos: [try Fixtures.photo("Male_24_10_1.jpg")])
            #expect(elsewhere.status == 0, "enrolled at the gate box, published to the estate: \(elsewhere.stderr)")
            let password = try estate.office.addOperator("desk1", role: "desk")
            let console = try RunningConsole(site: estate.office)
            defer { console.stop() }
            let desk = try #require(try ConsoleHTTPTests.signIn(console, "desk1", password))

            let residents = try console.request("/residents", session: desk)
            #expect(
                residents.status == 200 && residents.body.contains("7-707"), "the office's copy was brought up to date: \(residents.body.prefix(600))"
            )
            #expect(!residents.body.contains("estate-warning"))
            #expect(try console.request("/pins", session: desk).body.contains("id=\"estate-pins\""), "PINs are said to be this box's own")

            let page = try console.request("/enroll?notice=en", session: desk)
            let csrf = try #require(RunningConsole.csrf(in: page.body))
            let sha = try #require(ConsoleDeskTests.value("notice_sha256", in: page.body))
            let own = ["Origin: \(console.url)"]
            func shot(_ photo: String) throws -> String {
                let answer = try console.request(
                    "/enroll/shot?source=photo", session: desk, upload: try Fixtures.photo(photo), headers: own + ["X-Facegate-CSRF: \(csrf)"])
                return answer.body
            }
            func enroll(_ name: String, _ unit: String) throws -> RunningConsole.Answer {
                try console.request(
                    "/enroll", session: desk,
                    form: ["name": name, "unit": unit, "notice": "en", "notice_sha256": sha, "csrf": csrf, "form_ref": "PF-\(unit)"], headers: own)
            }

            #expect(try shot("Male_24_10_1.jpg").contains("\"ready\":true"))
            let twin = try enroll("Other", "1-101")
            #expect(twin.status == 400 && twin.body.contains("already enrolled"), "a face the gate box enrolled: \(twin.body.prefix(400))")
            _ = try console.request("/enroll", session: desk)

            #expect(try shot(ConsoleDeskTests.resident).contains("\"ready\":true"))
            let enrolled = try enroll("李四 Li Si", "5-505")
            #expect(enrolled.status == 200 && enrolled.body.contains("Enrollment receipt"), "\(enrolled.body.prefix(600))")
            let synced = try gate.run(["estate", "sync"])
            #expect(synced.stdout.contains("1 added"), "the gate copies the desk's enrollment: \(synced.stdout)\(synced.stderr)")
            #expect(try gate.run(["list"]).stdout.contains("5-505"))

            let withdrawnAt = try console.request("/residents", session: desk).body
            let pseudonym = try #require(
                withdrawnAt.components(separatedBy: "<tr>").first { $0.contains("7-707") }.flatMap { ConsoleDeskTests.value("pseudonym", in: $0) })
            let receipt = try console.request(
                "/residents/withdraw", session: desk, form: ["pseudonym": pseudonym, "confirm": pseudonym, "csrf": csrf], headers: own)
            #expect(receipt.status == 200 && receipt.body.contains("Withdrawal receipt"), "\(receipt.body.prefix(400))")
            let resynced = try gate.run(["estate", "sync"])
            #expect(resynced.stdout.contains("1 removed"), "withdrawn at the gate too: \(resynced.stdout)\(resynced.stderr)")
            #expect(!(try gate.run(["list"]).stdout.contains("7-707")))

            // The estate database down: the list is this box's copy, said so; an enrollment changes nothing.
            try server.kill()
            let stale = try console.request("/residents", session: desk)
            #expect(stale.status == 200 && stale.body.contains("id=\"estate-warning\"") && stale.body.contains("5-505"), "\(stale.body.prefix(600))")
            _ = try console.request("/enroll", session: desk)
            #expect(try shot("Male_24_2_2_1.jpg").contains("\"ready\":true"))
            let down = try enroll("赵六 Zhao Liu", "6-606")
            #expect(down.status == 503 && down.body.contains("nothing was changed"), "\(down.status) \(down.body.prefix(400))")
            let copy = try Gallery.open(in: estate.office.stateDirectory, master: MasterKey.load(keyFile: estate.keyFile), gate: "test")
            #expect(try copy.subjectCount() == 1, "only Li Si in the office's copy")

            try server.start()
            let again = try enroll("赵六 Zhao Liu", "6-606")
            #expect(
                again.status == 200 && again.body.contains("Enrollment receipt"), "the good shots were kept for a retry: \(again.body.prefix(400))")
            #expect(try gate.run(["estate", "sync"]).stdout.contains("1 added"))
            // A CSV import at the desk reaches the gate too.
            let (folder, files) = try ConsoleImportTests.photos()
            let started = try console.request(
                "/import/start?notice=en", session: desk, upload: "\(folder)/residents.csv", headers: own + ["X-Facegate-CSRF: \(csrf)"])
            #expect(started.body.contains("5 rows"), "\(started.body)")
            let judged = try console.request(
                "/import/photo?line=2", session: desk, upload: try #require(files["zhang.jpg"]), headers: own + ["X-Facegate-CSRF: \(csrf)"])
            #expect(judged.body.contains("already enrolled"), "Li Si's face, enrolled at the desk, is found in the file: \(judged.body)")
            let wang = try console.request(
                "/import/photo?line=4", session: desk, upload: try #require(files["wang.jpg"]), headers: own + ["X-Facegate-CSRF: \(csrf)"])
            #expect(wang.body.contains("\"state\":\"ready\""), "Wang Wu was withdrawn, so his face may come back: \(wang.body)")
            let imported = try console.request("/import", session: desk, form: ["csrf": csrf], headers: own)
            #expect(imported.body.contains("1 enrolled, 4 not enrolled."), "\(imported.body.prefix(600))")
            #expect(try gate.run(["estate", "sync"]).stdout.contains("1 added"), "the imported resident reaches the gate")
            #expect(try gate.run(["list"]).stdout.contains("3-303"))
            let verified = try estate.office.run(["audit", "verify", "--estate"])
            #expect(verified.stdout.contains("office: intact"), "the console shipped the office's chain: \(verified.stdout)\(verified.stderr)")
            let shipped = try server.psql("SELECT count(*) FROM estate_audit WHERE chain = 'office' AND actor = 'desk1'").stdout
            #expect((Int(shipped.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) >= 3, "the desk's changes, shipped: \(shipped)")
        }
    }
}
