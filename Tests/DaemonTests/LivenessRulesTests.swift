import Config
import Decision
import FaceVision
import Foundation
import Policy
import TestSupport
import Testing

@testable import Daemon

/// Spoof screening's rules (R21): the still cue calibrated on the real
/// detector, and how the MiniFASNet score and a hardware sensor combine
/// under each rule.
@Suite(.testExecutor) struct LivenessRulesTests {
    static func rule(_ toml: String) throws -> LivenessRule {
        LivenessRule(try FacegateConfig(toml: toml, source: "test.toml", baseDirectory: "/tmp").gate.liveness)
    }

    /// Calibration of the still cue with the real detector: a photo on a
    /// stand seen by a noisy sensor (±4 grey levels), against the same photo
    /// moving two pixels within every window, as a swaying person does.
    @Test func theStillCueSeparatesSensorNoiseFromASwayingPerson_R21() async throws {
        try await withBlockingSlot {
            let detector = try Fixtures.detector()
            let photo = try Image(contentsOf: try Fixtures.photo("Female_40-2_1.jpg")).letterboxed(width: 640, height: 480)
            let pixels = photo.bgrBytes()
            var generator = SystemRandomNumberGenerator()
            func frame(shift: Int) throws -> DetectedFace {
                var noisy = pixels
                for index in noisy.indices {
                    let x = (index / 3) % 640
                    let source = x + shift >= 0 && x + shift < 640 ? index + shift * 3 : index
                    noisy[index] = UInt8(clamping: Int(pixels[source]) + Int.random(in: -4...4, using: &generator))
                }
                return try #require(try detector.detect(in: Image(bgr: noisy, width: 640, height: 480)).first)
            }
            func spreads(_ shifts: [Int]) throws -> [Float] {
                var motion = FaceMotion(window: 3, stillPixels: .infinity)
                return try shifts.compactMap { shift in
                    if case .still(let spread) = motion.observe(track: 1, face: FaceGeometry(try frame(shift: shift))) { spread } else { nil }
                }
            }
            let stand = try spreads([0, 0, 0, 0, 0, 0, 0, 0])
            let person = try spreads([0, 2, 0, -2, 0, 2, 0, -2])
            print("still cue: largest coordinate spread over 3 frames, photo on a stand \(stand), swaying person \(person)")
            #expect(stand.count == 6 && person.count == 6, "every window after the first two frames is measured")
            #expect(stand.max()! < person.min()!, "two pixels of sway move the geometry more than sensor noise does")
            let threshold = Float(try FacegateConfig(toml: "", source: "t.toml", baseDirectory: "/tmp").gate.liveness.stillPixels)
            #expect(person.allSatisfy { $0 > threshold }, "the default never calls a swaying person still")
            #expect(stand.filter { $0 <= threshold }.count >= 1, "and it catches some windows of a photo on a stand")
        }
    }

    @Test func softwareSensorAndBothRulesCombineAsConfigured_R21() async throws {
        try await withBlockingSlot {
            struct Broken: Error, CustomStringConvertible { var description: String { "timed out" } }
            let software = try Self.rule("")
            #expect(software.threshold == 0.7 && !software.usesSensor && software.usesSoftware)
            #expect(software.frame(motion: .moving, realness: 0.71) == nil)
            #expect(software.frame(motion: .moving, realness: 0.69)?.hasPrefix("print or screen suspected: p(real) 0.69 below 0.70") == true)
            #expect(
                software.frame(motion: .frozen, realness: 0.99)?.hasPrefix("frozen picture") == true, "a perfect score cannot outvote a frozen frame")
            #expect(software.frame(motion: .still(spread: 0.1), realness: 0.99)?.hasPrefix("motionless picture") == true)
            #expect(software.decision(sensor: Optional<Result<Bool, Broken>>.none) == nil)

            let sensor = """
                [liveness.sensor]
                command = ["/usr/local/bin/ir-check"]
                """
            let external = try Self.rule("[liveness]\nrule = \"external\"\n" + sensor)
            #expect(external.frame(motion: .moving, realness: nil) == nil, "under external the software score is not used")
            #expect(external.frame(motion: .frozen, realness: nil) != nil, "the frozen cue still applies")
            #expect(external.decision(sensor: Result<Bool, Broken>.success(true)) == nil)
            #expect(external.decision(sensor: Result<Bool, Broken>.success(false)) == "the liveness sensor saw no live person")
            #expect(external.decision(sensor: Result<Bool, Broken>.failure(Broken()))?.contains("failed") == true, "a failing sensor is a no")

            let both = try Self.rule("[liveness]\nrule = \"both\"\nthreshold = 0.5\n" + sensor)
            #expect(both.frame(motion: .moving, realness: 0.4) != nil, "software says no: no, whatever the sensor says")
            #expect(both.frame(motion: .moving, realness: 0.6) == nil)
            #expect(both.decision(sensor: Result<Bool, Broken>.success(false)) != nil, "sensor says no: no")
            #expect(both.decision(sensor: Result<Bool, Broken>.success(true)) == nil)
        }
    }

    @Test func livenessSettingsRefuseWhatCannotWork_R21() async throws {
        try await withBlockingSlot {
            let cases: [(String, String)] = [
                ("[liveness]\nrule = \"either\"", "allowed: software, external, both"),
                ("[liveness]\nrule = \"both\"", "no 'liveness.sensor'"),
                ("[liveness.sensor]\nurl = \"http://127.0.0.1:9/live\"", "ignores it"),
                ("[liveness]\nrule = \"external\"\n[liveness.sensor]\ncommand = [\"ir-check\"]", "absolute program path"),
                ("[liveness]\nrule = \"external\"\n[liveness.sensor]\nurl = \"ftp://x\"", "http(s) URL"),
                ("[liveness]\nthreshold = 1.5", "'liveness.threshold' must be between"),
                ("[liveness]\nthreshhold = 0.5", "unknown key 'liveness.threshhold'"),
            ]
            for (toml, message) in cases {
                let error = #expect(throws: ConfigError.self) { try FacegateConfig(toml: toml, source: "t.toml", baseDirectory: "/tmp") }
                #expect(error?.description.contains(message) == true, "\(toml) → \(error?.description ?? "no error")")
            }
        }
    }
}
