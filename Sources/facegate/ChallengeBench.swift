import ArgumentParser
import Benchmarks
import Config
import Decision

/// `facegate bench challenge`: see `ChallengeBenchmark`.
struct ChallengeBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "challenge",
        abstract: "APCER and BPCER of the liveness challenge on real footage, and how many real faces it would ask.",
        discussion: """
            Loops every CLIP as a screen would play it, --sessions times from random starts with
            random instructions and pauses (a recording cannot see what is asked: the share it
            answers is the replay APCER, with its 95 % upper bound); loops every --photo held still,
            swayed, tilted and moved closer (photo APCER). Each clip with --movement
            CLIP@SECONDS:INSTRUCTION labels (real head movements, found with --trace) becomes a
            person who follows the instructions after a drawn reaction time (BPCER, and the time to
            the answer). Then, per clip, the share of real faces whose passive score over three
            frames falls below the sure level. Settings as in --config (default: the shipped ones),
            always challenged.
            """)

    @Argument(help: "Videos or GIFs of one person each.")
    var clips: [String]

    @Option(name: .customLong("photo"), parsing: .upToNextOption, help: "Photos held up to the camera.")
    var photos: [String] = []

    @Option(name: .customLong("movement"), parsing: .upToNextOption, help: "Real head movements: CLIP@SECONDS:INSTRUCTION.")
    var movements: [String] = []

    @Option(help: "Sessions per clip and per person with labelled movements (photos: a tenth).")
    var sessions = 3_000

    @Option(help: "Seeds the random starts, instructions, pauses and reaction times.")
    var seed: UInt64 = 27

    @Option(name: .customLong("judged-fps"), help: "Frames the gate judges per second, as a slow or busy box would (default: every frame).")
    var judgedFPS: Double?

    @Flag(help: "Print each frame's head turn, pitch and face height instead of measuring: what the limits are calibrated from.")
    var trace = false

    @Option(help: "A facegate.toml whose [liveness] settings to measure.")
    var config: String?

    @OptionGroup var vision: VisionOptions

    func run() throws {
        let labelled = try movements.map { text in
            guard let movement = ChallengeBenchmark.LiveMovement(text) else {
                throw ValidationError(
                    "--movement \(text) is not CLIP@SECONDS:INSTRUCTION (\(LivenessChallenge.Instruction.allCases.map(\.rawValue).joined(separator: ", ")))"
                )
            }
            return movement
        }
        if trace {
            try ChallengeBenchmark.trace(clips, models: vision.faceModels)
            return
        }
        let settings = try config.map { try FacegateConfig.load($0) } ?? FacegateConfig(toml: "", source: "defaults", baseDirectory: "/")
        try ChallengeBenchmark(
            clips: clips, photos: photos, movements: labelled, settings: settings.gate.liveness.challenge, models: vision.faceModels,
            sessions: sessions, seed: seed, judgedFPS: judgedFPS
        ).run()
    }
}
