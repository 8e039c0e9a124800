import Foundation

/// A random sequence of head movements a matched face must make when asked,
/// before the gate opens (R21): a photo or a replayed video cannot know what
/// will be asked or when. Pure: the caller supplies each frame's face
/// geometry and how much the face still resembles the resident.
///
/// An answer must be caused by the instructions, not found in the motion of
/// a face that moves by itself (a talking head):
/// - the face first holds still (the screen says so) for a random pause;
///   that pose is the baseline every movement is measured from;
/// - the first instruction's movement must start within a human reaction
///   time after it appears (`Limits.reaction`): not before, not seconds later;
/// - the movement goes the asked way only and far enough: `FaceGeometry.turn`
///   by `Limits.turn` for left and right, `FaceGeometry.pitch` by
///   `Limits.pitch` for up and down; turning the other way, or moving far
///   along the other axis, fails at once;
/// - the next instruction appears the moment a movement is full size; the
///   face must first come back to the baseline, then make the next movement,
///   starting within `Limits.chainedReaction` of that instruction;
/// - `Settings.steps` distinct instructions (two by default) in a random order.
///
/// Once an instruction is shown, frames must be judged at least every
/// `Limits.longestGap` seconds, or the answer cannot be followed and fails.
///
/// Poses are the mean of the frames of the last `Limits.smoothing` seconds,
/// so landmark jitter does not read as movement. A face lost for too long,
/// a face that no longer resembles the resident, or no complete answer
/// within `Limits.seconds` fail too.
public struct LivenessChallenge: Sendable, Equatable {
    /// A movement the face is asked to make; the raw value names it to the kiosk and the config.
    public enum Instruction: String, Sendable, CaseIterable {
        case turnLeft = "turn-left"
        case turnRight = "turn-right"
        case lookUp = "look-up"
        case lookDown = "look-down"
        case comeCloser = "come-closer"

        /// The words of the audit and the logs.
        public var phrase: String {
            switch self {
            case .turnLeft: "turn the head left"
            case .turnRight: "turn the head right"
            case .lookUp: "look up"
            case .lookDown: "look down"
            case .comeCloser: "come closer"
            }
        }
    }

    /// What the screen shows while the challenge is under way.
    public enum Ask: Sendable, Equatable {
        /// Face the screen and hold still: before the first instruction and between two.
        case holdStill
        case instruction(Instruction)
    }

    /// When a matched face is challenged (`liveness.challenge`).
    public enum Mode: String, Sendable, CaseIterable {
        /// Never: the passive screen alone decides, as before challenges existed.
        case never
        /// When the passive score is below the sure level or a cue is uncertain.
        case onDoubt = "on-doubt"
        /// Every matched face, however sure the passive screen is.
        case always
    }

    /// How large an answer must be and how long it may take. The defaults
    /// are calibrated on real footage (`facegate bench challenge --trace`):
    /// a deliberate turn of the head reads 0.25–0.35 eye distances on
    /// `FaceGeometry.turn`, a talking head's landmarks jitter by up to 0.08
    /// from frame to frame; looking up or down by 20° changes the pitch by
    /// about 0.15, where a talking head's varies by up to 0.06.
    public struct Limits: Sendable, Equatable {
        /// Seconds from the first instruction to a complete answer.
        public var seconds: Double
        /// Least change of `FaceGeometry.turn` from the baseline that answers a turn.
        public var turn: Float
        /// Least change of `FaceGeometry.pitch` from the baseline that answers looking up or down.
        public var pitch: Float
        /// Least growth of the face's height that answers "come closer".
        public var closer: Float
        /// Largest change of turn (and of pitch, two thirds of it) a face holding still may show.
        public var still: Float
        /// When, after the first instruction appears, its movement may start (seconds).
        public var reaction: ClosedRange<Double>
        /// When, after a later instruction appears, its movement may start: the face first comes back.
        public var chainedReaction: ClosedRange<Double>
        /// Longest time from the start of a movement to its full size.
        public var movementSeconds: Double
        /// Longest time to hold still before the first instruction.
        public var holdSeconds: Double
        /// Frames of this many seconds are averaged into one pose.
        public var smoothing: Double
        /// Least cosine between the face now and the resident's template.
        public var sameResident: Float
        /// Longest stretch without the face before the answer fails.
        public var lostSeconds: Double
        /// Longest time between two judged frames once an instruction is
        /// shown. A gate that judges fewer frames (a slow or overloaded box)
        /// cannot follow an answer: `facegate bench challenge --judged-fps`
        /// measured a looped recording answering 0.75 % of challenges at 6
        /// frames/s (0.05 % at 10) while real turns failed 7.7 % (1.2 %), so
        /// the challenge fails, naming the rate, rather than guess.
        public var longestGap: Double
        /// Longest time between two frames compared with the resident while
        /// the face holds still or waits to move; every frame of a movement
        /// is compared. Embedding is half a frame's cost, and a gate that
        /// embeds fewer frames judges more of them (`longestGap`).
        public var comparedEvery: Double

        public init(
            seconds: Double = 6, turn: Float = 0.18, pitch: Float = 0.1, closer: Float = 1.3, still: Float = 0.09,
            reaction: ClosedRange<Double> = 0.25...1.1, chainedReaction: ClosedRange<Double> = 0.3...1.4, movementSeconds: Double = 1.2,
            holdSeconds: Double = 6, smoothing: Double = 0.2, sameResident: Float = 0.3, lostSeconds: Double = 1.5, longestGap: Double = 0.15,
            comparedEvery: Double = 0.3
        ) {
            self.seconds = seconds
            self.turn = turn
            self.pitch = pitch
            self.closer = closer
            self.still = still
            self.reaction = reaction
            self.chainedReaction = chainedReaction
            self.movementSeconds = movementSeconds
            self.holdSeconds = holdSeconds
            self.smoothing = smoothing
            self.sameResident = sameResident
            self.lostSeconds = lostSeconds
            self.longestGap = longestGap
            self.comparedEvery = comparedEvery
        }
    }

    /// A site's challenge settings (`[liveness]` in the config).
    public struct Settings: Sendable, Equatable {
        public var mode: Mode
        /// A passive score at or above this needs no challenge under `onDoubt`.
        public var sure: Float
        /// What may be asked.
        public var instructions: [Instruction]
        /// How many distinct instructions one challenge asks, in a random order.
        public var steps: Int
        public var limits: Limits
        /// How many failed challenges pause a resident's face entry.
        public var tries: TryLimit

        /// The instructions asked unless a site chooses: the four a held photo cannot answer.
        public static let defaultInstructions: [Instruction] = [.turnLeft, .turnRight, .lookUp, .lookDown]

        public init(
            mode: Mode = .never, sure: Float = 0.9, instructions: [Instruction] = Self.defaultInstructions, steps: Int = 2, limits: Limits = Limits(),
            tries: TryLimit = TryLimit()
        ) {
            self.mode = mode
            self.sure = sure
            self.instructions = instructions
            self.steps = steps
            self.limits = limits
            self.tries = tries
        }
    }

    /// Failed challenges of one resident that switch their face entry off
    /// for a while (`liveness.challenge_failures` within
    /// `challenge_failure_minutes`, paused for `challenge_pause_minutes`):
    /// a looping recording cannot retry forever, and a resident whose face
    /// keeps failing is sent to the other ways in. A pause that begins
    /// within `memorySeconds` of the end of the one before lasts `growth`
    /// times as long (`challenge_pause_growth`), up to `longestPauseSeconds`
    /// (`challenge_longest_pause_hours`): a recording that answers a
    /// fraction of a percent of challenges gets a few dozen tries a month,
    /// not a hundred a day.
    public struct TryLimit: Sendable, Equatable {
        public var failures: Int
        public var windowSeconds: Double
        public var pauseSeconds: Double
        public var growth: Double
        public var longestPauseSeconds: Double
        public var memorySeconds: Double

        public init(
            failures: Int = 3, windowSeconds: Double = 600, pauseSeconds: Double = 1_800, growth: Double = 2, longestPauseSeconds: Double = 604_800,
            memorySeconds: Double = 86_400
        ) {
            self.failures = failures
            self.windowSeconds = windowSeconds
            self.pauseSeconds = pauseSeconds
            self.growth = growth
            self.longestPauseSeconds = max(pauseSeconds, longestPauseSeconds)
            self.memorySeconds = memorySeconds
        }

        /// How long a pause lasts after one of `previous` seconds that ended `since` seconds ago (nil: none).
        public func pause(after previous: Double?, endedAgo since: Double) -> Double {
            guard let previous, since < memorySeconds else { return pauseSeconds }
            return min(longestPauseSeconds, max(pauseSeconds, previous * growth))
        }
    }

    /// What one challenge asks: its instructions in order, and how long the
    /// face holds still before the first (seconds), both drawn at random.
    public struct Plan: Sendable, Equatable {
        public var steps: [Instruction]
        public var pause: Double

        public init(steps: [Instruction], pause: Double) {
            self.steps = steps.isEmpty ? [.turnLeft] : steps
            self.pause = pause
        }

        /// `count` distinct instructions of `instructions` in a random order, after 0.5–1.5 s of stillness.
        public static func draw(from instructions: [Instruction], steps count: Int, using generator: inout some RandomNumberGenerator) -> Plan {
            let distinct = Set(instructions).sorted { $0.rawValue < $1.rawValue }
            return Plan(
                steps: Array(distinct.shuffled(using: &generator).prefix(max(1, count))), pause: Double.random(in: 0.5...1.5, using: &generator))
        }
    }

    /// Where the answer stands.
    public enum State: Sendable, Equatable {
        case waiting
        case answered
        case failed(reason: String)
    }

    /// Where the face is in the sequence.
    enum Phase: Sendable, Equatable {
        /// Holding still before the first instruction: since when, and the pose it holds.
        case holding(anchor: Pose, since: Double)
        /// Step `step` shown at `shown`. A later step is `back` once the face
        /// has come back to the baseline; `onset` is the time of the frame
        /// that showed its movement had begun.
        case asked(step: Int, shown: Double, back: Bool, onset: Double?)
    }

    /// A head's pose, averaged over `Limits.smoothing`: turn, pitch and the log of the face's height.
    struct Pose: Sendable, Equatable {
        var turn: Float?
        var pitch: Float?
        var size: Float
    }

    public let plan: Plan
    public let limits: Limits
    public let started: Double
    public internal(set) var state = State.waiting
    /// What the screen should show now.
    public internal(set) var ask = Ask.holdStill
    /// When the first instruction appeared; nil while the face first holds still.
    public internal(set) var firstShown: Double?
    var phase: Phase
    var baseline: Pose?
    var lastSeen: Double
    /// When the last frame was judged, with the face or without.
    var lastJudged: Double
    /// When a frame was last compared with the resident (nil: not yet).
    var lastCompared: Double?
    /// The frames of the last `Limits.smoothing` seconds.
    var recent: [(time: Double, face: FaceGeometry)]

    /// Starts a challenge at `now` with the face as it is: it must hold still first.
    public init(_ plan: Plan, face: FaceGeometry, at now: Double, limits: Limits = Limits()) {
        self.plan = plan
        self.limits = limits
        started = now
        lastSeen = now
        lastJudged = now
        recent = [(now, face)]
        phase = .holding(anchor: Self.pose(of: [(now, face)]), since: now)
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.plan == rhs.plan && lhs.limits == rhs.limits && lhs.started == rhs.started && lhs.state == rhs.state && lhs.phase == rhs.phase
            && lhs.lastSeen == rhs.lastSeen && lhs.lastCompared == rhs.lastCompared
            && lhs.recent.map(\.time) == rhs.recent.map(\.time)
    }

    /// Whether the next frame, at `now`, must be compared with the resident:
    /// every frame once a movement has begun (the frame that completes it
    /// must show the resident), otherwise one every `Limits.comparedEvery`.
    public func wantsResemblance(at now: Double) -> Bool {
        if case .asked(_, _, _, let onset?) = phase, onset <= now { return true }
        return lastCompared.map { now - $0 >= limits.comparedEvery } ?? true
    }

    /// Whether a matched face must answer a challenge: always, never, or on
    /// doubt — a passive score below `sure` on any frame judged. Without a
    /// passive score (`liveness.rule = "external"`) the sensor decides and
    /// `onDoubt` asks nothing.
    public static func isNeeded(_ mode: Mode, lowestRealness: Float?, sure: Float) -> Bool {
        switch mode {
        case .never: false
        case .always: true
        case .onDoubt: lowestRealness.map { $0 < sure } ?? false
        }
    }
}
