import Foundation
import Policy
import TestSupport
import Testing

@testable import Kiosk

/// The gate screen in a real headless Chromium: every state, both
/// languages, the two panel sizes gates use. Screenshots land in
/// test-output/kiosk for a person to look at.
@Suite(.serialized, .testExecutor) struct KioskScreenTests {
    static let sizes = [(800, 480), (1280, 800)]

    /// A kiosk server and a browser; the caller stops both.
    static func open() async throws -> (KioskScreen, KioskBrowser) {
        let screen = KioskScreen()
        try await screen.start()
        do {
            return (screen, try KioskBrowser())
        } catch {
            screen.stop()
            throw error
        }
    }

    @Test func R14_R2_R22_everyStateSaysWhatHappensWithPurposeAndEveryWayInOnScreen() async throws {
        let (screen, browser) = try await Self.open()
        defer {
            screen.stop()
            browser.close()
        }
        var screenshots = 0
        for (width, height) in Self.sizes {
            for language in ["zh-CN", "en"] {
                screen.events.setBase(faceEntry: true)
                screen.events.show(.idle)
                try await browser.open("\(screen.base)/?lang=\(language)", width: width, height: height)
                for state in KioskState.allCases {
                    let name = "\(width)x\(height)-\(language)-\(state.rawValue)"
                    screen.events.setBase(faceEntry: state != .alternativesOnly)
                    screen.events.show(state, greeting: state == .welcome ? "3-502" : nil)
                    try await browser.waitForState(state.rawValue)
                    try await checkScreen(browser, state: state, language: language, height: height, name: name)
                    try await browser.screenshot(name)
                    screenshots += 1
                }
            }
        }
        #expect(screenshots == Self.sizes.count * 2 * KioskState.allCases.count)
        let requests = try await browser.requests()
        #expect(!requests.isEmpty)
        #expect(requests.allSatisfy { $0.hasPrefix(screen.base + "/") }, "every request stays on 127.0.0.1: \(requests)")
    }

    private func checkScreen(_ browser: KioskBrowser, state: KioskState, language: String, height: Int, name: String) async throws {
        let text = try #require(KioskText.byLanguage[language])
        let visible = try await browser.string("document.body.innerText")
        let screenWords = try #require(text.screens[state.rawValue])
        let headline = state == .welcome ? (KioskScreen.site.welcome[language] ?? "") : screenWords.headline
        #expect(visible.contains(headline), "\(name): headline")
        #expect(visible.contains(screenWords.detail), "\(name): what to do")
        #expect(visible.contains(text.purposeLabel) && visible.contains(KioskScreen.site.purpose[language] ?? "?"), "\(name): purpose (R14)")
        #expect(visible.contains(text.privacy), "\(name): no photos kept")
        #expect(!visible.contains("3-502") || state == .welcome, "\(name): a greeting only on a welcome")
        if state == .welcome { #expect(visible.contains("3-502"), "\(name): the site's greeting") }
        let other = language == "en" ? KioskText.chinese : KioskText.english
        #expect(!visible.contains(other.screens[state.rawValue]?.headline ?? "?"), "\(name): one language at a time")
        if language == "zh-CN" {
            let latin = visible.replacingOccurrences(of: text.otherLanguage, with: "").range(of: "[A-Za-z]", options: .regularExpression)
            #expect(latin == nil, "\(name): the Chinese screen shows no English but its language switch: \(visible)")
        }

        let tiles = try #require(try await browser.evaluate(ScreenProbe.tiles) as? [[Any]])
        let ways = tiles.compactMap { $0.first as? String }
        #expect(ways == ["face", "card", "pin", "guard"], "\(name): face and every alternative, in the site's order")
        #expect(tiles.allSatisfy { $0[1] as? Bool == true }, "\(name): every way in fully on screen (R2)")
        let sizes = Set(tiles.map { "\($0[2])x\($0[3])" })
        #expect(sizes.count == 1, "\(name): the ways in are tiles of one size, none favoured (R2): \(sizes)")
        for way in ways { #expect(visible.contains(text.tiles[way]?.title ?? "?"), "\(name): \(way) named") }
        #expect(!visible.lowercased().contains("recommend") && !visible.contains("推荐"), "\(name): nothing recommended (R2)")

        #expect(try await browser.string(ScreenProbe.layoutProblems) == "", "\(name): layout")
        let contrast = try #require(try await browser.evaluate(ScreenProbe.lowestContrast) as? Double)
        #expect(contrast >= 7, "\(name): contrast \(contrast) below WCAG AAA 7:1")
        let sizesInPixels = try #require(try await browser.evaluate(ScreenProbe.fontSizes) as? [Double])
        #expect(sizesInPixels[0] >= 0.1 * Double(height), "\(name): headline \(sizesInPixels[0]) px")
        #expect(sizesInPixels[1] >= 0.04 * Double(height), "\(name): smallest text \(sizesInPixels[1]) px")
        if language == "zh-CN" { try await checkChineseRenders(browser, name: name) }
    }

    private func checkChineseRenders(_ browser: KioskBrowser, name: String) async throws {
        let glyphs = try #require(try await browser.evaluate(ScreenProbe.missingGlyphs) as? [Any])
        #expect(glyphs[0] as? Bool == true, "\(name): the missing-glyph box can be told apart")
        #expect((glyphs[1] as? Int ?? 0) >= 10, "\(name): Chinese text on screen")
        #expect(glyphs[2] as? String == "", "\(name): drawn as empty boxes: \(glyphs[2])")
        for selector in ["#headline", "#detail", "#purpose-text"] {
            let families = try await browser.fonts(selector)
            #expect(
                !families.isEmpty && families.allSatisfy { $0.contains("WenQuanYi") || $0.contains("CJK") || $0.contains("Han Sans") },
                "\(name): \(selector) drawn with \(families), not a CJK font")
        }
    }

    @Test func theLanguageToggleSwitchesEveryWordAndComesBackToTheSiteLanguage() async throws {
        let (screen, browser) = try await Self.open()
        defer {
            screen.stop()
            browser.close()
        }
        try await browser.open(screen.base + "/", width: 800, height: 480)
        try await browser.waitForState("idle")
        #expect(try await browser.string("document.body.innerText").contains(KioskText.chinese.screens["idle"]!.headline))
        try await browser.click("#language")
        try await browser.wait(for: "document.body.dataset.language === 'en'")
        let english = try await browser.string("document.body.innerText")
        #expect(english.contains(KioskText.english.screens["idle"]!.headline))
        #expect(
            english.range(of: #"\p{Script=Han}"#, options: .regularExpression) == nil || english.contains("中文"),
            "no Chinese left but the toggle's own label")
        #expect(try await browser.string("document.documentElement.lang") == "en")
        try await browser.click("#language")
        try await browser.wait(for: "document.body.dataset.language === 'zh-CN'")
    }

    @Test func aChangedSiteWordingReachesAnOpenScreenWithoutAReload() async throws {
        let (screen, browser) = try await Self.open()
        defer {
            screen.stop()
            browser.close()
        }
        try await browser.open(screen.base + "/?lang=en", width: 800, height: 480)
        try await browser.waitForState("idle")
        var site = KioskScreen.site
        site.purpose["en"] = "opening the north gate for residents who chose face entry"
        site.alternatives = ["card", "qr"]
        screen.events.setSite(site)
        try await browser.wait(for: "document.body.innerText.includes('opening the north gate')")
        let tiles = try #require(try await browser.evaluate(ScreenProbe.tiles) as? [[Any]])
        #expect(tiles.compactMap { $0.first as? String } == ["face", "card", "qr"])
        #expect(try await browser.evaluate("performance.getEntriesByType('navigation').length") as? Int == 1, "not reloaded")
    }

    @Test func outcomesFallBackToTheBaseStateSoNoScreenKeepsAStaleWelcome() async throws {
        let (screen, browser) = try await Self.open()
        defer {
            screen.stop()
            browser.close()
        }
        try await browser.open(screen.base + "/", width: 800, height: 480)
        screen.events.show(.welcome)
        try await browser.waitForState("welcome")
        let hold = try #require(KioskState.welcome.holdSeconds)
        try await browser.waitForState("idle", timeout: hold + 6)
        screen.events.setBase(faceEntry: false)
        try await browser.waitForState("alternatives-only")
        let face = try await browser.string("document.querySelector('[data-way=face]').innerText")
        #expect(face.contains(KioskText.chinese.faceOff), "the face tile says it is paused: \(face)")
    }

    /// A resident taps the PIN tile just as someone walks into the camera's
    /// view: the screen changes between finger down and finger up, and the
    /// tap must still open the pad (R1: the alternative always works).
    @Test func aTapOnThePINTileLandsWhileTheScreenChangesUnderTheFinger_R1() async throws {
        let (screen, browser) = try await Self.open()
        defer {
            screen.stop()
            browser.close()
        }
        try await browser.open(screen.base + "/", width: 800, height: 480)
        screen.events.show(.idle)
        try await browser.waitForState("idle")
        try await browser.press("[data-way=pin]")
        screen.events.show(.verifying)
        try await browser.waitForState("verifying")
        try await browser.release()
        try await browser.wait(for: "!document.getElementById('pinpad').hidden")
    }
}
