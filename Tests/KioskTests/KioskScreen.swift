import Foundation
import Hummingbird
import Matcher
import Policy
import TestSupport

@testable import Kiosk

/// The kiosk's real router and event source on a free local port, with a
/// backend that answers only for the screen: the states are driven by the
/// test through `events`, exactly as the daemon drives them.
final class KioskScreen: KioskBackend, @unchecked Sendable {
    // @unchecked: `server` is set once in `start` and only stopped after.
    let events: KioskEvents
    private(set) var base = ""
    private var server: LocalServer?

    static let site = KioskSite(
        language: "zh-CN", alternatives: ["card", "pin", "guard"],
        purpose: ["zh-CN": "为自愿选择刷脸的住户开门", "en": "opening this gate for residents who chose face entry"],
        welcome: ["zh-CN": "欢迎回家", "en": "Welcome home"])

    init(site: KioskSite = KioskScreen.site) { events = KioskEvents(site: site) }

    func start() async throws {
        let server = try await LocalServer(KioskRouter.make(self))
        self.server = server
        base = server.url
    }

    func stop() { server?.stop() }

    func enterPIN(_ pin: String, from client: KioskClient) async -> AlternativeOutcome { .unavailable }
    func controllerAlternative(method: String, reference: String?, token: String?, from client: KioskClient) async -> AlternativeOutcome {
        .unauthorised
    }
    func metrics() -> String { "" }
    func notice(language: String) -> String? { nil }
}

/// What a test checks on any screen, as JavaScript run in the page.
enum ScreenProbe {
    /// Elements that fall outside the viewport, overflow, or overlap the tiles; "" when none.
    static let layoutProblems = """
        (() => {
            const problems = [];
            const inside = (e) => { const r = e.getBoundingClientRect();
                return r.width > 0 && r.height > 0 && r.left >= -0.5 && r.top >= -0.5
                    && r.right <= innerWidth + 0.5 && r.bottom <= innerHeight + 0.5; };
            for (const e of document.querySelectorAll('#purpose, #headline, #detail, .way, #language, #notice-link')) {
                const name = e.id || e.dataset.way;
                if (!inside(e)) problems.push(name + ' outside the screen');
                if (e.scrollWidth > e.clientWidth + 1) problems.push(name + ' overflows');
            }
            const message = document.querySelector('#message').getBoundingClientRect();
            const ways = document.querySelector('#ways').getBoundingClientRect();
            const header = document.querySelector('header').getBoundingClientRect();
            if (message.bottom > ways.top + 0.5) problems.push('message runs into the tiles');
            if (message.top < header.bottom - 0.5) problems.push('message runs into the purpose');
            return problems.join('; ');
        })()
        """

    /// The lowest WCAG contrast ratio of any text on the screen against what is behind it.
    static let lowestContrast = """
        (() => {
            const rgba = (c) => c.match(/[\\d.]+/g).map(Number);
            const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
            const behind = (e) => { for (; e; e = e.parentElement) { const c = rgba(getComputedStyle(e).backgroundColor);
                if (c.length < 4 || c[3] > 0) return c; } return [255, 255, 255]; };
            const ratio = (e) => { const a = lum(rgba(getComputedStyle(e).color)), b = lum(behind(e));
                return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); };
            const texts = document.querySelectorAll('#purpose, #headline, #detail, .way .title, .way .hint, .chip');
            return Math.min(...Array.from(texts).map(ratio));
        })()
        """

    /// Font sizes in px: the headline, the smallest other text.
    static let fontSizes = """
        (() => {
            const size = (e) => parseFloat(getComputedStyle(e).fontSize);
            const others = document.querySelectorAll('#purpose, #detail, .way .title, .way .hint, .chip');
            return [size(document.querySelector('#headline')), Math.min(...Array.from(others).map(size))];
        })()
        """

    /// Each tile for a way in: name, whether it is fully on screen and visible, and its size.
    static let tiles = """
        Array.from(document.querySelectorAll('.way')).map((e) => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
            return [e.dataset.way, r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= innerWidth && r.bottom <= innerHeight
                && s.visibility === 'visible' && s.opacity === '1' && s.display !== 'none', Math.round(r.width), Math.round(r.height)]; })
        """

    /// Draws every Han character on the page, alone, in the page's own font
    /// and compares it with the missing-glyph box (two unassigned code
    /// points must draw the same box, or the comparison proves nothing).
    /// Returns [box drawn alike twice, characters checked, characters drawn as the box].
    static let missingGlyphs = """
        (() => {
            const canvas = document.createElement('canvas');
            canvas.width = 64; canvas.height = 64;
            const context = canvas.getContext('2d', { willReadFrequently: true });
            const font = '48px ' + getComputedStyle(document.querySelector('#headline')).fontFamily;
            const draw = (text) => { context.clearRect(0, 0, 64, 64); context.font = font; context.fillStyle = '#000';
                context.fillText(text, 4, 52); return context.getImageData(0, 0, 64, 64).data.join(','); };
            const box = draw('\\u0378');
            const sane = box === draw('\\u0379') && box !== draw('');
            const han = Array.from(new Set(document.body.innerText.match(/\\p{Script=Han}/gu) || []));
            return [sane, han.length, han.filter((c) => draw(c) === box).join('')];
        })()
        """
}
