public import Decision
import FaceVision
import Foundation

/// `facegate bench challenge`: ISO/IEC 30107-3 figures for the liveness
/// challenge (R21) from what can be made here, with the real detector and
/// embedder on real footage:
/// - APCER, replays: each clip played back as it is, from every start, with
///   every instruction: the share of sessions the recording happens to answer;
/// - APCER, photos: each photo held still, swayed, tilted about either axis
///   and moved closer, against every instruction;
/// - BPCER: labelled real head movements (`LiveMovement`), each asked for
///   0.8 s (a reaction time) before it starts; the share refused, and the
///   time from the instruction to the answer; the same starts asked for
///   another movement must fail;
/// - friction: the share of real faces whose passive score over three
///   frames falls below each sure level, so would be challenged on doubt.
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

    public init(clips: [String], photos: [String], movements: [LiveMovement], settings: LivenessChallenge.Settings, models: FaceModels) {
        self.clips = clips
        self.photos = photos
        self.movements = movements
        self.settings = settings
        self.models = models
    }

    public func run() throws {
        let footage = try ChallengeFootage(models: models)
        let every = LivenessChallenge.Instruction.allCases
        print(
            "facegate bench challenge — instructions asked: \(settings.instructions.map(\.rawValue).joined(separator: ", ")); answer within \(settings.limits.seconds) s"
        )
        var replays = Tally(), realness: [Float] = []
        var seen: [String: [ChallengeFootage.Frame]] = [:]
        for clip in clips {
            let frames = try footage.frames(of: clip)
            seen[(clip as NSString).lastPathComponent] = frames
            realness += frames.compactMap(\.realness)
            var tally = Tally()
            for start in Self.starts(frames) {
                for instruction in settings.instructions { tally.add(answer(instruction, frames, from: start) != nil) }
            }
            print("  replay \((clip as NSString).lastPathComponent): \(frames.count) frames, \(tally.count) sessions, accepted \(tally)")
            replays.merge(tally)
        }
        var held = [LivenessChallenge.Instruction: Tally]()
        for photo in photos {
            for motion in ChallengeFootage.PhotoMotion.allCases {
                let frames = try footage.held(photo, motion)
                for instruction in every { held[instruction, default: Tally()].add(answer(instruction, frames, from: 0) != nil) }
            }
        }
        var live = Tally(), other = Tally(), times: [Double] = []
        for movement in movements {
            guard let frames = seen[movement.clip], let start = frames.firstIndex(where: { $0.time >= movement.onset - 0.8 }) else {
                throw BenchmarkError(.badInput, "\(movement.clip): not among the clips, or no frame at \(movement.onset) s")
            }
            let answered = answer(movement.instruction, frames, from: start)
            live.add(answered == nil)
            if let answered { times.append(answered) }
            for instruction in settings.instructions where instruction != movement.instruction && !(instruction == .nod) {
                other.add(answer(instruction, frames, from: start) != nil)
            }
        }
        print("APCER replayed clips (not answering on purpose): \(replays) of sessions accepted")
        for instruction in every {
            print("APCER photos held still, swayed, tilted, moved closer — asked \(instruction.rawValue): \(held[instruction] ?? Tally())")
        }
        print(
            "BPCER real movements asked for: \(live) refused; answered in p50 \(Self.seconds(times.median)) p95 \(Self.seconds(times.percentile(95))) s after the instruction"
        )
        print("the same starts asked for the other turn: \(other) accepted")
        let windows = Self.windowLows(realness)
        for sure: Float in [0.7, 0.8, 0.85, 0.9, 0.95] {
            let share = Double(windows.filter { $0 < sure }.count) / Double(max(1, windows.count))
            print("sure \(sure): \(String(format: "%.1f", share * 100)) % of \(windows.count) three-frame windows of real faces challenged on doubt")
        }
    }

    /// Seconds from `start` to the frame that answers, or nil when refused.
    func answer(_ instruction: LivenessChallenge.Instruction, _ frames: [ChallengeFootage.Frame], from start: Int) -> Double? {
        guard let face = frames[start].face else { return nil }
        var challenge = LivenessChallenge(instruction, face: face, at: frames[start].time, limits: settings.limits)
        for frame in frames[(start + 1)...] {
            switch challenge.observe(frame.face, resemblance: frame.resemblance, at: frame.time) {
            case .waiting: continue
            case .answered: return frame.time - frames[start].time
            case .failed: return nil
            }
        }
        return nil
    }

    /// Every half second of frontal face: where a replay could be started.
    static func starts(_ frames: [ChallengeFootage.Frame]) -> [Int] {
        var starts: [Int] = []
        var next = -Double.infinity
        for (index, frame) in frames.enumerated() where frame.time >= next {
            guard let turn = frame.face?.turn, abs(turn) <= 0.35 else { continue }
            starts.append(index)
            next = frame.time + 0.5
        }
        return starts
    }

    /// The lowest passive score of each three consecutive faces.
    static func windowLows(_ scores: [Float]) -> [Float] {
        scores.count < 3 ? scores : (2..<scores.count).map { min(scores[$0 - 2], scores[$0 - 1], scores[$0]) }
    }

    static func seconds(_ value: Double) -> String { value.isNaN ? "–" : String(format: "%.2f", value) }

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

        var description: String {
            "\(hits) / \(count) (\(String(format: "%.1f", count == 0 ? 0 : Double(hits) / Double(count) * 100)) %)"
        }
    }
}
