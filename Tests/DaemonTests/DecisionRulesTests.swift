@testable import Daemon
import Config
import FaceVision
import Foundation
import Policy
import Testing

/// The gate's decision rules as pure functions: N-of-M confirmation,
/// one person at a time, the tracker, the last checks before opening, the
/// PIN pad's brake and the operating mode.
@Suite struct DecisionRulesTests {
    let face = FaceBox(x: 100, y: 100, width: 120, height: 140)
    let otherFace = FaceBox(x: 400, y: 90, width: 110, height: 130)

    /// Runs frames of one face through the engine with the given verdicts.
    func run(_ engine: inout DecisionEngine, _ verdicts: [FrameVerdict?]) -> [DecisionEngine.Event] {
        var events: [DecisionEngine.Event] = []
        for verdict in verdicts {
            let (plan, planned) = engine.plan(verdict == nil ? [] : [face])
            events += planned
            if case .judge(let items) = plan, let verdict {
                events += engine.record(track: items[0].track, verdict: verdict, score: 0.8)
            }
        }
        return events
    }

    @Test func twoOfThreeFramesOnTheSameResidentConfirm_R21() {
        var engine = DecisionEngine()
        #expect(run(&engine, [.match("s-a"), .match("s-a")]) == [.verifying, .confirmed(subject: "s-a", score: 0.8)])
        var split = DecisionEngine()
        let events = run(&split, [.match("s-a"), .match("s-b"), .unknown])
        #expect(!events.contains { if case .confirmed = $0 { true } else { false } }, "different residents never add up")
        #expect(events.last == .ambiguous(bestScore: 0.8))
        var strangers = DecisionEngine()
        #expect(run(&strangers, [.unknown, .match("s-a"), .unknown]).last == .unknown(bestScore: 0.8))
    }

    @Test func aConfirmedFaceIsNotJudgedAgainWhileItStays() {
        var engine = DecisionEngine()
        _ = run(&engine, [.match("s-a"), .match("s-a")])
        for _ in 0..<100 {
            #expect(engine.plan([face]).plan == .nothing, "no embedding for a decided face")
        }
    }

    @Test func anUnknownFaceMayTryAgainAfterTheRetryInterval() {
        var engine = DecisionEngine(required: 2, window: 3, retryFrames: 5)
        _ = run(&engine, [.unknown, .unknown, .unknown])
        let plans = (0..<6).map { _ in engine.plan([face]).plan }
        #expect(plans.prefix(4).allSatisfy { $0 == .nothing })
        #expect(plans.last != .nothing)
    }

    @Test func twoQualifyingFacesNeverOpenAndAreReportedOncePerEpisode_R22() {
        var engine = DecisionEngine()
        _ = engine.plan([face])
        var events: [DecisionEngine.Event] = []
        for _ in 0..<10 {
            let (plan, planned) = engine.plan([face, otherFace])
            #expect(plan == .multipleFaces)
            events += planned
        }
        #expect(events == [.multipleFaces])
        let (plan, _) = engine.plan([face])
        guard case .judge = plan else {
            Issue.record("one face again is judged afresh")
            return
        }
    }

    @Test func aFaceThatLeavesIsForgotten_R15() {
        var tracker = FaceTracker(patience: 2)
        let first = tracker.update([face]).ids[0]
        var ended: [Int] = []
        for _ in 0..<3 { ended += tracker.update([]).ended }
        #expect(ended == [first])
        #expect(tracker.tracks.isEmpty)
        #expect(tracker.update([face]).ids[0] != first, "a returning face is a new, unrelated track")
    }

    @Test func theTrackerFollowsAMovingFaceAndSeparatesTwo() {
        var tracker = FaceTracker()
        let id = tracker.update([face]).ids[0]
        let moved = FaceBox(x: 110, y: 105, width: 120, height: 140)
        #expect(tracker.update([moved]).ids == [id])
        let both = tracker.update([moved, otherFace]).ids
        #expect(both[0] == id && both[1] != id)
    }

    @Test func theGateOpensOnlyForAnActiveUnexpiredResidentOncePerCooldown_R5_R7() {
        let now = Date(timeIntervalSince1970: 2_000_000_000)
        let active = SubjectStanding(active: true, expires: now.addingTimeInterval(86_400), isMinor: false)
        var policy = GatePolicy(minorsEnabled: false, cooldown: 8)
        #expect(policy.decide("s-a", standing: active, mode: .face, now: now) == .open)
        #expect(policy.decide("s-a", standing: active, mode: .face, now: now.addingTimeInterval(3)) == .coolingDown)
        #expect(policy.decide("s-a", standing: active, mode: .face, now: now.addingTimeInterval(9)) == .open)
        policy.withdrawOpening(for: "s-a")
        #expect(policy.decide("s-a", standing: active, mode: .face, now: now.addingTimeInterval(10)) == .open,
            "a sensor that said no leaves no cooldown behind (R21)")
        #expect(policy.decide("s-b", standing: nil, mode: .face, now: now) == .refuse("no longer enrolled"))
        var expired = active
        expired.expires = now.addingTimeInterval(-1)
        #expect(policy.decide("s-c", standing: expired, mode: .face, now: now) == .refuse("retention period ended"))
        var minor = active
        minor.isMinor = true
        #expect(policy.decide("s-d", standing: minor, mode: .face, now: now) == .refuse("minors are not enabled at this site"))
        policy.minorsEnabled = true
        #expect(policy.decide("s-d", standing: minor, mode: .face, now: now) == .open)
        #expect(policy.decide("s-e", standing: active, mode: .alternativeOnly(["camera"]), now: now) != .open)
    }

    @Test func startupNeedsAnAlternativeAndAPublicPlace_R1_R17() throws {
        #expect(throws: StartupRefusal.self) { try StartupPolicy.check(alternatives: [], placement: .residentialEntrance) }
        #expect(throws: StartupRefusal.self) { try StartupPolicy.check(alternatives: [.card], placement: .bathroom) }
        try StartupPolicy.check(alternatives: [.pin], placement: .buildingEntrance)
    }

    @Test func anyFailingPartTurnsFaceEntryOffAndSaysWhy_R1_R18() {
        #expect(OperatingMode.from(.init()) == .face)
        let mode = OperatingMode.from(.init(camera: "camera unavailable", assessment: "no impact assessment recorded (R18)"))
        #expect(!mode.allowsFace)
        #expect(mode.description.contains("R18") && mode.description.contains("camera unavailable"))
        #expect(AssessmentRule.problem(latest: nil, loadedModels: ["a"], purpose: "p")?.contains("R18") == true)
        let facts = AssessmentRule.Facts(identifier: "PIA-1", modelHashes: ["a", "b"], purpose: "p")
        #expect(AssessmentRule.problem(latest: facts, loadedModels: ["b", "a"], purpose: "p") == nil)
        #expect(AssessmentRule.problem(latest: facts, loadedModels: ["a", "c"], purpose: "p") != nil)
        #expect(AssessmentRule.problem(latest: facts, loadedModels: ["a", "b"], purpose: "other") != nil)
    }

    @Test func thePINPadLocksAfterRepeatedWrongPINsAndUnlocksLater() {
        let start = Date(timeIntervalSince1970: 2_000_000_000)
        var pad = PINLockout(attempts: 3, lockout: 60)
        let first = pad.failed(at: start), second = pad.failed(at: start), third = pad.failed(at: start)
        #expect(!first && !second)
        #expect(third, "the third wrong PIN locks")
        #expect(pad.isLocked(at: start.addingTimeInterval(59)))
        #expect(!pad.isLocked(at: start.addingTimeInterval(61)))
        let afterLockout = pad.failed(at: start.addingTimeInterval(61))
        #expect(!afterLockout, "a fresh count after the lockout")
    }

    /// The wall clock set back (an NTP correction, a replaced RTC battery):
    /// no resident waits out the jump, and the PIN pad is not locked for it.
    @Test func aClockSetBackLocksNobodyOutForTheJump() {
        let now = Date(timeIntervalSince1970: 2_000_000_000)
        let active = SubjectStanding(active: true, expires: now.addingTimeInterval(86_400), isMinor: false)
        var policy = GatePolicy(minorsEnabled: false, cooldown: 8)
        #expect(policy.decide("s-a", standing: active, mode: .face, now: now) == .open)
        let setBack = now.addingTimeInterval(-3_600)
        #expect(policy.decide("s-a", standing: active, mode: .face, now: setBack) == .open, "not an hour and 8 s of cooldown")
        #expect(policy.decide("s-a", standing: active, mode: .face, now: setBack.addingTimeInterval(2)) == .coolingDown, "the cooldown itself still holds")

        var pad = PINLockout(attempts: 1, lockout: 60)
        let locked = pad.failed(at: now)
        #expect(locked)
        #expect(pad.isLocked(at: now.addingTimeInterval(30)))
        #expect(!pad.isLocked(at: setBack), "not locked for an hour and a minute")
        let lockedAgain = pad.failed(at: setBack)
        #expect(lockedAgain, "a wrong PIN after the jump locks again, for the lockout only")
        #expect(pad.isLocked(at: setBack.addingTimeInterval(59)) && !pad.isLocked(at: setBack.addingTimeInterval(61)))
    }
}
