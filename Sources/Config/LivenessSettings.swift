public import Decision
import Foundation

extension GateSettings {
    /// Presentation-attack screening (R21): the MiniFASNet threshold, the
    /// site's optional hardware liveness sensor and how the two combine.
    /// Documented in `config/facegate.example.toml` under `[liveness]`.
    public struct Liveness: Sendable, Equatable {
        /// How the software screen and a hardware sensor decide together.
        public typealias Rule = LivenessRule.Combination

        /// A site's IR or depth liveness check, asked once per decision.
        public enum Sensor: Sendable, Equatable {
            /// A program: exit 0 live, 1 not live, anything else a failure.
            case command([String])
            /// An http(s) endpoint answering `{"live": true|false}` to a POST.
            case http(String)
        }

        /// A confirmed frame is live when both models' mean p(real) reaches this.
        public var threshold: Double
        public var rule: Rule
        public var sensor: Sensor?
        public var sensorTimeoutSeconds: Double
        /// A face whose box and landmarks all stay within this many pixels
        /// over a whole confirmation window counts as a picture on a stand.
        public var stillPixels: Double
        /// When a matched face must answer a random instruction, and how (R21).
        public var challenge: LivenessChallenge.Settings

        /// The default threshold, chosen from `facegate bench pad` (see README, R21).
        public static let defaultThreshold = 0.7
        /// The default still cue, from the still-cue calibration in StillCueCalibrationTests.
        public static let defaultStillPixels = 1.0

        init(_ reader: TOMLReader) throws(ConfigError) {
            threshold = try reader.double("liveness.threshold", default: Self.defaultThreshold, range: 0...0.99)
            rule = try reader.choice("liveness.rule", reader.string("liveness.rule", default: Rule.software.rawValue))
            let command = try reader.strings("liveness.sensor.command", default: [])
            let url = try reader.optionalString("liveness.sensor.url")
            switch (command.isEmpty, url) {
            case (true, nil):
                sensor = nil
            case (false, nil):
                guard command[0].hasPrefix("/") else { throw reader.error("'liveness.sensor.command' must start with an absolute program path") }
                sensor = .command(command)
            case (true, let url?):
                guard URL(string: url)?.scheme?.hasPrefix("http") == true else {
                    throw reader.error("'liveness.sensor.url' must be the sensor's http(s) URL")
                }
                sensor = .http(url)
            case (false, _?):
                throw reader.error("'liveness.sensor' takes either command or url, not both")
            }
            switch (rule, sensor) {
            case (.software, _?):
                throw reader.error("'liveness.sensor' is set but 'liveness.rule' is \"software\", which ignores it; use \"both\" or \"external\"")
            case (.external, nil), (.both, nil):
                throw reader.error("'liveness.rule' is \"\(rule.rawValue)\" but no 'liveness.sensor' command or url is set")
            default:
                break
            }
            sensorTimeoutSeconds = try reader.double("liveness.sensor.timeout_ms", default: 500, range: 50...10_000) / 1000
            stillPixels = try reader.double("liveness.still_pixels", default: Self.defaultStillPixels, range: 0...20)
            challenge = try Self.challenge(reader, threshold: threshold)
        }
    }
}

extension GateSettings.Liveness {
    /// The default sure level, from `facegate bench challenge` (see README, R21).
    public static let defaultSure = 0.9

    /// `liveness.challenge`, `sure`, `challenge_seconds`, `challenge_instructions`,
    /// `challenge_steps` and the per-resident limit on failed challenges.
    static func challenge(_ reader: TOMLReader, threshold: Double) throws(ConfigError) -> LivenessChallenge.Settings {
        let mode: LivenessChallenge.Mode = try reader.choice(
            "liveness.challenge", reader.string("liveness.challenge", default: LivenessChallenge.Mode.onDoubt.rawValue))
        let sure = try reader.double("liveness.sure", default: max(defaultSure, threshold), range: 0...1)
        guard sure >= threshold else {
            throw reader.error("'liveness.sure' (\(sure)) is below 'liveness.threshold' (\(threshold)); a sure score must also pass")
        }
        let seconds = try reader.double("liveness.challenge_seconds", default: LivenessChallenge.Limits().seconds, range: 3...15)
        var instructions: [LivenessChallenge.Instruction] = []
        let defaults = LivenessChallenge.Settings.defaultInstructions.map(\.rawValue)
        for raw in try reader.strings("liveness.challenge_instructions", default: defaults) {
            guard raw != "nod" else {
                throw reader.error(
                    "'liveness.challenge_instructions' lists \"nod\", which any moving head answers; use \"look-up\" and \"look-down\"")
            }
            let instruction: LivenessChallenge.Instruction = try reader.choice("liveness.challenge_instructions", raw)
            if !instructions.contains(instruction) { instructions.append(instruction) }
        }
        guard !instructions.isEmpty || mode == .never else {
            throw reader.error("'liveness.challenge_instructions' is empty; list at least one, or set liveness.challenge = \"never\"")
        }
        let steps = try reader.int("liveness.challenge_steps", default: LivenessChallenge.Settings().steps, range: 1...4)
        guard steps <= max(1, instructions.count) else {
            throw reader.error(
                "'liveness.challenge_steps' is \(steps) but only \(instructions.count) instructions are listed; each step asks a different one")
        }
        let shipped = LivenessChallenge.TryLimit()
        let tries = LivenessChallenge.TryLimit(
            failures: try reader.int("liveness.challenge_failures", default: shipped.failures, range: 1...20),
            windowSeconds: try reader.double("liveness.challenge_failure_minutes", default: shipped.windowSeconds / 60, range: 1...1_440) * 60,
            pauseSeconds: try reader.double("liveness.challenge_pause_minutes", default: shipped.pauseSeconds / 60, range: 1...1_440) * 60,
            growth: try reader.double("liveness.challenge_pause_growth", default: shipped.growth, range: 1...10),
            longestPauseSeconds: try reader.double(
                "liveness.challenge_longest_pause_hours", default: shipped.longestPauseSeconds / 3_600, range: 1...720)
                * 3_600)
        var limits = LivenessChallenge.Limits()
        limits.seconds = seconds
        return LivenessChallenge.Settings(mode: mode, sure: Float(sure), instructions: instructions, steps: steps, limits: limits, tries: tries)
    }
}

extension LivenessRule {
    /// The rule a site's `[liveness]` settings configure.
    public init(_ settings: GateSettings.Liveness) {
        self.init(threshold: Float(settings.threshold), rule: settings.rule)
    }
}
