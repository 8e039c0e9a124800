import Decision
import Testing

/// How the MiniFASNet score, the motion cues and a hardware sensor combine
/// under each `liveness.rule` (R21), free of I/O.
@Suite struct LivenessRuleTests {
    @Test func softwareSensorAndBothRulesCombineAsConfigured_R21() {
        struct Broken: Error, CustomStringConvertible { var description: String { "timed out" } }
        let software = LivenessRule(threshold: 0.7, rule: .software)
        #expect(!software.usesSensor && software.usesSoftware)
        #expect(software.frame(motion: .moving, realness: 0.71) == nil)
        #expect(software.frame(motion: .moving, realness: 0.69)?.hasPrefix("print or screen suspected: p(real) 0.69 below 0.70") == true)
        #expect(
            software.frame(motion: .frozen, realness: 0.99)?.hasPrefix("frozen picture") == true, "a perfect score cannot outvote a frozen frame")
        #expect(software.frame(motion: .still(spread: 0.1), realness: 0.99)?.hasPrefix("motionless picture") == true)
        #expect(software.decision(sensor: Optional<Result<Bool, Broken>>.none) == nil)

        let external = LivenessRule(threshold: 0.7, rule: .external)
        #expect(external.frame(motion: .moving, realness: nil) == nil, "under external the software score is not used")
        #expect(external.frame(motion: .frozen, realness: nil) != nil, "the frozen cue still applies")
        #expect(external.decision(sensor: Result<Bool, Broken>.success(true)) == nil)
        #expect(external.decision(sensor: Result<Bool, Broken>.success(false)) == "the liveness sensor saw no live person")
        #expect(external.decision(sensor: Result<Bool, Broken>.failure(Broken()))?.contains("failed") == true, "a failing sensor is a no")

        let both = LivenessRule(threshold: 0.5, rule: .both)
        #expect(both.frame(motion: .moving, realness: 0.4) != nil, "software says no: no, whatever the sensor says")
        #expect(both.frame(motion: .moving, realness: 0.6) == nil)
        #expect(both.decision(sensor: Result<Bool, Broken>.success(false)) != nil, "sensor says no: no")
        #expect(both.decision(sensor: Result<Bool, Broken>.success(true)) == nil)
    }
}
