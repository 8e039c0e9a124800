public import Config
public import Decision
public import FaceVision
import Foundation
public import Matcher
import Policy

/// Detection, the gate's quality rules, embedding and spoof screening, for
/// the vision thread only (the OpenCV handles inside are not thread-safe):
/// one frame's way through the decision engine, as the daemon and
/// `facegate bench footage` both run it.
public final class VisionStage: @unchecked Sendable {
    // @unchecked: used by the vision thread alone; `settings` is replaced between frames by reload.
    let detector: FaceDetector
    let embedder: FaceEmbedder
    let liveness: LivenessClassifier
    var settings: GateSettings.Quality

    public init(detector: FaceDetector, embedder: FaceEmbedder, liveness: LivenessClassifier, settings: GateSettings.Quality) {
        self.detector = detector
        self.embedder = embedder
        self.liveness = liveness
        self.settings = settings
    }

    var quality: FaceQuality { FaceQuality(minFacePixels: settings.minFacePixels, minSharpness: settings.minSharpness) }

    /// Faces that count (R15): large enough to be close to the camera and,
    /// when a zone is configured, centred inside it; and whether a confident
    /// face a little too small to count is in the zone (someone approaching,
    /// asked to step closer). Everything else in the frame is ignored entirely.
    func framing(_ faces: [DetectedFace], in frame: Image) -> (qualifying: [DetectedFace], approaching: Bool) {
        let inZone = faces.filter { face in
            guard let zone = settings.zone else { return true }
            let centreX = Double(face.box.x + face.box.width / 2) / Double(frame.width)
            let centreY = Double(face.box.y + face.box.height / 2) / Double(frame.height)
            return centreX >= zone[0] && centreX <= zone[0] + zone[2] && centreY >= zone[1] && centreY <= zone[1] + zone[3]
        }
        let qualifying = quality.qualifying(inZone)
        return (qualifying, qualifying.isEmpty && inZone.contains(where: quality.isApproaching))
    }

    /// The face's embedding and sharpness, or nil when it is too blurred or uncertain to judge this frame.
    func embedding(of face: DetectedFace, in frame: Image) throws -> (embedding: Embedding, sharpness: Double)? {
        guard case .good(let sharpness) = try quality.judge(face, sharpness: { try frame.sharpness(in: $0) }) else { return nil }
        return (try embedder.embedding(of: face, in: frame), sharpness)
    }
}

extension VisionStage {
    /// A timed step of `judge`.
    public enum Step: Sendable { case detect, embed, match, liveness }

    /// What one frame came to: the events of the engine's plan (prompts,
    /// verifying, several faces), those of the judgement, and how many
    /// faces the detector found, counted or not (the idle schedule's cue).
    public struct Judgement: Sendable {
        public var planned: [DecisionEngine.Event]
        public var decided: [DecisionEngine.Event]
        public var facesFound: Int
    }

    /// One frame through detection, the engine's plan, embedding, search and
    /// spoof screening.
    public func judge(
        _ frame: Image, at now: Double, engine: inout DecisionEngine, rule: DecisionRule, liveness rules: LivenessRule,
        search: ([Float]) throws -> MatchResult, timed: (Step, Duration) -> Void = { _, _ in }
    ) throws -> Judgement {
        let start = ContinuousClock.now
        let faces = try detector.detect(in: frame)
        timed(.detect, ContinuousClock.now - start)
        let (qualifying, approaching) = framing(faces, in: frame)
        let geometry = qualifying.map(FaceGeometry.init)
        let (plan, planned) = engine.plan(geometry, approaching: approaching, at: now)
        let decided = try carry(
            plan, qualifying, geometry, in: frame, at: now, engine: &engine, rule: rule, liveness: rules, search: search, timed: timed)
        return Judgement(planned: planned, decided: decided, facesFound: faces.count)
    }

    /// The plan's embedding, search and screening, and what the engine made of them.
    private func carry(
        _ plan: DecisionEngine.Plan, _ qualifying: [DetectedFace], _ geometry: [FaceGeometry], in frame: Image, at now: Double,
        engine: inout DecisionEngine, rule: DecisionRule, liveness rules: LivenessRule, search: ([Float]) throws -> MatchResult,
        timed: (Step, Duration) -> Void
    ) throws -> [DecisionEngine.Event] {
        var start = ContinuousClock.now
        switch plan {
        case .nothing, .multipleFaces:
            return []
        case .recheck(let track):
            guard let (embedding, _) = try embedding(of: qualifying[0], in: frame) else { return [] }
            return engine.record(track: track, face: geometry[0], embedding: embedding.values, verdict: nil, score: nil, at: now)
        case .answer(let track, let compare):
            // Compared frames of an answer are not gated on sharpness: a
            // turning head blurs (R21).
            guard compare else { return engine.answer(track: track, face: geometry[0], resemblance: nil, at: now) }
            let embedding = try embedder.embedding(of: qualifying[0], in: frame)
            timed(.embed, ContinuousClock.now - start)
            start = ContinuousClock.now
            let result = try search(embedding.values)
            timed(.match, ContinuousClock.now - start)
            return engine.answer(track: track, face: geometry[0], resemblance: engine.resemblance(in: result, track: track), at: now)
        case .judge(let track):
            let face = qualifying[0]
            let motion = engine.observe(track: track, face: geometry[0])
            guard motion != .firstSight else { return [] }
            start = ContinuousClock.now
            guard let (embedding, sharpness) = try embedding(of: face, in: frame) else { return [] }
            timed(.embed, ContinuousClock.now - start)
            start = ContinuousClock.now
            let result = try search(embedding.values)
            var decision = rule.decide(result), score = result.best?.score
            // The track's fused frames, searched as well: the better-shown face decides.
            let quality = FusedProbe.quality(of: geometry[0], sharpness: sharpness)
            if let fused = engine.fuse(track: track, embedding: embedding.values, quality: quality), !decision.isAccept {
                let fusedResult = try search(fused)
                if rule.decide(fusedResult).isAccept {
                    decision = rule.decide(fusedResult)
                    score = fusedResult.best?.score
                }
            }
            timed(.match, ContinuousClock.now - start)
            var verdict: FrameVerdict
            var realness: Float?
            switch decision {
            case .accept(let subject, _): verdict = .match(subject)
            case .unknown: verdict = .unknown
            case .ambiguous: verdict = .ambiguous
            }
            if case .match(let subject) = verdict {
                if rules.usesSoftware {
                    start = ContinuousClock.now
                    realness = try liveness.score(face, in: frame).real
                    timed(.liveness, ContinuousClock.now - start)
                }
                if let reason = rules.frame(motion: motion, realness: realness) { verdict = .notLive(subject, reason: reason) }
            }
            return engine.record(
                track: track, face: geometry[0], embedding: embedding.values, verdict: verdict, score: score, realness: realness,
                at: now)
        }
    }
}
