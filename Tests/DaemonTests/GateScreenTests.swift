import Audit
import Config
import Foundation
import Gallery
import Policy
import TestSupport
import Testing

/// The gate screen served by a real `facegate run`, in a real headless
/// Chromium: a person taps the PIN pad, reads the notice, walks up, and
/// the screen follows the daemon through a lost camera and a restart.
@Suite(.serialized, .testExecutor) struct GateScreenTests {
    static let pin = "730145"
    /// Keeps every state the page showed, in order, in `window.seenStates`.
    /// Records every state the screen passes through, and the headline the
    /// first welcome showed (the scene may bring the face back and the
    /// screen to verifying before a loaded test gets to read it).
    static let recordStates = """
        (() => { window.seenStates = [document.body.dataset.state];
            new MutationObserver(() => { const s = document.body.dataset.state;
                if (s === 'welcome' && window.welcomeHeadline === undefined)
                    window.welcomeHeadline = document.getElementById('headline').textContent;
                if (window.seenStates[window.seenStates.length - 1] !== s) window.seenStates.push(s); })
                .observe(document.body, { attributes: true, attributeFilter: ['data-state'] });
            return true; })()
        """

    func typePIN(_ pin: String, on browser: KioskBrowser) async throws {
        try await browser.click("[data-way=pin]")
        try await browser.wait(for: "!document.getElementById('pinpad').hidden")
        for digit in pin { try await browser.click("[data-key='\(digit)']") }
        try await browser.wait(for: "document.getElementById('pin-dots').textContent === '\(String(repeating: "●", count: pin.count))'")
        #expect(try await !browser.string("document.getElementById('pinpad').textContent").contains(pin), "the pad shows dots, never the digits")
        try await browser.click("[data-key=ok]")
    }

    @Test func R1_R4_PINPadNoticeLostCameraAndRestartThroughTheBrowser() async throws {
        let camera = try MJPEGServer(scene: ["blank*10"])
        let site = try GateSite(camera: camera.url) {
            $0.replacingOccurrences(of: "reconnect_max_seconds = 10.0", with: "reconnect_max_seconds = 1.0")
        }
        try site.recordAssessment()
        try site.issuePIN(unit: "2-202", pin: Self.pin)
        var gate = try site.start()
        let browser = try KioskBrowser()
        defer { browser.close() }
        try await browser.open(gate.kiosk + "/", width: 800, height: 480)
        try await browser.waitForState("idle")
        try await browser.screenshot("daemon-800x480-idle")

        try await typePIN("000000", on: browser)
        try await browser.wait(for: "document.getElementById('pin-message').textContent === '密码错误，请重试。'")
        #expect(site.openings == 0)
        try await browser.screenshot("daemon-800x480-pin-wrong")
        try await browser.click("#pin-cancel")
        try await typePIN(Self.pin, on: browser)
        try await browser.waitForState("welcome")
        #expect(try await browser.evaluate("document.getElementById('pinpad').hidden") as? Bool == true, "the pad closes on success")
        #expect(await gate.settle(timeout: 20) { _ in site.openings == 1 }, "the PIN typed in the browser opened the gate")
        #expect(try site.audit(.alternative).count == 1)
        #expect(try site.audit(.alternativeRefused).count == 1, "the wrong PIN was audited")

        let config = try FacegateConfig.load(site.site.config)
        for language in Language.allCases {
            let notice = try ConsentNotice.load(language, config: config).text
            #expect(gate.get("/notice.txt?lang=\(language.rawValue)").body == notice)
            try await browser.open(gate.kiosk + "/notice?lang=\(language.rawValue)", width: 800, height: 480)
            let shown = try await browser.string("document.getElementById('notice-text').innerText")
            let words = { (text: String) in text.filter { !$0.isWhitespace } }
            #expect(words(shown) == words(notice), "the notice at the gate is the one `facegate enroll` shows (R4), reflowed")
            try await browser.screenshot("daemon-800x480-notice-\(language.rawValue)")
        }
        try await browser.click("#back")
        try await browser.waitForState("idle")
        #expect(try await browser.string("document.body.dataset.language") == "en", "back in the language the notice was read in")

        camera.stop()
        try await browser.waitForState("alternatives-only", timeout: 30)
        #expect(try await browser.string("document.querySelector('[data-way=face]').innerText").contains("Paused"))
        try await browser.screenshot("daemon-800x480-camera-lost")
        try camera.start()
        try await browser.waitForState("idle", timeout: 45)

        #expect(gate.post("/api/pin", json: #"{"pin":"\#(Self.pin)"}"#).body.contains("opened"))
        try await browser.waitForState("welcome")
        #expect(gate.stop() == 0)
        try await browser.waitForState("offline", timeout: 30)
        try await browser.screenshot("daemon-800x480-daemon-gone")
        gate = try site.start()
        try await browser.waitForState("idle", timeout: 45)
        _ = try await browser.evaluate(Self.recordStates)
        try await Task.sleep(for: .seconds(1))
        #expect(try await browser.evaluate("window.seenStates") as? [String] == ["idle"], "no stale welcome after the restart")
        #expect(gate.stop() == 0)

        let requests = try await browser.requests()
        #expect(requests.allSatisfy { $0.hasPrefix(gate.kiosk + "/") }, "every request stays on 127.0.0.1: \(requests)")
        guard case .intact = try site.gallery().verifyAudit() else {
            Issue.record("the audit chain does not verify")
            return
        }
    }

    @Test func R14_aResidentWalkingUpSeesVerifyingThenWelcomeWithTheUnitWhenTheSiteGreetsByUnit() async throws {
        let scene = try GateScene.make(residents: 1, in: try Fixtures.temporaryDirectory("scene"))
        let camera = try MJPEGServer(scene: ["blank*30", "\(scene.residents[0].walkUpPhoto)*15"])
        let site = try GateSite(camera: camera.url) { $0.replacingOccurrences(of: "greeting = \"none\"", with: "greeting = \"unit\"") }
        try site.recordAssessment()
        try site.enroll(scene.residents[0])
        let gate = try site.start()
        defer { gate.stop() }
        let browser = try KioskBrowser()
        defer { browser.close() }
        try await browser.open(gate.kiosk + "/?lang=en", width: 1280, height: 800)
        try await browser.wait(for: "['idle', 'verifying'].includes(document.body.dataset.state)")
        _ = try await browser.evaluate(Self.recordStates)
        try await browser.waitForState("welcome", timeout: 60)
        try await browser.screenshot("daemon-1280x800-en-welcome")
        let headline = try await browser.string("window.welcomeHeadline")
        #expect(headline == "Welcome home, \(scene.residents[0].unit)", "greeting by unit, never the name")
        #expect(!(try await browser.string("document.body.innerText")).contains(scene.residents[0].name))
        let seen = try await browser.evaluate("window.seenStates") as? [String] ?? []
        #expect(
            seen.firstIndex(of: "verifying").map { $0 < (seen.firstIndex(of: "welcome") ?? 0) } == true,
            "the purpose screen of verifying came before the welcome: \(seen)")
        #expect(site.openings >= 1)
    }
}
