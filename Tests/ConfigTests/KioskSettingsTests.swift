import Config
import Foundation
import Policy
import TestSupport
import Testing

/// What the gate screen is told by the config: its purpose line, welcome and
/// greeting — checked as strictly as every other key.
@Suite(.testExecutor) struct KioskSettingsTests {
    func load(_ extra: String, replacing: (String, String)? = nil) throws -> FacegateConfig {
        var text = try String(contentsOfFile: ConfigTests.example, encoding: .utf8)
        if let (old, new) = replacing { text = text.replacingOccurrences(of: old, with: new) }
        return try FacegateConfig(toml: text + extra, source: "site.toml", baseDirectory: "/")
    }

    @Test func R14_theScreenStatesThePurposeInBothLanguagesAndFollowsAChangedSitePurpose() throws {
        let example = try load("")
        #expect(example.gate.kiosk.purpose[.zhCN] == "为自愿选择刷脸的住户开门")
        #expect(example.gate.kiosk.purpose[.en] == "opening this gate for residents who chose face entry")
        #expect(example.gate.kiosk.welcome[.en] == "Welcome home")

        let bare = try FacegateConfig(toml: "", source: "bare.toml", baseDirectory: "/")
        #expect(bare.gate.kiosk.purpose[.zhCN] == "为自愿选择刷脸的住户开门", "the default purpose has a default screen line")

        let changed = try FacegateConfig(toml: "[site]\npurpose = \"opening the car park barrier\"\n", source: "s.toml", baseDirectory: "/")
        #expect(changed.gate.kiosk.purpose[.en] == "opening the car park barrier")
        #expect(
            changed.gate.kiosk.purpose[.zhCN] == "opening the car park barrier",
            "a changed purpose the site did not translate is shown as written, never the stale default")
    }

    @Test func kioskWordingAndGreetingKeysAreChecked() throws {
        let badLanguage = #expect(throws: ConfigError.self) { try self.load("", replacing: ("en = \"Welcome home\"", "fr = \"Bienvenue\"")) }
        #expect(badLanguage?.message == "site.toml: 'kiosk.welcome.fr': languages are zh-CN and en")
        let badGreeting = #expect(throws: ConfigError.self) { try self.load("", replacing: ("greeting = \"none\"", "greeting = \"name\"")) }
        #expect(badGreeting?.message == "site.toml: 'kiosk.greeting' must be none, unit or first-name")
        #expect(try load("", replacing: ("greeting = \"none\"", "greeting = \"first-name\"")).gate.kiosk.greeting == .firstName)
    }

    @Test func aGreetingShowsOnlyWhatTheSiteChose() {
        #expect(Greeting.none.shown(name: "Chen Jing", unit: "5-501") == nil)
        #expect(Greeting.unit.shown(name: "Chen Jing", unit: "5-501") == "5-501")
        #expect(Greeting.firstName.shown(name: "Chen Jing", unit: "5-501") == "Chen")
        #expect(Greeting.firstName.shown(name: "张伟明", unit: "5-501") == "张**", "a name without spaces is masked after its first character")
        #expect(Greeting.firstName.shown(name: "  ", unit: "5-501") == nil)
    }
}
