import Audit
import Foundation
import Hummingbird
import TestSupport
import Testing

/// The console in a real Chromium (issue 29): an operator signs in through
/// the form, in Chinese and in English (screenshots of each), withdraws a
/// resident and gets the receipt; a page of another local web server that
/// posts the same form in the background withdraws no one.
@Suite(.serialized, .testExecutor) struct ConsoleBrowserTests {
    @Test func R6_aDeskOperatorSignsInAndWithdrawsInChromiumAndAnotherSitesFormIsRefused() async throws {
        let (site, passwords) = try ConsoleHTTPTests.site()
        let console = try RunningConsole(site: site)
        defer { console.stop() }
        let browser = try KioskBrowser()
        defer { browser.close() }
        try await browser.open(console.url + "/login?lang=zh-CN", width: 1024, height: 700)
        #expect(try await browser.string("document.documentElement.lang") == "zh-CN")
        #expect(try await browser.string("document.querySelector('#sign-in button').innerText") == "登录")
        try await browser.screenshot("console-1024x700-sign-in-zh-CN")
        _ = try await browser.evaluate("document.querySelector('[name=name]').value = 'desk1'")
        _ = try await browser.evaluate("document.querySelector('[name=password]').value = \(Self.quoted(passwords["desk1"] ?? ""))")
        try await browser.click("#sign-in button")
        try await browser.wait(for: "location.pathname === '/residents' && document.getElementById('residents') !== null")
        #expect(try await browser.string("document.querySelector('th').innerText") == "房号")
        try await browser.screenshot("console-1024x700-residents-zh-CN")
        #expect(try await browser.evaluate("document.cookie") as? String == "", "the session cookie is HttpOnly: no script reads it")

        // Another web server on this box (the same site, another origin) whose page posts the withdrawal form.
        let pseudonym = try await browser.string("document.querySelector('[name=pseudonym]').value")
        let attacker = Router()
        attacker.get("/") { _, _ in
            var response = Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: .init(
                    byteBuffer: ByteBuffer(
                        string: """
                            <form method="post" action="\(console.url)/residents/withdraw" id="f"><input name="pseudonym" value="\(pseudonym)">
                            <input name="confirm" value="\(pseudonym)"><input name="csrf" value="guess"></form>
                            <script>document.getElementById('f').submit()</script>
                            """)))
            response.headers[.cacheControl] = "no-store"
            return response
        }
        let other = try await LocalServer(attacker)
        defer { other.stop() }
        try await browser.open(other.url + "/", width: 1024, height: 700)
        try await browser.wait(for: "location.href.startsWith('\(console.url)/residents/withdraw')")
        #expect(try await browser.string("document.body.innerText").contains("cannot post here"), "refused, saying why")
        try await browser.open(console.url + "/residents?lang=en", width: 1024, height: 700)
        #expect(try await browser.string("document.getElementById('residents').innerText").contains(pseudonym), "still enrolled")
        #expect(try await browser.string("document.querySelector('th').innerText") == "Unit")
        try await browser.screenshot("console-1024x700-residents-en")

        _ = try await browser.evaluate("document.querySelector('[name=confirm]').value = \(Self.quoted(pseudonym))")
        try await browser.click("#residents button")
        try await browser.wait(for: "document.getElementById('receipt') !== null")
        let receipt = try await browser.string("document.getElementById('receipt').innerText")
        #expect(receipt.contains(pseudonym) && receipt.contains("7-707") && receipt.contains("#"), "\(receipt)")
        try await browser.screenshot("console-1024x700-withdrawal-receipt-en")
        let audit = try site.run(["audit", "show"]).stdout
        #expect(audit.split(separator: "\n").filter { $0.contains("  withdraw  ") }.count == 1, "one withdrawal, by the console's own form")
        #expect(audit.contains("by desk1"), "\(audit)")
    }

    /// Signs in through the form (in Chinese) and waits for the answer's page.
    static func signIn(_ browser: KioskBrowser, _ console: RunningConsole, _ name: String, _ password: String) async throws {
        try await browser.open(console.url + "/login?lang=zh-CN", width: 1024, height: 700)
        _ = try await browser.evaluate("document.querySelector('[name=name]').value = \(quoted(name))")
        _ = try await browser.evaluate("document.querySelector('[name=password]').value = \(quoted(password))")
        _ = try await browser.evaluate("window.submitted = true")
        try await browser.click("#sign-in button")
        // The answer is a new document, without the old one's mark.
        try await browser.wait(for: "window.submitted === undefined && document.readyState === 'complete'")
    }

    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
}

/// Enrollment at the desk in a real Chromium whose webcam is Chromium's fake
/// camera playing a real clip (issue 29): the desk operator cannot open the
/// audit, a wrong password five times locks an account, the resident's
/// face is captured from the webcam with live feedback, and `facegate run`
/// then lets her in from another clip of her. Screenshots in both languages.
@Suite(.serialized, .testExecutor) struct ConsoleDeskCameraTests {
    static func clip(_ name: String) throws -> String { try RealFaces.file("video-dev/\(name)") }

    @Test func R3_R13_aResidentEnrolledFromTheDesksWebcamInChromiumIsLetInFromAnotherClipOfHer() async throws {
        let folder = try Fixtures.temporaryDirectory("desk-camera")
        // The woman of the clip that shows two people, cut out: the desk's webcam.
        let webcam = "\(folder)/desk.y4m"
        _ = try Subprocess.python(
            "media.py", ["y4m", try Self.clip("intel/head-pose-face-detection-female-and-male.gif"), "0", "0", "240", "270", "2", webcam])
        let camera = try MJPEGServer(
            scene: ["blank*15", "video:\(try Self.clip("intel/head-pose-face-detection-female.gif"))", "blank*15"], fps: 15, width: 640, height: 360)
        defer { camera.stop() }
        let gate = try GateSite(camera: camera.url)
        try gate.recordAssessment()
        var passwords: [String: String] = [:]
        for name in ["desk2", "locky2"] { passwords[name] = try gate.site.addOperator(name, role: "desk") }
        let console = try RunningConsole(site: gate.site)
        defer { console.stop() }
        let browser = try KioskBrowser(fakeCamera: webcam)
        defer { browser.close() }

        for _ in 1...5 { try await ConsoleBrowserTests.signIn(browser, console, "locky2", "not-the-password") }
        #expect(try await browser.string("document.querySelector('.error').innerText").contains("已锁定"), "locked after five wrong passwords")
        try await ConsoleBrowserTests.signIn(browser, console, "locky2", passwords["locky2"] ?? "")
        #expect(try await browser.string("location.pathname") == "/login", "locked even with the right password")
        try await browser.screenshot("console-1024x700-locked-zh-CN")

        try await ConsoleBrowserTests.signIn(browser, console, "desk2", passwords["desk2"] ?? "")
        try await browser.wait(for: "location.pathname === '/residents'")
        try await browser.open(console.url + "/audit", width: 1024, height: 700)
        #expect(try await browser.string("document.body.innerText").contains("无权打开"), "the desk cannot read the audit")

        try await browser.open(console.url + "/enroll?lang=en&notice=en", width: 1024, height: 1400)
        #expect(try await browser.string("document.getElementById('notice').lang") == "en")
        try await browser.screenshot("console-1024x1400-enroll-en")
        try await browser.open(console.url + "/enroll?lang=zh-CN&notice=zh-CN", width: 1024, height: 1400)
        #expect(try await browser.string("document.getElementById('enroll-button').innerText") == "确认登记")
        _ = try await browser.evaluate("document.querySelector('[name=name]').value = '孙丽'")
        _ = try await browser.evaluate("document.querySelector('[name=unit]').value = '1-103'")
        try await browser.click("[name=agree]")
        _ = try await browser.evaluate("document.querySelector('[name=typed_name]').value = '孙丽'")
        try await browser.click("#start-camera")
        try await browser.wait(for: "document.getElementById('feedback').dataset.ready === 'true'", timeout: 90)
        #expect(try await browser.string("document.getElementById('feedback').innerText") == "人脸采集完成。")
        try await browser.screenshot("console-1024x1400-enroll-captured-zh-CN")
        try await browser.click("#enroll-button")
        try await browser.wait(for: "document.getElementById('receipt') !== null || document.getElementById('refusal') !== null", timeout: 60)
        let receipt = try await browser.string("document.body.innerText")
        #expect(receipt.contains("登记回执") && receipt.contains("1-103"), "\(receipt)")
        try await browser.screenshot("console-1024x1400-enrollment-receipt-zh-CN")
        let pseudonym = try await browser.string("document.querySelector('#receipt code').innerText")
        #expect(try gate.audit(.enroll).contains { $0.event.pseudonym == pseudonym && $0.event.actor == "desk2" })
        console.stop()

        let running = try gate.start()
        let admitted = await running.settle(timeout: 120) { _ in ((try? gate.audit(.match)) ?? []).contains { $0.event.pseudonym == pseudonym } }
        #expect(running.stop() == 0)
        #expect(admitted, "the resident enrolled at the desk is let in from another clip of her: \(running.log.suffix(1_500))")
        #expect(gate.openings >= 1)
    }
}
