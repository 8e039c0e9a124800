public import Decision
import FaceVision
import Foundation

/// `facegate bench challenge`: ISO/IEC 30107-3 figures for the liveness
/// challenge (R21) from what can be made here, with the real detector and
/// embedder on real footage, under `always`:
/// - APCER, replays: each clip looped as a screen would play it, `sessions`
///   times from a random start with random instructions and pauses: the
///   share of sessions the recording happens to answer, per clip and in all,
///   with the one-sided 95 % upper bound (Clopper–Pearson);
/// - APCER, photos: each photo held still, swayed, tilted and moved closer, looped;
/// - BPCER: a person made of a clip's labelled real head movements
///   (`LiveMovement`) who holds still, then starts each asked movement after
///   a reaction time drawn from a log-normal (median 0.45 s, as choice
///   reactions to a visual cue are), and holds still again in between: the
///   share refused, and the time from the first instruction to the answer;
/// - friction: per clip, the share of real faces whose passive score over
///   three frames falls below the sure level, so would be challenged on doubt.
public struct ChallengeBenchmark {
    /// A real head movement in a clip, labelled by watching it: the clip,
    /// when the movement starts (seconds) and which instruction it answers.
    public struct LiveMovement: Sendable {
        public var clip: String
        public var onset: Double
        public var instruction: LivenessChallenge.Instruction

        /// `CLIP@SECONDS:INSTRUCTION`, e.g. `d6.mp4@3.2:turn-left`; nil when malformed.
        public init?(_ text: String) {
            let parts = text.split(separator: "@", maxSplits: 1)
            guard parts.count == 2, let colon = parts[1].lastIndex(of: ":"), let onset = Double(parts[1][..<colon]),
                let instruction = LivenessChallenge.Instruction(rawValue: String(parts[1][parts[1].index(after: colon)...]))
            else { return nil }
            clip = String(parts[0])
            self.onset = onset
            self.instruction = instruction
        }
    }

    /// Videos or GIFs of one person each, as a screen would replay them.
    public var clips: [String]
    /// Photos held up to the camera.
    public var photos: [String]
    public var movements: [LiveMovement]
    public var settings: LivenessChallenge.Settings
    public var models: FaceModels
    /// Sessions per clip, per photo motion and per live person.
    public var sessions: Int
    /// Seeds every draw, so a run can be repeated exactly.
    public var seed: UInt64
    /// Frames the gate judges per second (nil: every frame of the clip).
    public var judgedFPS: Double?

    public init(
        clips: [String], photos: [String], movements: [LiveMovement], settings: LivenessChallenge.Settings, models: FaceModels, sessions: Int = 3_000,
        seed: UInt64 = 27, judgedFPS: Double? = nil
    ) {
        self.judgedFPS = judgedFPS
        self.clips = clips
        self.photos = photos
        self.movements = movements
        self.settings = settings
        self.models = models
        self.sessions = sessions
        self.seed = seed
    }

    public func run() throws {
        let footage = try ChallengeFootage(models: models)
        let play = ChallengeSessions(settings: settings, judgedFPS: judgedFPS)
        var generator = SeededGenerator(seed: seed)
        let limits = settings.limits
        print(
            "facegate bench challenge — \(settings.steps) steps from \(settings.instructions.map(\.rawValue).joined(separator: ", ")); "
                + "movement starts \(limits.reaction.lowerBound)–\(limits.reaction.upperBound) s after each instruction; "
                + "turn \(limits.turn), pitch \(limits.pitch); \(sessions) sessions each; seed \(seed); "
                + (judgedFPS.map { "\($0) frames judged per second" } ?? "every frame judged"))
        var replays = Tally(), worst = 0.0, seen: [String: [ChallengeFootage.Frame]] = [:], friction: [(String, [Float])] = []
        for clip in clips {
            let frames = try footage.frames(of: clip), name = (clip as NSString).lastPathComponent
            seen[name] = frames
            friction.append((name, frames.compactMap(\.realness)))
            let (tally, reasons) = replay(frames, sessions: sessions, play, &generator)
            worst = max(worst, tally.upper)
            print("  replay \(name) (\(frames.count) frames, \(Self.seconds(frames.last?.time ?? 0)) s looped): accepted \(tally); \(reasons)")
            replays.merge(tally)
        }
        print("APCER replayed clips: \(replays); worst clip's upper bound \(Self.percent(worst))")
        for motion in ChallengeFootage.PhotoMotion.allCases where !photos.isEmpty {
            var held = Tally()
            for photo in photos { held.merge(replay(try footage.held(photo, motion), sessions: max(1, sessions / 10), play, &generator).0) }
            print("APCER photos \(motion), looped: \(held)")
        }
        try live(seen, play, &generator)
        let levels = Array(Set([0.7, 0.8, 0.9, 0.95, settings.sure])).sorted()
        print(
            "passive screen, share of real faces challenged on doubt (three-frame windows below sure \(levels.map { "\($0)" }.joined(separator: " / "))):"
        )
        for (name, scores) in friction {
            let windows = Self.windowLows(scores)
            let shares = levels.map { sure in Self.percent(Double(windows.filter { $0 < sure }.count) / Double(max(1, windows.count))) }
            print("  \(name) (\(windows.count) windows): \(shares.joined(separator: " / "))")
        }
    }

    /// `sessions` looped replays of `frames`, and the commonest reasons they failed.
    private func replay(
        _ frames: [ChallengeFootage.Frame], sessions: Int, _ play: ChallengeSessions, _ generator: inout SeededGenerator
    ) -> (Tally, String) {
        var tally = Tally(), reasons: [String: Int] = [:]
        let length = (frames.last?.time ?? 0) + ChallengeSessions.frameStep(frames)
        for _ in 0..<sessions {
            let plan = LivenessChallenge.Plan.draw(from: settings.instructions, steps: settings.steps, using: &generator)
            let offset = Double.random(in: 0..<max(length, 0.01), using: &generator)
            let outcome = play.replay(frames, plan: plan, offset: offset)
            tally.add(outcome.seconds != nil)
            if case .failed(let reason) = outcome { reasons[Self.gist(reason), default: 0] += 1 }
        }
        let top = reasons.sorted { $0.value > $1.value }.prefix(3).map { "\($0.key) \($0.value)" }
        return (tally, "failed: " + top.joined(separator: ", "))
    }

    /// BPCER: every clip with labelled movements as a person asked `sessions` times.
    private func live(_ seen: [String: [ChallengeFootage.Frame]], _ play: ChallengeSessions, _ generator: inout SeededGenerator) throws {
        var people: [String: [LivenessChallenge.Instruction: [ChallengeSessions.Movement]]] = [:]
        for label in movements {
            guard let frames = seen[label.clip], let movement = ChallengeSessions.movement(label, in: frames, limits: settings.limits) else {
                throw BenchmarkError(.badInput, "\(label.clip): not among the clips, or no face before \(label.onset) s")
            }
            people[label.clip, default: [:]][label.instruction, default: []].append(movement)
        }
        for median in [0.45, 0.6] {
            var refused = Tally(), times: [Double] = [], reasons: [String: Int] = [:]
            for (clip, moves) in people.sorted(by: { $0.key < $1.key }) {
                let asked = settings.instructions.filter { moves[$0] != nil }
                guard asked.count >= settings.steps else {
                    print("  live \(clip): movements for \(asked.map(\.rawValue)) only, fewer than \(settings.steps) steps; not asked")
                    continue
                }
                var tally = Tally()
                for _ in 0..<sessions {
                    let plan = LivenessChallenge.Plan.draw(from: asked, steps: settings.steps, using: &generator)
                    let chosen = moves.mapValues { $0.randomElement(using: &generator) ?? $0[0] }
                    let reactions = plan.steps.map { _ in Self.reaction(median: median, &generator) }
                    let outcome = play.live(chosen, plan: plan, reactions: reactions, phase: Double.random(in: 0..<1, using: &generator))
                    tally.add(outcome.seconds == nil)
                    if let seconds = outcome.seconds { times.append(seconds) }
                    if case .failed(let reason) = outcome { reasons[Self.gist(reason), default: 0] += 1 }
                }
                if median == 0.45 { print("  live \(clip) asked \(asked.map(\.rawValue).joined(separator: ", ")): refused \(tally)") }
                refused.merge(tally)
            }
            let top = reasons.sorted { $0.value > $1.value }.prefix(3).map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            print(
                "BPCER real movements, reactions of median \(median) s\(median == 0.45 ? "" : " (slower residents)"): \(refused) refused "
                    + "(\(top.isEmpty ? "none failed" : top)); answered in p50 \(Self.seconds(times.median)) p95 \(Self.seconds(times.percentile(95))) s "
                    + "from the first instruction")
        }
    }

    /// A reaction time to a visual instruction: log-normal around `median`
    /// (at 0.45 s, 5 % are below 0.30 s and 5 % above 0.68 s).
    static func reaction(median: Double, _ generator: inout SeededGenerator) -> Double {
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &generator), u2 = Double.random(in: 0..<1, using: &generator)
        return median * exp(0.25 * (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2))
    }

    /// A failure reason without its numbers and instruction, to count alike ones together.
    static func gist(_ reason: String) -> String {
        let words = reason.split(separator: " ").prefix(4).joined(separator: " ")
        return words.replacingOccurrences(of: "the instruction to", with: "the instruction")
    }

    /// Each frame of each clip as one line: time, turn, pitch, face height, resemblance, realness.
    public static func trace(_ clips: [String], models: FaceModels) throws {
        let footage = try ChallengeFootage(models: models)
        for clip in clips {
            for frame in try footage.frames(of: clip) {
                let values = [frame.face?.turn, frame.face?.pitch, frame.face?.height, frame.resemblance, frame.realness]
                print(
                    ([(clip as NSString).lastPathComponent, String(format: "%.3f", frame.time)]
                        + values.map { $0.map { String(format: "%.3f", $0) } ?? "-" }).joined(separator: " "))
            }
        }
    }

    /// The lowest passive score of each three consecutive faces.
    static func windowLows(_ scores: [Float]) -> [Float] {
        scores.count < 3 ? scores : (2..<scores.count).map { min(scores[$0 - 2], scores[$0 - 1], scores[$0]) }
    }

    static func seconds(_ value: Double) -> String { value.isNaN ? "–" : String(format: "%.2f", value) }

    static func percent(_ share: Double) -> String { String(format: "%.2f %%", share * 100) }

    /// Accepted (or refused) of all, as "3 / 120 (2.5 %)".
    struct Tally: CustomStringConvertible {
        var hits = 0
        var count = 0

        mutating func add(_ hit: Bool) {
            count += 1
            if hit { hits += 1 }
        }

        mutating func merge(_ other: Tally) {
            hits += other.hits
            count += other.count
        }

        /// The one-sided 95 % upper bound of the rate.
        var upper: Double { upperBound95(hits: hits, of: count) }

        var description: String {
            "\(hits) / \(count) (\(percent(count == 0 ? 0 : Double(hits) / Double(count))), 95 % upper \(percent(upper)))"
        }
    }
}
