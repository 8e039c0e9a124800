import Foundation
import Policy
import Testing

/// The gate's policy rules as pure functions: the last checks before
/// opening, start-up refusals and the operating mode
/// (the decision engine itself is tested in DecisionTests).
@Suite struct PolicyRulesTests {
    @Test func theGateOpensOnlyForAnActiveUnexpiredResidentOncePerCooldown_R5_R7() {
        let now = Date(timeIntervalSince1970: 2_000_000_000)
        let active = SubjectStanding(active: true, expires: now.addingTimeInterval(86_400), isMinor: false)
        var policy = GatePolicy(minorsEnabled: false, cooldown: 8)
        #expect(policy.decide("s-a", standing: active, mode: .face, now: now) == .open)
        #expect(policy.decide("s-a", standing: active, mode: .face, now: now.addingTimeInterval(3)) == .coolingDown)
        #expect(policy.decide("s-a", standing: active, mode: .face, now: now.addingTimeInterval(9)) == .open)
        policy.withdrawOpening(for: "s-a")
        #expect(
            policy.decide("s-a", standing: active, mode: .face, now: now.addingTimeInterval(10)) == .open,
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

    /// The wall clock set back (an NTP correction, a replaced RTC battery):
    /// no resident waits out the jump. (The PIN pad counts on the monotonic
    /// clock: `PINLockoutTests`.)
    @Test func aClockSetBackLocksNobodyOutForTheJump() {
        let now = Date(timeIntervalSince1970: 2_000_000_000)
        let active = SubjectStanding(active: true, expires: now.addingTimeInterval(86_400), isMinor: false)
        var policy = GatePolicy(minorsEnabled: false, cooldown: 8)
        #expect(policy.decide("s-a", standing: active, mode: .face, now: now) == .open)
        let setBack = now.addingTimeInterval(-3_600)
        #expect(policy.decide("s-a", standing: active, mode: .face, now: setBack) == .open, "not an hour and 8 s of cooldown")
        #expect(
            policy.decide("s-a", standing: active, mode: .face, now: setBack.addingTimeInterval(2)) == .coolingDown, "the cooldown itself still holds"
        )
    }
}
