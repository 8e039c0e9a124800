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

    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
}
