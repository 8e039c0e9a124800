import Decision
import Foundation

/// Liveness challenges played from real frames (`ChallengeFootage.Frame`),
/// as `ChallengeBenchmark` counts them: a recording looped as a screen plays
/// it, which cannot see what is asked, and a person who follows each
/// instruction after a human reaction time with a real head movement.
struct ChallengeSessions {
    typealias Frame = ChallengeFootage.Frame

    /// How a session ended: answered this many seconds after the first instruction, or why not.
    enum Outcome: Equatable {
        case answered(seconds: Double)
        case failed(String)

        var seconds: Double? { if case .answered(let seconds) = self { seconds } else { nil } }
    }

    /// A real head movement of a clip, as `LiveMovement` labels it, with the
    /// frames around it: still before, the movement, and back again.
    struct Movement {
        var instruction: LivenessChallenge.Instruction
        /// The frames of the still moments before it, played to and fro while the person waits.
        var still: [Frame]
        /// From the frame its movement starts to the one it is back, or 2.5 s on.
        var motion: [Frame]
    }

    let settings: LivenessChallenge.Settings
    /// Frames judged per second, as a gate slower than the camera judges
    /// them (the latest frame once the last is done); nil judges every frame.
    var judgedFPS: Double? = nil
    /// Longest a session runs before it counts as failed.
    let patience = 30.0

    /// `frames` looped from `offset` seconds into the clip: the challenge
    /// starts with the first face, as when the gate has just confirmed it.
    func replay(_ frames: [Frame], plan: LivenessChallenge.Plan, offset: Double) -> Outcome {
        let step = Self.frameStep(frames)
        let period = (frames.last?.time ?? 0) + step
        var index = frames.firstIndex { $0.time >= offset } ?? 0
        var challenge: LivenessChallenge?, loops = 0.0, clock = 0.0, judged = -Double.infinity
        while clock < patience {
            let frame = frames[index]
            clock = frame.time + loops * period - offset
            if !isJudged(clock, after: &judged) {
                // The gate is still busy with an earlier frame.
            } else if var current = challenge {
                if let outcome = Self.outcome(current.observe(frame.face, resemblance: Self.resemblance(frame), at: clock), current, clock) {
                    return outcome
                }
                challenge = current
            } else if let face = frame.face {
                challenge = LivenessChallenge(plan, face: face, at: clock, limits: settings.limits)
            }
            index += 1
            if index == frames.count { (index, loops) = (0, loops + 1) }
        }
        return .failed("no answer within \(patience) s")
    }

    /// A person who holds still, then makes each asked movement `reactions[k]`
    /// seconds after instruction k appears (or once back from the one before,
    /// if later); `phase` (0–1) shifts the frames against the instructions.
    func live(_ moves: [LivenessChallenge.Instruction: Movement], plan: LivenessChallenge.Plan, reactions: [Double], phase: Double) -> Outcome {
        guard let opening = moves[plan.steps[0]], let face = opening.still.first?.face else { return .failed("no movement for \(plan.steps[0])") }
        let step = Self.frameStep(opening.motion)
        var challenge = LivenessChallenge(plan, face: face, at: 0, limits: settings.limits)
        var clock = phase * step, still = opening.still, asked = 0, shown = challenge.ask, judged = -Double.infinity
        var queue: [(motion: [Frame], from: Double, after: [Frame])] = []
        while clock < patience {
            var frame = Self.pingPong(still, at: clock)
            while let current = queue.first, clock >= current.from, let start = current.motion.first?.time, let end = current.motion.last?.time {
                if clock - current.from <= end - start, let next = current.motion.last(where: { $0.time - start <= clock - current.from }) {
                    frame = next
                    break
                }
                still = current.after
                queue.removeFirst()
                frame = Self.pingPong(still, at: clock)
            }
            guard isJudged(clock, after: &judged) else {
                clock += step
                continue
            }
            if let outcome = Self.outcome(challenge.observe(frame.face, resemblance: Self.resemblance(frame), at: clock), challenge, clock) {
                return outcome
            }
            if challenge.ask != shown, case .instruction(let instruction) = challenge.ask, let movement = moves[instruction] {
                // The person finishes the movement under way (back to the screen), then makes the next.
                let finished = queue.last.map { $0.from + ($0.motion.last?.time ?? 0) - ($0.motion.first?.time ?? 0) + step } ?? clock
                queue.append((movement.motion, max(clock + reactions[min(asked, reactions.count - 1)], finished), movement.still))
                asked += 1
            }
            shown = challenge.ask
            clock += step
        }
        return .failed("no answer within \(patience) s")
    }

    /// Whether the frame at `clock` is judged, the last judged one being at `judged`.
    private func isJudged(_ clock: Double, after judged: inout Double) -> Bool {
        guard let judgedFPS, clock - judged < 1 / judgedFPS - 1e-6 else {
            judged = clock
            return true
        }
        return false
    }

    /// A frame's resemblance to the person's template: the clip's own (1 before it has one).
    private static func resemblance(_ frame: Frame) -> Float? { frame.face == nil ? nil : frame.resemblance ?? 1 }

    /// The outcome once a challenge has ended; nil while it waits.
    private static func outcome(_ state: LivenessChallenge.State, _ challenge: LivenessChallenge, _ clock: Double) -> Outcome? {
        switch state {
        case .waiting: nil
        case .answered: .answered(seconds: clock - (challenge.firstShown ?? clock))
        case .failed(let reason): .failed(reason)
        }
    }

    /// The frames of `movement` in `frames`: still before its onset, then it until back at the start.
    static func movement(_ label: ChallengeBenchmark.LiveMovement, in frames: [Frame], limits: LivenessChallenge.Limits) -> Movement? {
        guard let onset = frames.firstIndex(where: { $0.time >= label.onset }) else { return nil }
        let still = frames.filter { $0.time >= label.onset - 0.6 && $0.time < label.onset && $0.face != nil }
        let axis: (FaceGeometry) -> Float? = label.instruction.rawValue.hasPrefix("turn") ? { $0.turn } : { $0.pitch }
        let limit = label.instruction.rawValue.hasPrefix("turn") ? limits.turn : limits.pitch
        guard let rest = still.first?.face.flatMap(axis) else { return nil }
        let motion = frames[onset...].prefix { $0.time - label.onset <= 2.5 }
        let away = { (frame: Frame) in frame.face.flatMap(axis).map { abs($0 - rest) } }
        let peak = motion.firstIndex { (away($0) ?? 0) >= limit } ?? motion.startIndex
        let back = motion[peak...].firstIndex { (away($0) ?? 1) <= limits.still / 2 } ?? motion.endIndex - 1
        return Movement(instruction: label.instruction, still: still, motion: Array(frames[onset...back]))
    }

    /// The frame of `frames` played forwards and backwards at `clock` seconds.
    static func pingPong(_ frames: [Frame], at clock: Double) -> Frame {
        guard frames.count > 1 else { return frames[0] }
        let position = Int((clock / frameStep(frames)).rounded(.down)) % (2 * frames.count - 2)
        return frames[position < frames.count ? position : 2 * frames.count - 2 - position]
    }

    /// The clip's usual time between frames.
    static func frameStep(_ frames: [Frame]) -> Double {
        let steps = zip(frames.dropFirst(), frames).map { $0.time - $1.time }.filter { $0 > 0 }
        return steps.isEmpty ? 1.0 / 12 : steps.median
    }
}
