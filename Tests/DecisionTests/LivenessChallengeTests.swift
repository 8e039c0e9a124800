import Decision
import Testing

/// The liveness challenge as pure logic (R21): which movements answer which
/// instruction, what fails, when a matched face is challenged at all, and
/// the decision engine holding the gate shut until the answer.
@Suite struct LivenessChallengeTests {
    /// A face 40 px between the eyes; the nose `dx` px towards the person's
    /// left eye and `dy` px down from where it sits when facing the camera.
    static func face(dx: Float = 0, dy: Float = 0, scale: Float = 1) -> FaceGeometry {
        let points: [(Float, Float)] = [(100, 100), (140, 100), (120 + dx, 122 + dy), (106, 140), (134, 140)]
        return FaceGeometry(
            x: 90, y: 80, width: 60 * scale, height: 80 * scale, landmarks: points.map { FaceGeometry.Point(x: $0.0 * scale, y: $0.1 * scale) })
    }

    static func challenge(_ instruction: LivenessChallenge.Instruction) -> LivenessChallenge {
        LivenessChallenge(instruction, face: face(), at: 10)
    }

    @Test func aTurnTheAskedWayAnswersAndTheOtherWayFails_R21() {
        #expect(Self.face(dx: 10).turn == 0.25 && Self.face().turn == 0)
        var left = Self.challenge(.turnLeft)
        #expect(left.observe(Self.face(dx: 4), resemblance: 0.7, at: 10.3) == .waiting, "a small movement is not an answer")
        #expect(left.observe(Self.face(dx: 10), resemblance: nil, at: 10.5) == .waiting, "an answer needs a frame compared with the resident")
        #expect(left.observe(Self.face(dx: 10), resemblance: 0.5, at: 10.6) == .answered)
        var wrong = Self.challenge(.turnLeft)
        guard case .failed(let reason) = wrong.observe(Self.face(dx: -10), resemblance: 0.8, at: 10.4) else {
            Issue.record("a turn to the right answered \"turn left\"")
            return
        }
        #expect(reason == "turned the other way when asked to turn the head left")
        var right = Self.challenge(.turnRight)
        #expect(right.observe(Self.face(dx: -9), resemblance: 0.6, at: 11) == .answered)
    }

    @Test func aNodAnswersUpOrDownAndCloserNeedsTheFaceToGrow_R21() {
        var down = Self.challenge(.nod)
        #expect(down.observe(Self.face(dx: 8), resemblance: 0.6, at: 10.2) == .waiting, "a turn is not a nod")
        #expect(down.observe(Self.face(dy: 8), resemblance: 0.6, at: 10.5) == .answered)
        var up = Self.challenge(.nod)
        #expect(up.observe(Self.face(dy: -8), resemblance: 0.6, at: 10.5) == .answered)
        var closer = Self.challenge(.comeCloser)
        #expect(closer.observe(Self.face(scale: 1.2), resemblance: 0.6, at: 10.5) == .waiting)
        #expect(closer.observe(Self.face(scale: 1.35), resemblance: 0.6, at: 11) == .answered)
        #expect(Self.face().pitch == Self.face(scale: 2).pitch, "pitch does not depend on the face's size")
    }

    @Test func noAnswerInTimeAnotherFaceOrALostFaceFails_R21() {
        var late = Self.challenge(.nod)
        #expect(late.observe(Self.face(), resemblance: 0.7, at: 13.9) == .waiting)
        #expect(late.observe(Self.face(), resemblance: 0.7, at: 14.1) == .failed(reason: "no answer to \"nod\" within 4.00 s"))
        #expect(late.observe(Self.face(dy: 8), resemblance: 0.7, at: 14.2) != .answered, "a failed challenge stays failed")
        var swapped = Self.challenge(.turnLeft)
        #expect(
            swapped.observe(Self.face(dx: 10), resemblance: 0.1, at: 10.5)
                == .failed(reason: "another face answered the challenge (similarity 0.10 to the resident)"))
        var gone = Self.challenge(.turnRight)
        #expect(gone.observe(nil, resemblance: nil, at: 11.4) == .waiting, "a face missed for a moment is not gone")
        #expect(gone.observe(nil, resemblance: nil, at: 11.6) == .failed(reason: "the face left during the challenge to turn the head right"))
    }

    @Test func onlyADoubtfulMatchIsChallengedUnlessTheSiteSaysAlways_R21() {
        #expect(!LivenessChallenge.isNeeded(.never, lowestRealness: 0.1, sure: 0.9))
        #expect(LivenessChallenge.isNeeded(.always, lowestRealness: 0.99, sure: 0.9))
        #expect(LivenessChallenge.isNeeded(.onDoubt, lowestRealness: 0.89, sure: 0.9))
        #expect(!LivenessChallenge.isNeeded(.onDoubt, lowestRealness: 0.9, sure: 0.9))
        #expect(!LivenessChallenge.isNeeded(.onDoubt, lowestRealness: nil, sure: 0.9), "without a passive score the sensor decides")
    }

    /// A Weyl sequence: fixed numbers, evenly spread, without TestSupport's OpenCV.
    struct Weyl: RandomNumberGenerator {
        var value: UInt64 = 21
        mutating func next() -> UInt64 {
            value &+= 0x9E37_79B9_7F4A_7C15
            return value
        }
    }

    @Test func theInstructionIsDrawnEvenlyFromTheSitesChoice() {
        var generator = Weyl()
        var counts: [LivenessChallenge.Instruction: Int] = [:]
        for _ in 0..<3_000 {
            counts[LivenessChallenge.draw(from: LivenessChallenge.Settings.defaultInstructions, using: &generator), default: 0] += 1
        }
        #expect(counts[.comeCloser] == nil, "a held photo moved closer would answer it, so it is not asked by default")
        #expect(counts.values.allSatisfy { abs($0 - 1_000) < 100 }, "\(counts)")
    }

    /// The engine on a synthetic clock: a resident matched on frames whose
    /// passive score is `realness`, then moving as `answer` says.
    static func session(realness: Float, answer: (Double) -> FaceGeometry, mode: LivenessChallenge.Mode = .onDoubt) -> [DecisionEngine.Event] {
        var engine = DecisionEngine(stillPixels: 0, challenge: LivenessChallenge.Settings(mode: mode))
        engine.drawInstruction = { _ in .turnLeft }
        var events: [DecisionEngine.Event] = []
        var now = 0.0
        var started: Double?
        while now < 8 {
            now += 0.1
            let face = started.map { answer(now - $0) } ?? Self.face(dx: Float(Int(now * 10) % 2))
            let (plan, planned) = engine.plan([face], at: now)
            events += planned
            switch plan {
            case .judge(let track):
                _ = engine.observe(track: track, face: face)
                let decided = engine.record(
                    track: track, face: face, embedding: [1, 0], verdict: .match("s-1"), score: 0.7, realness: realness, at: now)
                if decided.contains(.challenge(.turnLeft)) { started = now }
                events += decided
            case .answer(let track):
                events += engine.answer(track: track, face: face, resemblance: 0.6, at: now)
            case .recheck(let track):
                events += engine.record(track: track, face: face, embedding: [1, 0], verdict: nil, score: nil, at: now)
            case .nothing, .multipleFaces:
                break
            }
            if events.contains(where: { if case .confirmed = $0 { true } else if case .notLive = $0 { true } else { false } }) { break }
        }
        return events
    }

    @Test func theEngineOpensOnlyAfterTheAnswerAndReportsAWrongOneNotLive_R21() {
        let turning = Self.session(realness: 0.8) { $0 < 0.6 ? Self.face() : Self.face(dx: 10) }
        #expect(turning.contains(.challenge(.turnLeft)))
        #expect(turning.last == .confirmed(subject: "s-1", score: 0.7, answered: .turnLeft), "the answer is named with the opening")
        let wrong = Self.session(realness: 0.8) { $0 < 0.6 ? Self.face() : Self.face(dx: -10) }
        #expect(
            wrong.last
                == .notLive(subject: "s-1", reason: "liveness challenge: turned the other way when asked to turn the head left", bestScore: 0.7))
        #expect(!wrong.contains { if case .confirmed = $0 { true } else { false } })
        let still = Self.session(realness: 0.8) { _ in Self.face() }
        #expect(
            still.last == .notLive(subject: "s-1", reason: "liveness challenge: no answer to \"turn the head left\" within 4.00 s", bestScore: 0.7))
        let sure = Self.session(realness: 0.95) { _ in Self.face() }
        #expect(!sure.contains(.challenge(.turnLeft)) && sure.last == .confirmed(subject: "s-1", score: 0.7), "a clearly live face is not challenged")
        let always = Self.session(realness: 0.95, answer: { _ in Self.face() }, mode: .always)
        #expect(always.contains(.challenge(.turnLeft)) && always.last != .confirmed(subject: "s-1", score: 0.7))
    }
}
