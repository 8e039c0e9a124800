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

    @Test func theChallengeDefaultsAskTwoOfFourDirectionsAndLimitTries_R21() throws {
        let shipped = try FacegateConfig(toml: "", source: "t.toml", baseDirectory: "/tmp").gate.liveness.challenge
        #expect(shipped.mode == .onDoubt && shipped.sure == 0.9 && shipped.steps == 2)
        #expect(shipped.instructions == [.turnLeft, .turnRight, .lookUp, .lookDown])
        #expect(
            shipped.tries
                == LivenessChallenge.TryLimit(
                    failures: 3, windowSeconds: 600, pauseSeconds: 1_800, growth: 2, longestPauseSeconds: 604_800, memorySeconds: 86_400))
        let site = try FacegateConfig(
            toml: """
                [liveness]
                challenge = "always"
                challenge_instructions = ["turn-left", "turn-right", "come-closer"]
                challenge_steps = 3
                challenge_seconds = 9
                challenge_failures = 5
                challenge_failure_minutes = 20
                challenge_pause_minutes = 60
                challenge_pause_growth = 3
                challenge_longest_pause_hours = 48
                """, source: "t.toml", baseDirectory: "/tmp"
        ).gate.liveness.challenge
        #expect(site.mode == .always && site.steps == 3 && site.instructions == [.turnLeft, .turnRight, .comeCloser] && site.limits.seconds == 9)
        #expect(
            site.tries == LivenessChallenge.TryLimit(failures: 5, windowSeconds: 1_200, pauseSeconds: 3_600, growth: 3, longestPauseSeconds: 172_800))
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
            ("[liveness]\nchallenge_instructions = [\"turn-left\", \"nod\"]", "lists \"nod\", which any moving head answers; use \"look-up\""),
            ("[liveness]\nchallenge_instructions = [\"turn-left\"]\nchallenge_steps = 2", "only 1 instructions are listed"),
            ("[liveness]\nchallenge_steps = 0", "'liveness.challenge_steps' must be between 1 and 4"),
            ("[liveness]\nchallenge_failures = 0", "'liveness.challenge_failures' must be between 1 and 20"),
            ("[liveness]\nchallenge_seconds = 1", "'liveness.challenge_seconds' must be between 3"),
        ]
        for (toml, message) in cases {
            let error = #expect(throws: ConfigError.self) { try FacegateConfig(toml: toml, source: "t.toml", baseDirectory: "/tmp") }
            #expect(error?.description.contains(message) == true, "\(toml) → \(error?.description ?? "no error")")
        }
    }
}
