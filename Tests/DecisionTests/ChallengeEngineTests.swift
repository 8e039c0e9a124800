import Decision
import Testing

/// The decision engine with the liveness challenge (R21): the gate stays
/// shut until the whole answer, the screen is told each step, and failed
/// challenges of one resident pause their face entry.
@Suite struct ChallengeEngineTests {
    typealias Person = LivenessChallengeTests.Person

    /// The engine on a synthetic clock at 10 frames a second: resident s-1
    /// matched on frames whose passive score is `realness`, then answering as
    /// `person` does, for `seconds`.
    static func session(
        _ engine: inout DecisionEngine, realness: Float = 0.8, person: Person = Person(), from start: Double = 0, seconds: Double = 12
    ) -> [DecisionEngine.Event] {
        var events: [DecisionEngine.Event] = [], asked: [(LivenessChallenge.Instruction, Double)] = []
        var now = start
        while now < start + seconds {
            now += 0.1
            let face = asked.isEmpty ? LivenessChallengeTests.face(dx: Float(Int(now * 10) % 2)) : person.face(at: now, asked: asked)
            let (plan, planned) = engine.plan([face], at: now)
            var decided = planned
            switch plan {
            case .judge(let track):
                _ = engine.observe(track: track, face: face)
                decided += engine.record(
                    track: track, face: face, embedding: [1, 0], verdict: .match("s-1"), score: 0.7, realness: realness, at: now)
            case .answer(let track, let compare):
                decided += engine.answer(track: track, face: face, resemblance: compare ? 0.6 : nil, at: now)
            case .recheck(let track):
                decided += engine.record(track: track, face: face, embedding: [1, 0], verdict: nil, score: nil, at: now)
            case .nothing, .multipleFaces:
                break
            }
            for case .challenge(.instruction(let instruction)) in decided { asked.append((instruction, now)) }
            events += decided
            if events.contains(where: Self.isOutcome) { break }
        }
        return events
    }

    static func isOutcome(_ event: DecisionEngine.Event) -> Bool {
        switch event {
        case .confirmed, .notLive, .facePaused: true
        default: false
        }
    }

    static func engine(_ mode: LivenessChallenge.Mode = .onDoubt, steps: [LivenessChallenge.Instruction] = [.turnLeft, .lookUp]) -> DecisionEngine {
        var engine = DecisionEngine(stillPixels: 0, challenge: LivenessChallenge.Settings(mode: mode))
        engine.drawPlan = { _ in LivenessChallenge.Plan(steps: steps, pause: 0.6) }
        return engine
    }

    @Test func theEngineOpensOnlyAfterTheWholeAnswerAndTellsTheScreenEachStep_R21() {
        var engine = Self.engine()
        let events = Self.session(&engine)
        let shown = events.compactMap { if case .challenge(let ask) = $0 { ask } else { nil } }
        #expect(shown == [.holdStill, .instruction(.turnLeft), .instruction(.lookUp)])
        #expect(events.last == .confirmed(subject: "s-1", score: 0.7, answered: [.turnLeft, .lookUp]), "the answer is named with the opening")
        var wrong = Self.engine()
        let refused = Self.session(&wrong, person: Person { $0 == .lookUp ? .lookDown : $0 })
        #expect(refused.last == .notLive(subject: "s-1", reason: "liveness challenge: moved the other way when asked to look up", bestScore: 0.7))
        #expect(!refused.contains { if case .confirmed = $0 { true } else { false } })
        var sure = Self.engine()
        let clearlyLive = Self.session(&sure, realness: 0.95)
        #expect(
            !clearlyLive.contains(.challenge(.holdStill)) && clearlyLive.last == .confirmed(subject: "s-1", score: 0.7), "a sure face is not asked")
        var always = Self.engine(.always)
        let asked = Self.session(&always, realness: 0.95)
        #expect(asked.contains(.challenge(.holdStill)) && asked.last == .confirmed(subject: "s-1", score: 0.7, answered: [.turnLeft, .lookUp]))
    }

    @Test func threeFailuresInTenMinutesPauseThatResidentsFaceEntry_R21() {
        var engine = Self.engine(.always)
        let recording = Person { _ in nil }
        var outcomes: [DecisionEngine.Event] = []
        for attempt in 0..<3 {
            outcomes.append(contentsOf: Self.session(&engine, person: recording, from: Double(attempt) * 120).filter(Self.isOutcome))
        }
        let reason = "liveness challenge: did not start to turn the head left within 1.10 s"
        #expect(
            outcomes == [
                .notLive(subject: "s-1", reason: reason, bestScore: 0.7), .notLive(subject: "s-1", reason: reason, bestScore: 0.7),
                .notLive(subject: "s-1", reason: reason, bestScore: 0.7), .facePaused(subject: "s-1", started: true, seconds: 1_800),
            ])
        let later = Self.session(&engine, person: Person(), from: 600)
        #expect(!later.contains(.challenge(.holdStill)), "a paused resident is not even asked")
        guard case .facePaused(subject: "s-1", started: false, let remaining) = later.last else {
            Issue.record("a paused resident's match is refused as paused: \(later)")
            return
        }
        #expect(remaining > 1_400 && remaining < 1_460, "the pause began at the third failure, about 243 s in: \(remaining) s left at 600 s")
        let afterPause = Self.session(&engine, person: Person(), from: 2_300)
        #expect(afterPause.last == .confirmed(subject: "s-1", score: 0.7, answered: [.turnLeft, .lookUp]), "face entry resumes after the pause")
    }

    @Test func failuresSpreadOverMoreThanTheWindowDoNotPause_R21() {
        var failures = ChallengeFailures(limit: LivenessChallenge.TryLimit(failures: 3, windowSeconds: 600, pauseSeconds: 1_800))
        let paused = [("s-1", 0.0), ("s-1", 400), ("s-1", 700), ("s-2", 710), ("s-1", 800)].map { failures.record($0.0, at: $0.1) }
        // At 700 s the first failure is older than ten minutes; s-2's failure counts for s-2 alone.
        #expect(paused == [false, false, false, false, true], "the third failure within ten minutes pauses")
        #expect(failures.isPaused("s-1", at: 2_599) && !failures.isPaused("s-1", at: 2_600) && !failures.isPaused("s-2", at: 900))
        #expect(failures.remainingPause(of: "s-1", at: 1_000) == 1_600)
    }

    /// A recording retried every 10 s whenever face entry is not paused:
    /// how many challenges it gets to try in `days`.
    static func tries(_ limit: LivenessChallenge.TryLimit, days: Double) -> Int {
        var failures = ChallengeFailures(limit: limit), now = 0.0, tries = 0
        while now < days * 86_400 {
            if failures.isPaused("s-1", at: now) {
                now += failures.remainingPause(of: "s-1", at: now)
                continue
            }
            tries += 1
            _ = failures.record("s-1", at: now)
            now += 10
        }
        return tries
    }

    @Test func pausesInARowGrowSoARecordingGetsDozensOfTriesAMonthNotThousands_R21() {
        let shipped = LivenessChallenge.TryLimit()
        #expect(Self.tries(shipped, days: 1) == 18 && Self.tries(shipped, days: 30) == 36, "30, 60, 120… min, up to 7 days")
        #expect(Self.tries(LivenessChallenge.TryLimit(growth: 1), days: 30) > 4_000, "fixed 30 min pauses")
        var failures = ChallengeFailures(limit: shipped)
        for now in [0.0, 10, 20] { _ = failures.record("s-1", at: now) }
        #expect(failures.remainingPause(of: "s-1", at: 20) == 1_800)
        for now in [1_830.0, 1_840, 1_850] { _ = failures.record("s-1", at: now) }
        #expect(failures.remainingPause(of: "s-1", at: 1_850) == 3_600, "the next pause, right after, lasts twice as long")
        let later = 1_850 + 3_600 + 86_400.0
        for now in [later, later + 10, later + 20] { _ = failures.record("s-1", at: now) }
        #expect(failures.remainingPause(of: "s-1", at: later + 20) == 1_800, "a day after the last pause ended, pauses start short again")
    }
}
