import Foundation
import TestSupport
import Testing

/// The desk's CSV import (issue 29), over real HTTP and in a real Chromium:
/// every row gets the checks of a single enrollment and of the file (a face
/// twice), the outcome of each row is shown before anything is stored, and
/// only the rows that passed are enrolled, under the operator's name.
@Suite(.serialized, .testExecutor) struct ConsoleImportTests {
    /// The office's file: a good row, a row without a consent form, the face
    /// of a resident already enrolled, the good row's face again, and a
    /// photo nobody chose.
    static let csv = """
        name,unit,photo,consent_form\r
        张伟 Zhang Wei,3-301,photos/zhang.jpg,PF-31\r
        No Form,3-302,nf.jpg,\r
        "Wang, again",3-303,wang.jpg,PF-33\r
        Zhang Twin,3-304,twin.jpg,PF-34\r
        Nobody Chose,3-305,missing.jpg,PF-35\r

        """

    /// The photos the CSV names, in a folder of their own (the desk's computer).
    static func photos() throws -> (folder: String, files: [String: String]) {
        let folder = try Fixtures.temporaryDirectory("import-photos")
        var files: [String: String] = [:]
        for (name, source) in [
            ("zhang.jpg", "Female_46_1_2_1.jpg"), ("nf.jpg", "Male_24_2_2_1.jpg"), ("wang.jpg", "Male_24_10_1.jpg"),
            ("twin.jpg", "Female_46_1_2_1.jpg"),
        ] {
            let path = "\(folder)/\(name)"
            try FileManager.default.copyItem(atPath: try Fixtures.photo(source), toPath: path)
            files[name] = path
        }
        try Self.csv.write(toFile: "\(folder)/residents.csv", atomically: true, encoding: .utf8)
        return (folder, files)
    }

    @Test func R3_R10_theDeskChecksEveryRowBeforeStoringAndImportsOnlyTheRowsThatPassed() async throws {
        try await withBlockingSlot {
            let (site, console, desk, auditor) = try ConsoleHTTPTests.signedIn()
            defer { console.stop() }
            #expect(try console.request("/import", session: auditor).status == 403, "the auditor does not import")
            let page = try console.request("/import", session: desk)
            let csrf = try #require(ConsoleDeskTests.value("csrf", in: page.body))
            let (folder, files) = try Self.photos()
            let own = ["Origin: \(console.url)", "X-Facegate-CSRF: \(csrf)"]
            #expect(
                try console.request("/import/start", session: desk, upload: "\(folder)/residents.csv", headers: ["Origin: http://evil.example"])
                    .status == 403, "a file from another site")

            let started = try console.request("/import/start?notice=en", session: desk, upload: "\(folder)/residents.csv", headers: own)
            #expect(started.status == 200 && started.body.contains("5 rows: 0 would be enrolled, 1 refused, 4 still to check"), "\(started.body)")
            #expect(started.body.contains("no consent_form"), "the row without a form, refused before any photo: \(started.body)")
            #expect(!started.body.contains("Zhang") && !started.body.contains("张伟"), "the page's answers never carry a name")
            func photo(_ line: Int, _ file: String?) throws -> String {
                let empty = "\(folder)/empty"
                FileManager.default.createFile(atPath: empty, contents: Data())
                return try console.request("/import/photo?line=\(line)", session: desk, upload: file.flatMap { files[$0] } ?? empty, headers: own)
                    .body
            }
            let good = try photo(2, "zhang.jpg")
            #expect(good.contains("\"state\":\"ready\"") && good.contains("would enroll face 1 of 1"), "\(good)")
            let known = try photo(4, "wang.jpg")
            #expect(known.contains("\"state\":\"refused\"") && known.contains("already enrolled"), "a resident's face: \(known)")
            let twin = try photo(5, "twin.jpg")
            #expect(
                twin.contains("already enrolled as the face of line 2 of this file") && twin.contains("keep only one of the two rows"),
                "a face twice in the file: \(twin)")
            #expect(known.contains("withdraw that enrollment first"), "\(known)")
            let missing = try photo(6, nil)
            #expect(missing.contains("missing.jpg was not among the files chosen"), "\(missing)")
            #expect(missing.contains("5 rows: 1 would be enrolled, 4 refused, 0 still to check. Nothing is stored yet."), "\(missing)")
            #expect(!(try site.run(["list"]).stdout.contains("3-30")), "the check stored nothing")

            let imported = try console.request("/import", session: desk, form: ["csrf": csrf], headers: ["Origin: \(console.url)"])
            #expect(imported.status == 200 && imported.body.contains("1 enrolled, 4 not enrolled."), "\(imported.body.prefix(900))")
            let listed = try site.run(["list"]).stdout
            #expect(listed.contains("3-301") && !listed.contains("3-302") && !listed.contains("3-304"), "\(listed)")
            let audit = try site.run(["audit", "show"]).stdout.split(separator: "\n").filter { $0.contains("  enroll  ") }
            #expect(audit.count == 2 && audit[1].contains("consent paper form PF-31") && audit[1].contains("by desk1"), "\(audit)")
            let again = try console.request("/import", session: desk, form: ["csrf": csrf], headers: ["Origin: \(console.url)"])
            #expect(again.status == 400, "the draft is gone with the import: nothing is imported twice")
            #expect(!console.log.contains("Zhang") && !console.log.contains("张伟"), "no name in the console's log")
        }
    }

    @Test func R3_anImportChosenInChromiumShowsEachRowAndImportsTheGoodOnes() async throws {
        let (site, passwords) = try ConsoleHTTPTests.site()
        let console = try RunningConsole(site: site)
        defer { console.stop() }
        let (folder, files) = try Self.photos()
        let browser = try KioskBrowser()
        defer { browser.close() }
        try await ConsoleBrowserTests.signIn(browser, console, "desk1", passwords["desk1"] ?? "")
        try await browser.open(console.url + "/import?lang=en", width: 1024, height: 700)
        try await browser.choose(["\(folder)/residents.csv"], in: "[name=csv]")
        try await browser.choose(files.values.sorted(), in: "[name=photos]")
        try await browser.click("#import-check")
        try await browser.wait(for: "document.getElementById('import-summary').dataset.done === 'true'", timeout: 120)
        let states = try await browser.string(
            "Array.from(document.querySelectorAll('#import-rows tbody tr')).map(r => r.dataset.line + ':' + r.dataset.state).join(' ')")
        #expect(states == "2:ready 3:refused 4:refused 5:refused 6:refused", "\(states)")
        #expect(try await browser.string("document.getElementById('import-summary').innerText").contains("1 would be enrolled, 4 refused"))
        #expect(try await browser.evaluate("document.getElementById('import-commit').hidden") as? Bool == false, "the import is offered")
        try await browser.screenshot("console-1024x700-import-checked-en")
        try await browser.click("#import-commit button")
        try await browser.wait(for: "document.getElementById('import-done') !== null")
        #expect(try await browser.string("document.getElementById('import-done').innerText") == "1 enrolled, 4 not enrolled.")
        try await browser.screenshot("console-1024x700-import-done-en")
        #expect(try site.run(["list"]).stdout.contains("3-301"))
    }
}
