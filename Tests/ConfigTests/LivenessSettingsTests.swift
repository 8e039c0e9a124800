import Config
import Decision
import Testing

/// The `[liveness]` settings (R21): the defaults, the rule they configure,
/// and the combinations that could not work refused at start.
@Suite struct LivenessSettingsTests {
    static func rule(_ toml: String) throws -> LivenessRule {
        LivenessRule(try FacegateConfig(toml: toml, source: "test.toml", baseDirectory: "/tmp").gate.liveness)
    }

    @Test func theSettingsConfigureTheRule_R21() throws {
        let software = try Self.rule("")
        #expect(software.threshold == 0.7 && !software.usesSensor && software.usesSoftware)
        let sensor = """
            [liveness.sensor]
            command = ["/usr/local/bin/ir-check"]
            """
        #expect(try Self.rule("[liveness]\nrule = \"external\"\n" + sensor) == LivenessRule(threshold: 0.7, rule: .external))
        #expect(try Self.rule("[liveness]\nrule = \"both\"\nthreshold = 0.5\n" + sensor) == LivenessRule(threshold: 0.5, rule: .both))
        let stillPixels = try FacegateConfig(toml: "", source: "t.toml", baseDirectory: "/tmp").gate.liveness.stillPixels
        #expect(stillPixels == GateSettings.Liveness.defaultStillPixels)
    }

    @Test func livenessSettingsRefuseWhatCannotWork_R21() throws {
        let cases: [(String, String)] = [
            ("[liveness]\nrule = \"either\"", "allowed: software, external, both"),
            ("[liveness]\nrule = \"both\"", "no 'liveness.sensor'"),
            ("[liveness.sensor]\nurl = \"http://127.0.0.1:9/live\"", "ignores it"),
            ("[liveness]\nrule = \"external\"\n[liveness.sensor]\ncommand = [\"ir-check\"]", "absolute program path"),
            ("[liveness]\nrule = \"external\"\n[liveness.sensor]\nurl = \"ftp://x\"", "http(s) URL"),
            ("[liveness]\nthreshold = 1.5", "'liveness.threshold' must be between"),
            ("[liveness]\nthreshhold = 0.5", "unknown key 'liveness.threshhold'"),
        ]
        for (toml, message) in cases {
            let error = #expect(throws: ConfigError.self) { try FacegateConfig(toml: toml, source: "t.toml", baseDirectory: "/tmp") }
            #expect(error?.description.contains(message) == true, "\(toml) → \(error?.description ?? "no error")")
        }
    }
}
