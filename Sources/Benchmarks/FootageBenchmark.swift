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
public struct FootageBenchmark {
    /// A video or GIF of a person facing a camera.
    public var video: String
    /// Residents' photos, one resident each.
    public var enrolled: [String]
    /// The `enrolled` photo of the person the clip shows; nil: a stranger.
    public var resident: String?
    /// The clip's frame rate.
    public var fps: Double
    public var plays: Int
    /// Cosine threshold and lead over the next resident (nil: the shipped ones).
    public var threshold: Float?
    public var margin: Float?
    /// Each frame fitted into a camera frame of this size (nil: the clip's own).
    public var camera: (width: Int, height: Int)?
    public var models: FaceModels

    public init(
        video: String, enrolled: [String], resident: String?, fps: Double, plays: Int, threshold: Float?, margin: Float?,
        camera: (width: Int, height: Int)?, models: FaceModels
    ) {
        self.video = video
        self.enrolled = enrolled
        self.resident = resident
        self.fps = fps
        self.plays = plays
        self.threshold = threshold
        self.margin = margin
        self.camera = camera
        self.models = models
    }

    public func run() throws {
        let detector = try models.detector()
        let embedder = try models.embedder()
        let config = try FacegateConfig(toml: "", source: "defaults", baseDirectory: "/")
        let stage = VisionStage(
            detector: detector, embedder: embedder, liveness: try LivenessClassifier(directory: models.directory), settings: config.gate.quality)
        let snapshot = try MatcherSnapshot(
            enrolled.map { path in
                let image = try models.image(path)
                guard let face = try detector.detect(in: image).max(by: { $0.box.area < $1.box.area }) else {
                    throw BenchmarkError(.noFace, "\(path): no face to enroll")
                }
                return (path, try embedder.stillEmbedding(of: face, in: image, detector: detector).values)
            })
        let frames = try decode()
        let rule = DecisionRule(
            threshold: threshold ?? config.matching.threshold(residents: snapshot.templateCount), margin: margin ?? Float(config.matching.margin))
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
                for case .confirmed(let subject, _, _) in judged.decided { openings.append((subject, clock)) }
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
        let source = try FrameSource(FrameSourceLocation(video), limits: models.limits)
        var frames: [Image] = []
        while let frame = try source.nextFrame() {
            frames.append(try camera.map { try frame.letterboxed(width: $0.width, height: $0.height) } ?? frame)
            guard frames.count < 3_000 else { break }
        }
        guard !frames.isEmpty else { throw BenchmarkError(.badInput, "\(video): no frames") }
        return frames
    }
}
