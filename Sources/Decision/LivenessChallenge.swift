import Foundation

/// A random instruction a matched face must follow before the gate opens,
/// when its passive liveness is in doubt (R21): turn the head left or
/// right, nod, or come closer, within a few seconds, as the same resident
/// throughout. A photo or a replayed video cannot know which instruction
/// will come. Pure: the caller supplies each frame's face geometry and how
/// much the face still resembles the resident.
///
/// What an answer is, relative to the face when the instruction appeared:
/// - a turn: `FaceGeometry.turn` changes by `Limits.turn` the asked way. A
///   flat picture tilted or swung keeps its turn (its nose and eyes
///   compress together), so only a head in three dimensions answers;
/// - a nod: `FaceGeometry.pitch` changes by `Limits.nod`, up or down;
/// - closer: the face grows by `Limits.closer`. A held photo moved towards
///   the camera answers this too, which is why sites choose the instructions
///   (`liveness.challenge_instructions`) and the default leaves it out.
///
/// A turn the other way is a wrong answer at once; no answer in time, a face
/// that no longer resembles the resident, or a face lost for too long fail too.
public struct LivenessChallenge: Sendable, Equatable {
    /// What the face is asked to do; the raw value names it to the kiosk.
    public enum Instruction: String, Sendable, CaseIterable {
        case turnLeft = "turn-left"
        case turnRight = "turn-right"
        case nod
        case comeCloser = "come-closer"

        /// The words of the audit and the logs.
        public var phrase: String {
            switch self {
            case .turnLeft: "turn the head left"
            case .turnRight: "turn the head right"
            case .nod: "nod"
            case .comeCloser: "come closer"
            }
        }
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

    /// How large an answer must be and how long it may take.
    public struct Limits: Sendable, Equatable {
        /// Seconds from the instruction to a complete answer.
        public var seconds: Double
        /// Least change of `FaceGeometry.turn` that answers a turn.
        public var turn: Float
        /// Least change of `FaceGeometry.pitch` that answers a nod.
        public var nod: Float
        /// Least growth of the face's height that answers "come closer".
        public var closer: Float
        /// Least cosine between the face now and the resident's template.
        public var sameResident: Float
        /// Longest stretch without the face before the answer fails.
        public var lostSeconds: Double

        public init(
            seconds: Double = 4, turn: Float = 0.15, nod: Float = 0.15, closer: Float = 1.3, sameResident: Float = 0.3, lostSeconds: Double = 1.5
        ) {
            self.seconds = seconds
            self.turn = turn
            self.nod = nod
            self.closer = closer
            self.sameResident = sameResident
            self.lostSeconds = lostSeconds
        }
    }

    /// A site's challenge settings (`[liveness]` in the config).
    public struct Settings: Sendable, Equatable {
        public var mode: Mode
        /// A passive score at or above this needs no challenge under `onDoubt`.
        public var sure: Float
        /// What may be asked; one is drawn at random each time.
        public var instructions: [Instruction]
        public var limits: Limits

        /// The instructions asked unless a site chooses: the ones a held photo cannot answer.
        public static let defaultInstructions: [Instruction] = [.turnLeft, .turnRight, .nod]

        public init(mode: Mode = .never, sure: Float = 0.9, instructions: [Instruction] = Self.defaultInstructions, limits: Limits = Limits()) {
            self.mode = mode
            self.sure = sure
            self.instructions = instructions
            self.limits = limits
        }
    }

    /// Where the answer stands.
    public enum State: Sendable, Equatable {
        case waiting
        case answered
        case failed(reason: String)
    }

    public let instruction: Instruction
    public let limits: Limits
    public let started: Double
    public private(set) var state = State.waiting
    let baseline: FaceGeometry
    private var lastSeen: Double

    /// Starts a challenge at `now` for the face as it is: the baseline every answer is measured from.
    public init(_ instruction: Instruction, face: FaceGeometry, at now: Double, limits: Limits = Limits()) {
        self.instruction = instruction
        self.limits = limits
        baseline = face
        started = now
        lastSeen = now
    }

    /// One of `instructions`, drawn by `generator` (the daemon's is the system's).
    public static func draw(from instructions: [Instruction], using generator: inout some RandomNumberGenerator) -> Instruction {
        instructions.randomElement(using: &generator) ?? .turnLeft
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

    /// The next frame: the face (nil when none was seen) and, when it was
    /// embedded, its cosine to the resident's template.
    @discardableResult
    public mutating func observe(_ face: FaceGeometry?, resemblance: Float?, at now: Double) -> State {
        guard state == .waiting else { return state }
        if let resemblance, resemblance < limits.sameResident {
            state = .failed(reason: "another face answered the challenge (similarity \(resemblance.twoDecimals) to the resident)")
            return state
        }
        if let face {
            lastSeen = now
            // Only a frame whose face was compared with the resident can answer.
            if let answer = answer(face), answer != .answered || resemblance != nil { state = answer }
        } else if now - lastSeen > limits.lostSeconds {
            state = .failed(reason: "the face left during the challenge to \(instruction.phrase)")
        }
        if state == .waiting, now - started > limits.seconds {
            state = .failed(reason: "no answer to \"\(instruction.phrase)\" within \(Float(limits.seconds).twoDecimals) s")
        }
        return state
    }

    /// The face's movement since the baseline: answered, a wrong answer, or nil (not yet).
    private func answer(_ face: FaceGeometry) -> State? {
        let turned = face.turn.flatMap { now in baseline.turn.map { now - $0 } } ?? 0
        switch instruction {
        case .turnLeft, .turnRight:
            let asked: Float = instruction == .turnLeft ? 1 : -1
            if turned * asked >= limits.turn { return .answered }
            if turned * asked <= -limits.turn {
                return .failed(reason: "turned the other way when asked to \(instruction.phrase)")
            }
            return nil
        case .nod:
            guard let pitch = face.pitch, let level = baseline.pitch else { return nil }
            return abs(pitch - level) >= limits.nod ? .answered : nil
        case .comeCloser:
            return baseline.height > 0 && face.height / baseline.height >= limits.closer ? .answered : nil
        }
    }
}
