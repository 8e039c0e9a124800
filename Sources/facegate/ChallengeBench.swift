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
            Replays every CLIP from every half second of frontal face with every instruction (a
            recording cannot know what is asked: the share it happens to answer is the replay
            APCER); holds every --photo still, swayed, tilted and moved closer (photo APCER); asks
            each --movement CLIP@SECONDS:INSTRUCTION, a real head movement labelled by watching the
            clip, 0.8 s before it starts (BPCER, and the time to the answer). Then the share of real
            faces whose passive score over three frames falls below each sure level. Settings as in
            --config (default: the shipped ones).
            """)

    @Argument(help: "Videos or GIFs of one person each.")
    var clips: [String]

    @Option(name: .customLong("photo"), parsing: .upToNextOption, help: "Photos held up to the camera.")
    var photos: [String] = []

    @Option(name: .customLong("movement"), parsing: .upToNextOption, help: "Real head movements: CLIP@SECONDS:INSTRUCTION.")
    var movements: [String] = []

    @Option(help: "A facegate.toml whose [liveness] settings to measure.")
    var config: String?

    @OptionGroup var vision: VisionOptions

    func run() throws {
        let labelled = try movements.map { text in
            guard let movement = ChallengeBenchmark.LiveMovement(text) else {
                throw ValidationError("--movement \(text) is not CLIP@SECONDS:INSTRUCTION (turn-left, turn-right, nod, come-closer)")
            }
            return movement
        }
        let settings = try config.map { try FacegateConfig.load($0) } ?? FacegateConfig(toml: "", source: "defaults", baseDirectory: "/")
        try ChallengeBenchmark(
            clips: clips, photos: photos, movements: labelled, settings: settings.gate.liveness.challenge, models: vision.faceModels
        ).run()
    }
}
