import Foundation

/// How a `LivenessChallenge` reads each frame: holding still, then each
/// instruction's movement, as the type's documentation describes.
extension LivenessChallenge {
    /// What a movement is measured on.
    enum Axis: CaseIterable {
        case turn, pitch, size
    }

    /// The next frame: the face (nil when none was seen) and, when it was
    /// embedded, its cosine to the resident's template.
    @discardableResult
    public mutating func observe(_ face: FaceGeometry?, resemblance: Float?, at now: Double) -> State {
        guard state == .waiting else { return state }
        let gap = now - lastJudged
        lastJudged = now
        if firstShown != nil, gap > limits.longestGap {
            return fail(
                "the gate judged too few frames to follow the answer (\(Float(gap).twoDecimals) s between two; needs one every \(Float(limits.longestGap).twoDecimals) s)"
            )
        }
        if resemblance != nil { lastCompared = now }
        if let resemblance, resemblance < limits.sameResident {
            return fail("another face answered the challenge (similarity \(resemblance.twoDecimals) to the resident)")
        }
        if let first = firstShown, now - first > limits.seconds {
            return fail("no complete answer within \(Float(limits.seconds).twoDecimals) s of the first instruction")
        }
        guard let face else {
            return now - lastSeen > limits.lostSeconds ? fail("the face left during the challenge") : state
        }
        lastSeen = now
        recent = recent.filter { now - $0.time < limits.smoothing } + [(now, face)]
        let pose = Self.pose(of: recent)
        switch phase {
        case .holding(let anchor, let since):
            hold(pose, anchor: anchor, since: since, at: now)
        case .asked(let step, let shown, let back, let onset):
            move(pose, resemblance: resemblance, step: step, shown: shown, back: back, onset: onset, at: now)
        }
        return state
    }

    /// Before the first instruction: the pose must hold still for the plan's pause.
    private mutating func hold(_ pose: Pose, anchor: Pose, since: Double, at now: Double) {
        let (anchor, since) = isStill(pose, comparedTo: anchor) ? (anchor, since) : (pose, now)
        if now - since >= plan.pause {
            baseline = pose
            firstShown = now
            phase = .asked(step: 0, shown: now, back: true, onset: nil)
            ask = .instruction(plan.steps[0])
        } else if now - started > limits.holdSeconds {
            fail("the face did not hold still before the first instruction")
        } else {
            phase = .holding(anchor: anchor, since: since)
        }
    }

    /// While step `step` is shown: a later step's face first comes back to
    /// the baseline; then the movement must start within the reaction window,
    /// go the asked way only, and reach its size in time.
    private mutating func move(
        _ pose: Pose, resemblance: Float?, step: Int, shown: Double, back: Bool, onset: Double?, at now: Double
    ) {
        guard let baseline else { return }
        let instruction = plan.steps[step]
        let window = step == 0 ? limits.reaction : limits.chainedReaction
        guard back || isStill(pose, comparedTo: baseline) else {
            if now - shown > window.upperBound {
                fail("did not come back to face the screen before \(instruction.phrase)")
            } else {
                phase = .asked(step: step, shown: shown, back: false, onset: nil)
            }
            return
        }
        let limit = limits.size(of: instruction.axis)
        let reach = instruction.sign * (Self.change(pose, instruction.axis, from: baseline) ?? 0)
        if reach <= -limit / 2 {
            fail("moved the other way when asked to \(instruction.phrase)")
            return
        }
        for other in Axis.allCases where other != instruction.axis && other != .size {
            if let change = Self.change(pose, other, from: baseline), abs(change) >= limits.size(of: other) {
                fail("\(other == .turn ? "turned the head" : "tilted the head up or down") when asked to \(instruction.phrase)")
                return
            }
        }
        var onset = onset
        if onset == nil {
            if reach >= limit / 2 {
                guard now - shown >= window.lowerBound else {
                    fail("moved before the instruction to \(instruction.phrase) could be seen")
                    return
                }
                onset = now
            } else if now - shown > window.upperBound {
                fail("did not start to \(instruction.phrase) within \(Float(window.upperBound).twoDecimals) s")
                return
            }
        }
        guard let onset else {
            phase = .asked(step: step, shown: shown, back: true, onset: nil)
            return
        }
        if reach >= limit, resemblance != nil {
            if step == plan.steps.count - 1 {
                state = .answered
            } else {
                phase = .asked(step: step + 1, shown: now, back: false, onset: nil)
                ask = .instruction(plan.steps[step + 1])
            }
        } else if now - onset > limits.movementSeconds {
            fail("did not \(instruction.phrase) far enough within \(Float(limits.movementSeconds).twoDecimals) s")
        } else {
            phase = .asked(step: step, shown: shown, back: true, onset: onset)
        }
    }

    /// Whether `pose` has moved no more than a face holding still does since `reference`.
    func isStill(_ pose: Pose, comparedTo reference: Pose) -> Bool {
        guard let turn = Self.change(pose, .turn, from: reference), let pitch = Self.change(pose, .pitch, from: reference) else { return false }
        return abs(turn) <= limits.still && abs(pitch) <= limits.still * 2 / 3
    }

    /// How far `pose` has moved along `axis` since `reference`; nil without the landmarks to tell.
    static func change(_ pose: Pose, _ axis: Axis, from reference: Pose) -> Float? {
        switch axis {
        case .turn: pose.turn.flatMap { now in reference.turn.map { now - $0 } }
        case .pitch: pose.pitch.flatMap { now in reference.pitch.map { now - $0 } }
        case .size: pose.size - reference.size
        }
    }

    /// The mean pose of `frames`.
    static func pose(of frames: [(time: Double, face: FaceGeometry)]) -> Pose {
        func mean(_ values: [Float]) -> Float? { values.isEmpty ? nil : values.reduce(0, +) / Float(values.count) }
        return Pose(
            turn: mean(frames.compactMap(\.face.turn)), pitch: mean(frames.compactMap(\.face.pitch)),
            size: mean(frames.map { log(max(1, $0.face.height)) }) ?? 0)
    }

    @discardableResult
    private mutating func fail(_ reason: String) -> State {
        state = .failed(reason: reason)
        return state
    }
}

extension LivenessChallenge.Instruction {
    /// What the movement changes.
    var axis: LivenessChallenge.Axis {
        switch self {
        case .turnLeft, .turnRight: .turn
        case .lookUp, .lookDown: .pitch
        case .comeCloser: .size
        }
    }

    /// Which way along `axis` answers: the turn grows to the left, the pitch shrinks looking up.
    var sign: Float {
        switch self {
        case .turnLeft, .lookDown, .comeCloser: 1
        case .turnRight, .lookUp: -1
        }
    }
}

extension LivenessChallenge.Limits {
    /// The least change along `axis` that answers.
    func size(of axis: LivenessChallenge.Axis) -> Float {
        switch axis {
        case .turn: turn
        case .pitch: pitch
        case .size: log(closer)
        }
    }
}
