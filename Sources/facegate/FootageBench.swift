import ArgumentParser
import Config
import Daemon
import Decision
import FaceVision
import Foundation
import Matcher
import Policy

/// `facegate bench footage`: time to open on real video. The clip plays as
/// a live camera would deliver it (the newest frame wins while a frame is
/// being processed), through the daemon's own frame path and decision
/// engine with the shipped defaults, against the bare detect + embed time
/// per frame measured in the same run.
struct FootageBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "footage",
        abstract: "Time from the first frame with a face at the gate to the gate command, on a real video clip.",
        discussion: """
            Decodes VIDEO into memory and enrolls each --enroll photo as one resident (in memory
            only). Each play runs the clip in simulated real time: a frame is taken when the
            previous one is done, as the daemon takes the newest camera frame, so a slow box skips
            frames as it would at a gate. Prints, per play, when a qualifying face first appeared
            and when the engine confirmed a resident; then p50/p95 of the time to open for the
            expected resident (--resident) and the number of wrong openings (any opening for
            another resident, or any at all without --resident).
            """)

    @Argument(help: "A video or GIF of a person facing a camera.")
    var video: String

    @Option(name: .customLong("enroll"), parsing: .upToNextOption, help: "Residents' photos, one resident each.")
    var enrolled: [String]

    @Option(help: "The --enroll photo of the person the clip shows; without it the clip shows a stranger.")
    var resident: String?

    @Option(help: "The clip's frame rate (frames per second).")
    var fps = 25.0

    @Option(help: "Plays of the clip.")
    var plays = 5

    @Option(help: "Cosine threshold (default: the shipped one).")
    var threshold: Float?

    @Option(help: "Lead over the next resident (default: the shipped one).")
    var margin: Float?

    @Option(help: "Fit each frame into a camera frame of this size, e.g. 640x360 (default: the clip's own size).")
    var camera: String?

    @OptionGroup var vision: VisionOptions

    func validate() throws {
        guard !enrolled.isEmpty else { throw ValidationError("give at least one --enroll photo") }
        if let resident, !enrolled.contains(resident) { throw ValidationError("--resident must be one of the --enroll photos") }
        guard fps > 0, fps <= 120, plays >= 1 else { throw ValidationError("--fps must be in 0…120 and --plays at least 1") }
        if camera != nil, cameraSize == nil { throw ValidationError("--camera must be WIDTHxHEIGHT, e.g. 640x360") }
    }

    private var cameraSize: (width: Int, height: Int)? {
        let parts = (camera ?? "").split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, (32...4096).contains(parts[0]), (32...4096).contains(parts[1]) else { return nil }
        return (parts[0], parts[1])
    }

    func run() throws {
        let detector = try vision.detector()
        let embedder = try vision.embedder()
        let config = try FacegateConfig(toml: "", source: "defaults", baseDirectory: "/")
        let stage = VisionStage(
            detector: detector, embedder: embedder, liveness: try LivenessClassifier(directory: vision.directory), settings: config.gate.quality)
        let snapshot = try MatcherSnapshot(
            enrolled.map { path in
                let image = try vision.image(path)
                guard let face = try detector.detect(in: image).max(by: { $0.box.area < $1.box.area }) else {
                    throw CommandFailure(status: .noFace, description: "\(path): no face to enroll")
                }
                return (path, try embedder.stillEmbedding(of: face, in: image, detector: detector).values)
            })
        let frames = try decode()
        let rule = DecisionRule(threshold: threshold ?? Float(config.matching.threshold), margin: margin ?? Float(config.matching.margin))
        let liveness = LivenessRule(config.gate.liveness)
        let decision = config.gate.decision

        var bare: [Double] = []
        for frame in frames {
            let start = ContinuousClock.now
            for face in try detector.detect(in: frame) { _ = try embedder.embedding(of: face, in: frame) }
            bare.append((ContinuousClock.now - start).milliseconds)
        }
        print(
            "facegate bench footage — \((video as NSString).lastPathComponent): \(frames.count) frames of \(frames[0].width)×\(frames[0].height) at \(fps) fps, "
                + "\(enrolled.count) residents, threshold \(rule.threshold), margin \(rule.margin), \(decision.confirmFrames) of \(decision.windowFrames)"
        )
        var times: [Double] = []
        var wrong = 0
        for play in 1...plays {
            var engine = DecisionEngine(
                required: decision.confirmFrames, window: decision.windowFrames,
                timing: DecisionEngine.Timing(retry: decision.retrySeconds), stillPixels: Float(config.gate.liveness.stillPixels))
            var clock = 0.0
            var firstFace: Double?
            var openings: [(subject: String, at: Double)] = []
            while clock < Double(frames.count) / fps {
                let index = Int(clock * fps)
                let start = ContinuousClock.now
                let judged = try stage.judge(
                    frames[index], at: clock, engine: &engine, rule: rule, liveness: liveness,
                    search: { try snapshot.search($0, mode: .exact) })
                clock += (ContinuousClock.now - start).milliseconds / 1000
                if firstFace == nil, judged.planned.contains(.verifying) { firstFace = Double(index) / fps }
                for case .confirmed(let subject, _) in judged.decided { openings.append((subject, clock)) }
                clock = max(clock, Double(index + 1) / fps)
            }
            let shown = openings.map { "\(($0.subject as NSString).lastPathComponent) at \(String(format: "%.2f", $0.at)) s" }
            print(
                "play \(play): first face at the gate \(firstFace.map { String(format: "%.2f s", $0) } ?? "never"); openings: \(shown.isEmpty ? "none" : shown.joined(separator: ", "))"
            )
            wrong += openings.filter { $0.subject != resident }.count
            if let resident, let first = openings.first(where: { $0.subject == resident }), let firstFace {
                times.append((first.at - firstFace) * 1000)
            }
        }
        let reference = bare.median
        print(String(format: "reference: bare detect + embed per frame p50 %.1f ms", reference))
        if resident != nil {
            print(
                String(
                    format: "time to open: p50 %.0f ms  p95 %.0f ms  (%d of %d plays opened; p50 %.1f× the bare frame)",
                    times.median, times.percentile(95), times.count, plays, times.median / reference))
        }
        print("wrong openings: \(wrong)")
    }

    private func decode() throws -> [Image] {
        let source = try FrameSource(FrameSourceLocation(video), limits: vision.limits)
        var frames: [Image] = []
        while let frame = try source.nextFrame() {
            frames.append(try cameraSize.map { try frame.letterboxed(width: $0.width, height: $0.height) } ?? frame)
            guard frames.count < 3_000 else { break }
        }
        guard !frames.isEmpty else { throw CommandFailure(status: .badInput, description: "\(video): no frames") }
        return frames
    }
}
