import Config
import Foundation
import Policy
import TestSupport
import Testing

/// The config is read strictly: every key known, every value checked, every
/// problem named by file and key.
@Suite(.testExecutor) struct ConfigTests {
    static var example: String { "\(Fixtures.repositoryRoot)/config/facegate.example.toml" }

    @Test func theExampleConfigDocumentsEveryKeyAndLoads() throws {
        let config = try FacegateConfig.load(Self.example)
        #expect(config.site.gateID == "north-gate")
        #expect(config.alternatives == [.card, .pin, .guardCall])
        #expect(config.retention.templateDays == 730)
        #expect(config.notice.files[.zhCN] == "\(Fixtures.repositoryRoot)/config/notice.zh-CN.txt", "relative to the config file")
        #expect(config.enrollment.minorsEnabled == false)
    }

    @Test func unknownKeysAreErrorsNamingTheKey() throws {
        let text = try String(contentsOfFile: Self.example, encoding: .utf8) + "\n[enrollment.extra]\nminor_enabled = true\n"
        let misspelt = try String(contentsOfFile: Self.example, encoding: .utf8)
            .replacingOccurrences(of: "minors_enabled = false", with: "minor_enabled = true")
        let nested = #expect(throws: ConfigError.self) { try FacegateConfig(toml: text, source: "site.toml", baseDirectory: "/") }
        #expect(nested?.message == "site.toml: unknown key 'enrollment.extra' (see config/facegate.example.toml for every key)")
        let typo = #expect(throws: ConfigError.self) { try FacegateConfig(toml: misspelt, source: "site.toml", baseDirectory: "/") }
        #expect(typo?.message.contains("unknown key 'enrollment.minor_enabled'") == true)
    }

    @Test func wrongTypesRangesAndChoicesAreNamed() throws {
        let cases: [(String, String)] = [
            ("[retention]\ntemplate_days = \"two years\"", "'retention.template_days' must be an integer"),
            ("[retention]\naudit_days = 30", "'retention.audit_days' must be between 1095"),
            ("[site]\nplacement = \"bathroom-ish\"", "'site.placement' is \"bathroom-ish\"; allowed:"),
            ("[alternatives]\nmethods = [\"face\"]", "'alternatives.methods' is \"face\""),
            ("[enrollment]\nminors_enabled = \"yes\"", "'enrollment.minors_enabled' must be true or false"),
            ("[site\ngate_id = 1", "site.toml: line"),
            ("[/etc/notice]\nx = 1", "line 1: a table header must be [name]"),
            ("[alternatives]\nmethods = [\"card\", }guard\"]", "line 2: a '}' where the array expects a value"),
            ("a = [\n  # \"]\n  }\n]", "line 3: a '}' where the array expects a value"),
            ("[[}]]\n", "site.toml: line 1"),
            ("a = [\"}\", '[', \"\"\"\n,}\"\"\"]\nb = {", "site.toml"),
            ("site = 3\n[site.x]\n", "site.toml"),
        ]
        for (toml, words) in cases {
            let error = #expect(throws: ConfigError.self, "\(toml)") { try FacegateConfig(toml: toml, source: "site.toml", baseDirectory: "/") }
            #expect(error?.message.contains(words) == true, "\(toml): \(error?.message ?? "no error")")
        }
    }

    @Test func aCameraLoginIsNeverTakenFromTheConfigInClear_R8() throws {
        let inURL = #expect(throws: ConfigError.self) {
            try FacegateConfig(toml: "[camera]\nsource = \"rtsp://admin:s3cret@10.0.0.9/stream1\"", source: "site.toml", baseDirectory: "/")
        }
        #expect(inURL?.message.contains("camera.credentials_file") == true && inURL?.message.contains("s3cret") == false, "\(inURL?.message ?? "")")
        let transport = #expect(throws: ConfigError.self) {
            try FacegateConfig(toml: "[camera]\ntransport = \"http\"", source: "site.toml", baseDirectory: "/")
        }
        #expect(transport?.message.contains("'camera.transport' is \"http\"; allowed: tcp, udp") == true, "\(transport?.message ?? "")")

        let config = try FacegateConfig(
            toml: "[camera]\nsource = \"rtsp://10.0.0.9/stream1\"\ntransport = \"udp\"\ncredentials_file = \"camera.cred\"\nmax_frame_age_ms = 250",
            source: "site.toml", baseDirectory: "/etc/facegate")
        #expect(config.gate.camera.transport == .udp)
        #expect(config.gate.camera.credentialsFile == "/etc/facegate/camera.cred", "relative to the config's folder")
        #expect(config.gate.camera.maxFrameAgeSeconds == 0.25)
        let defaults = try FacegateConfig(toml: "", source: "site.toml", baseDirectory: "/")
        #expect(
            defaults.gate.camera.transport == .tcp && defaults.gate.camera.credentialsFile == nil && defaults.gate.camera.maxFrameAgeSeconds == 0.3)
    }

    @Test func R17_privatePlacementsAreKnownAsPrivate() throws {
        for placement in Placement.allCases {
            let config = try FacegateConfig(toml: "[site]\nplacement = \"\(placement.rawValue)\"", source: "s", baseDirectory: "/")
            #expect(config.site.placement == placement)
        }
        #expect(Placement.allCases.filter(\.isPrivate) == [.hotelRoom, .bathroom, .changingRoom, .toilet, .bedroom])
    }

    @Test func R4_theNoticeStatesControllerPurposeStorageRetentionWithdrawalAndAlternativesInBothLanguages() throws {
        let config = try FacegateConfig.load(Self.example)
        let english = try ConsentNotice.load(.en, config: config)
        let en = try #require(config.site.wording[.en]), zh = try #require(config.site.wording[.zhCN])
        for fact in [
            en.controller, en.purpose, "not your photo", "730 days", "withdraw", "access card, PIN code, calling the guard", en.contact,
            "never stored",
        ] {
            #expect(english.text.contains(fact), "English notice lacks: \(fact)")
        }
        let chinese = try ConsentNotice.load(.zhCN, config: config)
        for fact in [zh.controller, zh.purpose, zh.contact, "不存储照片", "730 天", "撤回", "门禁卡、密码、呼叫保安", "监护人"] {
            #expect(chinese.text.contains(fact), "Chinese notice lacks: \(fact)")
        }
        #expect(chinese.text.range(of: "[A-Za-z]", options: .regularExpression) == nil, "the Chinese notice carries no English: \(chinese.text)")
        #expect(config.site.controller.contains("zh-CN: 朝阳花园") && config.site.controller.contains("en: Sunrise"), "records keep every language")
        #expect(!english.text.contains("{") && !chinese.text.contains("{"), "every placeholder is filled")
        #expect(english.sha256.count == 64 && english.sha256 != chinese.sha256)
        var changed = config
        changed.retention.templateDays = 365
        #expect(try ConsentNotice.load(.en, config: changed).sha256 != english.sha256, "a changed retention changes the notice and its hash")
    }

    @Test func R4_controllerContactAndPurposeAreOneTextOrOnePerLanguage() throws {
        let one = try FacegateConfig(toml: "[site]\ncontroller = \"ACME\"\n", source: "s.toml", baseDirectory: "/")
        #expect(one.site.controller == "ACME" && one.site.wording[.zhCN]?.controller == "ACME" && one.site.wording[.en]?.controller == "ACME")
        #expect(one.site.wording[.zhCN]?.contact == "物业服务中心", "an unset text has a Chinese default, not English")
        #expect(one.site.purpose == FacegateConfig.defaultPurpose, "the recorded default purpose is unchanged")
        let onlyChinese = try FacegateConfig(toml: "[site.contact]\nzh-CN = \"物业\"\n", source: "s.toml", baseDirectory: "/")
        #expect(onlyChinese.site.wording[.en]?.contact == "物业", "a language left out shows the other's text")
        for (toml, message) in [
            ("[site.controller]\nfr = \"x\"\n", "'site.controller.fr': languages are zh-CN and en"),
            ("[site]\npurpose = 3\n", "'site.purpose' must be a string, or a table of zh-CN and en strings"),
            ("[site.purpose]\n", "'site.purpose' must be a string, or a table"),
        ] {
            let error = #expect(throws: ConfigError.self) { try FacegateConfig(toml: toml, source: "s.toml", baseDirectory: "/") }
            #expect(error?.description.contains(message) == true, "\(toml) → \(error?.description ?? "no error")")
        }
    }

    @Test func R2_theNoticeOffersFaceAsOneChoiceWithNoDefault() throws {
        let config = try FacegateConfig.load(Self.example)
        let english = try ConsentNotice.load(.en, config: config).text.lowercased()
        #expect(english.contains("your choice"))
        #expect(!english.contains("recommended") && !english.contains("default"))
    }
}
