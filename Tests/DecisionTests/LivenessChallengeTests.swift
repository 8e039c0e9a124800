import Decision
import Testing

/// The liveness challenge as pure logic (R21): an answer is a movement the
/// instructions caused — the asked way, in the asked order, starting a
/// human reaction time after each instruction — and nothing else is.
@Suite struct LivenessChallengeTests {
    typealias Instruction = LivenessChallenge.Instruction

    /// A face 40 px between the eyes; the nose `dx` px towards the person's
    /// left eye and `dy` px down from where it sits when facing the camera.
    static func face(dx: Float = 0, dy: Float = 0, scale: Float = 1) -> FaceGeometry {
        let points: [(Float, Float)] = [(100, 100), (140, 100), (120 + dx, 122 + dy), (106, 140), (134, 140)]
        return FaceGeometry(
            x: 90, y: 80, width: 60 * scale, height: 80 * scale, landmarks: points.map { FaceGeometry.Point(x: $0.0 * scale, y: $0.1 * scale) })
    }

    /// The face at the full size of `instruction`'s movement, `share` of the way there.
    static func face(_ instruction: Instruction?, share: Float = 1) -> FaceGeometry {
        switch instruction {
        case .turnLeft?: face(dx: 10 * share)
        case .turnRight?: face(dx: -10 * share)
        case .lookUp?: face(dy: -8 * share)
        case .lookDown?: face(dy: 8 * share)
        case .comeCloser?: face(scale: 1 + 0.45 * share)
        case nil: face()
        }
    }

    /// Someone in front of the camera: facing it, and once an instruction
    /// appears, after `reaction` seconds, making `does(instruction)` — out
    /// over 0.2 s, held 0.1 s, back over 0.2 s.
    struct Person {
        var reaction = 0.45
        var does: (Instruction) -> Instruction? = { $0 }

        func face(at now: Double, asked: [(Instruction, Double)]) -> FaceGeometry {
            var start = -Double.infinity
            for (instruction, shown) in asked {
                let begins = max(shown + reaction, start + 0.5)
                start = begins
                let elapsed = now - begins
                guard elapsed >= 0, elapsed < 0.5 else { continue }
                let share = elapsed < 0.2 ? elapsed / 0.2 : elapsed < 0.3 ? 1 : 1 - (elapsed - 0.3) / 0.2
                return LivenessChallengeTests.face(does(instruction), share: Float(share))
            }
            return LivenessChallengeTests.face()
        }
    }

    /// A challenge of `plan` answered by `person`, judged every `step` seconds from t = 10.
    static func run(
        _ plan: LivenessChallenge.Plan, _ person: Person, step: Double = 0.1
    ) -> (state: LivenessChallenge.State, asks: [LivenessChallenge.Ask]) {
        var challenge = LivenessChallenge(plan, face: face(), at: 10)
        var asks = [challenge.ask], asked: [(Instruction, Double)] = []
        var now = 10.0
        while challenge.state == .waiting, now < 30 {
            now += step
            let compared = challenge.wantsResemblance(at: now)
            challenge.observe(person.face(at: now, asked: asked), resemblance: compared ? 0.6 : nil, at: now)
            if challenge.ask != asks.last {
                asks.append(challenge.ask)
                if case .instruction(let instruction) = challenge.ask { asked.append((instruction, now)) }
            }
        }
        return (challenge.state, asks)
    }

    static let pairs: [[Instruction]] = Settings.defaultInstructions.flatMap { first in
        Settings.defaultInstructions.filter { $0 != first }.map { [first, $0] }
    }
    typealias Settings = LivenessChallenge.Settings

    @Test func someoneWhoFollowsEachInstructionPassesInEveryOrder_R21() {
        #expect(Self.pairs.count == 12)
        for steps in Self.pairs {
            let (state, asks) = Self.run(LivenessChallenge.Plan(steps: steps, pause: 0.8), Person())
            #expect(state == .answered, "\(steps): \(state)")
            #expect(asks == [.holdStill] + steps.map { .instruction($0) }, "the screen asks to hold still, then each step")
        }
        let closer = Self.run(LivenessChallenge.Plan(steps: [.comeCloser, .turnLeft], pause: 0.6), Person())
        #expect(closer.state == .answered, "\(closer.state)")
    }

    @Test func aMovementBeforeTheInstructionCouldBeSeenOrSecondsLaterFails_R21() {
        let plan = LivenessChallenge.Plan(steps: [.turnLeft, .lookUp], pause: 0.8)
        #expect(Self.run(plan, Person(reaction: 0)).state == .failed(reason: "moved before the instruction to turn the head left could be seen"))
        #expect(Self.run(plan, Person(reaction: 1.6)).state == .failed(reason: "did not start to turn the head left within 1.10 s"))
        #expect(Self.run(plan, Person(reaction: 0.8)).state == .answered, "a slow reaction is still one")
    }

    @Test func theOtherWayAnotherAxisOrANodFails_R21() {
        let plan = LivenessChallenge.Plan(steps: [.turnLeft, .lookDown], pause: 0.8)
        let wrongWay = Self.run(plan, Person { $0 == .turnLeft ? .turnRight : $0 })
        #expect(wrongWay.state == .failed(reason: "moved the other way when asked to turn the head left"))
        let otherAxis = Self.run(plan, Person { $0 == .turnLeft ? .lookUp : $0 })
        #expect(otherAxis.state == .failed(reason: "tilted the head up or down when asked to turn the head left"))
        let second = Self.run(plan, Person { $0 == .lookDown ? .turnRight : $0 })
        #expect(second.state == .failed(reason: "turned the head when asked to look down"))
        let still = Self.run(plan, Person { _ in nil })
        #expect(still.state == .failed(reason: "did not start to turn the head left within 1.10 s"))
        // A nod: down, then up past where the head was.
        var nodding = LivenessChallenge(LivenessChallenge.Plan(steps: [.lookUp, .turnLeft], pause: 0.5), face: Self.face(), at: 0)
        var now = 0.0
        while nodding.ask == .holdStill, now < 3 {
            now += 0.1
            nodding.observe(Self.face(), resemblance: 0.6, at: now)
        }
        for dy: Float in [0, 0, 0, 0, 4, 8, 4, 0, -4, -8] where nodding.state == .waiting {
            now += 0.1
            nodding.observe(Self.face(dy: dy), resemblance: 0.6, at: now)
        }
        #expect(nodding.state == .failed(reason: "moved the other way when asked to look up"), "a nod is no answer")
    }

    @Test func aHeadThatNeverHoldsStillIsNeverAsked_R21() {
        var challenge = LivenessChallenge(LivenessChallenge.Plan(steps: [.turnLeft, .turnRight], pause: 0.5), face: Self.face(), at: 0)
        var now = 0.0
        while challenge.state == .waiting, now < 10 {
            now += 0.1
            let sway = Float((now * 2.5).truncatingRemainder(dividingBy: 2) < 1 ? 6 : -6)
            challenge.observe(Self.face(dx: sway), resemblance: 0.6, at: now)
            #expect(challenge.ask == .holdStill)
        }
        #expect(challenge.state == .failed(reason: "the face did not hold still before the first instruction"))
    }

    /// A recording moves on its own schedule: the head turns left at 2.0 s
    /// and right at 3.2 s of the clip, and back, as a talking head does,
    /// looped every 5 s. Played from 50 starts against all 12 orders, it
    /// answers only where the draw happens to line up with it.
    @Test func aRecordingThatTurnsOnItsOwnScheduleIsRarelyInStep_R21() {
        func recording(_ time: Double) -> FaceGeometry {
            let t = time.truncatingRemainder(dividingBy: 5)
            for (start, instruction) in [(2.0, Instruction.turnLeft), (3.2, .turnRight)] where t >= start && t < start + 0.5 {
                let elapsed = t - start
                return Self.face(instruction, share: Float(elapsed < 0.2 ? elapsed / 0.2 : elapsed < 0.3 ? 1 : 1 - (elapsed - 0.3) / 0.2))
            }
            return Self.face()
        }
        var accepted = 0, sessions = 0
        for offset in stride(from: 0.0, to: 5.0, by: 0.1) {
            for steps in Self.pairs {
                var challenge = LivenessChallenge(LivenessChallenge.Plan(steps: steps, pause: 0.7), face: recording(offset), at: offset)
                var now = offset
                while challenge.state == .waiting, now < offset + 20 {
                    now += 0.1
                    challenge.observe(recording(now), resemblance: 0.6, at: now)
                }
                sessions += 1
                if challenge.state == .answered { accepted += 1 }
            }
        }
        #expect(sessions == 600)
        #expect(accepted <= 12, "\(accepted) of \(sessions) sessions answered by a recording")
    }

    @Test func noAnswerInTimeAnotherFaceOrALostFaceFails_R21() {
        var swapped = LivenessChallenge(LivenessChallenge.Plan(steps: [.turnLeft], pause: 0.5), face: Self.face(), at: 10)
        #expect(
            swapped.observe(Self.face(), resemblance: 0.1, at: 10.5)
                == .failed(reason: "another face answered the challenge (similarity 0.10 to the resident)"))
        #expect(swapped.observe(Self.face(), resemblance: 0.9, at: 10.6) != .waiting, "a failed challenge stays failed")
        var gone = LivenessChallenge(LivenessChallenge.Plan(steps: [.turnLeft], pause: 0.5), face: Self.face(), at: 10)
        #expect(gone.observe(nil, resemblance: nil, at: 11.4) == .waiting, "a face missed for a moment is not gone")
        #expect(gone.observe(nil, resemblance: nil, at: 11.6) == .failed(reason: "the face left during the challenge"))
        var limits = LivenessChallenge.Limits()
        limits.seconds = 1
        let slow = LivenessChallenge.Plan(steps: [.turnLeft, .turnRight], pause: 0.5)
        var late = LivenessChallenge(slow, face: Self.face(), at: 0, limits: limits)
        for step in 1...25 where late.state == .waiting {
            late.observe(Self.face(), resemblance: 0.6, at: Double(step) / 10)
        }
        #expect(late.state == .failed(reason: "no complete answer within 1.00 s of the first instruction"))
    }

    /// A slow or overloaded gate that judges 5 frames a second cannot tell
    /// an answer from a recording's chance movement: the challenge fails and
    /// says so; at 8 frames a second the same person passes.
    @Test func aGateJudgingTooFewFramesFailsTheChallengeNamingTheGap_R21() {
        let plan = LivenessChallenge.Plan(steps: [.turnLeft, .lookUp], pause: 0.8)
        #expect(Self.run(plan, Person(), step: 0.125).state == .answered)
        let sparse = Self.run(plan, Person(), step: 0.2)
        #expect(
            sparse.state == .failed(reason: "the gate judged too few frames to follow the answer (0.20 s between two; needs one every 0.15 s)"),
            "\(sparse.state)")
        #expect(sparse.asks == [.holdStill, .instruction(.turnLeft)], "it holds still at 5 frames a second; the first instruction fails")
    }

    /// The daemon embeds a frame of a challenge only when the challenge asks:
    /// one every `comparedEvery` while the face holds still or has yet to
    /// move, every frame once it moves, so the frame that completes a step
    /// is always one compared with the resident, and a face that is not the
    /// resident's fails whenever it is compared.
    @Test func framesAreComparedWithTheResidentSparselyUntilTheFaceMovesThenEachOne_R21() {
        var challenge = LivenessChallenge(LivenessChallenge.Plan(steps: [.turnLeft, .lookUp], pause: 0.8), face: Self.face(), at: 10)
        var compared: [Double] = [], asked: [(Instruction, Double)] = [], completions: [(Double, Bool)] = []
        var now = 10.0, step = 0
        while challenge.state == .waiting, now < 20 {
            now += 0.04
            let wants = challenge.wantsResemblance(at: now)
            if wants { compared.append(now) }
            challenge.observe(Person().face(at: now, asked: asked), resemblance: wants ? 0.6 : nil, at: now)
            if case .instruction(let instruction) = challenge.ask, asked.last?.0 != instruction { asked.append((instruction, now)) }
            if asked.count > step || challenge.state == .answered {
                completions.append((now, wants))
                step = asked.count
            }
        }
        #expect(challenge.state == .answered, "\(challenge.state)")
        let judged = Int(((now - 10) / 0.04).rounded())
        #expect(compared.count < judged * 2 / 3, "\(compared.count) of \(judged) frames compared")
        let stillGaps = zip(compared, compared.dropFirst()).map { $1 - $0 }.filter { $0 > 0.05 }
        #expect(!stillGaps.isEmpty && stillGaps.allSatisfy { $0 < 0.3 + 0.041 }, "holding still, one every 0.3 s: \(stillGaps)")
        #expect(completions.dropFirst().allSatisfy { $0.1 }, "every step completes on a compared frame: \(completions)")

        var swapped = LivenessChallenge(LivenessChallenge.Plan(steps: [.turnLeft, .lookUp], pause: 0.8), face: Self.face(), at: 10)
        now = 10
        while swapped.state == .waiting, now < 20 {
            now += 0.04
            swapped.observe(Self.face(), resemblance: swapped.wantsResemblance(at: now) ? 0.1 : nil, at: now)
        }
        #expect(now < 10.35, "another face is caught at the first compared frame, within 0.3 s")
        #expect(swapped.state == .failed(reason: "another face answered the challenge (similarity 0.10 to the resident)"))
    }

    @Test func onlyADoubtfulMatchIsChallengedUnlessTheSiteSaysAlways_R21() {
        #expect(!LivenessChallenge.isNeeded(.never, lowestRealness: 0.1, sure: 0.9))
        #expect(LivenessChallenge.isNeeded(.always, lowestRealness: 0.99, sure: 0.9))
        #expect(LivenessChallenge.isNeeded(.onDoubt, lowestRealness: 0.89, sure: 0.9))
        #expect(!LivenessChallenge.isNeeded(.onDoubt, lowestRealness: 0.9, sure: 0.9))
        #expect(!LivenessChallenge.isNeeded(.onDoubt, lowestRealness: nil, sure: 0.9), "without a passive score the sensor decides")
    }

    @Test func aPlanAsksDistinctStepsInEveryOrderEvenly_R21() {
        var generator = SeededGenerator(seed: 27)
        var counts: [[Instruction]: Int] = [:]
        for _ in 0..<6_000 {
            let plan = LivenessChallenge.Plan.draw(from: Settings.defaultInstructions, steps: 2, using: &generator)
            #expect(Set(plan.steps).count == 2 && (0.5...1.5).contains(plan.pause))
            counts[plan.steps, default: 0] += 1
        }
        #expect(counts.count == 12, "every ordered pair of the four directions: \(counts.keys)")
        #expect(counts.values.allSatisfy { abs($0 - 500) < 100 }, "\(counts)")
        #expect(!Settings.defaultInstructions.contains(.comeCloser), "a held photo moved closer would answer it, so it is not asked by default")
    }
}
