import FaceVision
import Foundation
import TestSupport
import Testing

/// Enrollment at the desk over real HTTP (issue 29): a picture posted as the
/// console's page posts it is judged in memory with advice for the
/// resident; the enrollment needs the resident's separate consent on
/// screen (the box ticked and their own name typed) or a paper form, for
/// the notice exactly as shown; and afterwards no picture, template, name or
/// unit is in clear in any file the console or the gallery wrote.
@Suite(.serialized, .testExecutor) struct ConsoleDeskTests {
    static let resident = "Female_46_1_2_1.jpg"

    static func value(_ name: String, in page: String) -> String? {
        page.range(of: "name=\"\(name)\" value=\"").map { String(page[$0.upperBound...].prefix { $0 != "\"" }) }
    }

    @Test func R3_R4_R10_theDeskEnrollsFromAPhotoJudgedInMemoryOnlyWithConsentGivenOnScreen() async throws {
        try await withBlockingSlot {
            let (site, console, desk, auditor) = try ConsoleHTTPTests.signedIn()
            defer { console.stop() }
            #expect(try console.request("/enroll", session: auditor).status == 403, "the auditor does not enroll")

            let page = try console.request("/enroll?notice=en", session: desk)
            #expect(page.status == 200 && page.body.contains("<pre class=\"notice\" id=\"notice\" lang=\"en\">"), "\(page.body.prefix(600))")
            #expect(!page.body.contains("checked"), "nothing is ticked in advance")
            let csrf = try #require(RunningConsole.csrf(in: page.body))
            let sha = try #require(Self.value("notice_sha256", in: page.body))
            #expect(page.body.contains("SHA-256 \(sha)"), "the notice's hash is shown with it")
            let zhPage = try console.request("/enroll?notice=zh-CN", session: desk)
            #expect(Self.value("notice_sha256", in: zhPage.body) != sha, "the Chinese notice is another text with its own hash")

            let photo = try Fixtures.photo(Self.resident), pictures = try Fixtures.temporaryDirectory("desk-pictures")
            let own = ["Origin: \(console.url)", "X-Facegate-CSRF: \(csrf)"]
            func shot(_ file: String, session: String = desk, headers: [String]) throws -> RunningConsole.Answer {
                try console.request("/enroll/shot?source=photo", session: session, upload: file, headers: headers)
            }
            #expect(try shot(photo, headers: ["Origin: \(console.url)"]).status == 403, "a picture without the session's token")
            #expect(try shot(photo, headers: ["Origin: http://evil.example", "X-Facegate-CSRF: \(csrf)"]).status == 403, "from another site")
            try Data("not a picture".utf8).write(to: URL(fileURLWithPath: "\(pictures)/junk.jpg"))
            let junk = try shot("\(pictures)/junk.jpg", headers: own)
            #expect(junk.status == 422 && junk.body.contains("\"advice\":\"unreadable\""), "\(junk.body)")
            _ = try Subprocess.python("media.py", ["pair", photo, try Fixtures.photo("Male_24_2_2_1.jpg"), "\(pictures)/two.jpg"])
            let two = try shot("\(pictures)/two.jpg", headers: own)
            #expect(two.status == 200 && two.body.contains("\"advice\":\"one-person\"") && two.body.contains("\"ready\":false"), "\(two.body)")
            #expect(two.body.contains("Only the resident in the picture"), "advice in the operator's language: \(two.body)")
            let good = try shot(photo, headers: own)
            #expect(good.status == 200 && good.body.contains("\"ready\":true"), "\(good.body)")

            let base = ["name": "李四 Li Si", "unit": "5-505", "notice": "en", "notice_sha256": sha, "csrf": csrf]
            func enroll(_ extra: [String: String]) throws -> RunningConsole.Answer {
                try console.request("/enroll", session: desk, form: base.merging(extra) { $1 }, headers: ["Origin: \(console.url)"])
            }
            let refusals = [
                (try enroll([:]), "separate consent is missing"),
                (try enroll(["typed_name": "李四 Li Si"]), "separate consent is missing"),
                (try enroll(["agree": "yes", "typed_name": "Someone Else"]), "typed name is not the resident"),
                (try enroll(["agree": "yes", "typed_name": "李四 Li Si", "notice_sha256": String(repeating: "0", count: 64)]), "notice changed"),
            ]
            for (answer, words) in refusals {
                #expect(answer.status == 400 && answer.body.contains(words), "\(words): \(answer.status) \(answer.body.prefix(300))")
            }
            #expect(!(try site.run(["list"]).stdout.contains("5-505")), "nothing was enrolled by a refused post")
            let receipt = try enroll(["agree": "yes", "typed_name": " 李四 li si "])
            #expect(receipt.status == 200 && receipt.body.contains("Enrollment receipt"), "\(receipt.body.prefix(800))")
            #expect(receipt.body.contains("ticked and name typed on the console") && receipt.body.contains(sha), "\(receipt.body)")
            #expect(!receipt.body.contains("Li Si"), "the receipt names the pseudonym and the unit, not the resident")
            let audit = try site.run(["audit", "show"]).stdout
            let line = try #require(audit.split(separator: "\n").first { $0.contains("  enroll  ") && $0.contains("on the console's screen") })
            #expect(line.contains("by desk1") && line.contains("notice v"), "\(line)")
            #expect(try site.run(["list"]).stdout.contains("5-505"))

            let again = try shot(photo, headers: own)
            #expect(again.body.contains("\"ready\":true"), "the draft was emptied by the enrollment and fills again: \(again.body)")
            let twin = try enroll(["name": "Other", "unit": "5-506", "form_ref": "F-77"])
            #expect(twin.status == 400 && twin.body.contains("already enrolled"), "the same face twice: \(twin.body.prefix(400))")
            #expect(try console.request("/enroll", session: desk, form: base, headers: ["Origin: \(console.url)"]).status == 400)

            let shooter = EnrollmentShots(
                detector: try Fixtures.detector(), embedder: try Fixtures.embedder(), quality: FaceQuality(minFacePixels: 80, minSharpness: 0),
                limits: .standard)
            guard case .success(let made) = try shooter.judge(try Image(contentsOf: photo)) else {
                Issue.record("the photo has no subject")
                return
            }
            let template = try Embedding.mean(of: [made.embedding]).values
            let needles: [(String, [UInt8])] = [
                ("a JPEG", Array("JFIF".utf8)), ("a PNG", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A]), ("the name", Array("Li Si".utf8)),
                ("the Chinese name", Array("李四".utf8)), ("the unit", Array("unit 5-505".utf8)),
                ("the template", GalleryFixtures.clearBytes(Array(template.prefix(6)))),
            ]
            var scanned = 0
            for file in FileManager.default.enumerator(atPath: site.folder)!.compactMap({ $0 as? String }) {
                guard let bytes = FileManager.default.contents(atPath: "\(site.folder)/\(file)").map(Array.init) else { continue }
                scanned += 1
                for (what, needle) in needles where GalleryFixtures.contains(bytes, needle) {
                    Issue.record("\(file) holds \(what) in clear after a desk enrollment")
                }
            }
            #expect(scanned >= 4, "the scan saw the gallery, the keys, the config and the console's log")
        }
    }
}
