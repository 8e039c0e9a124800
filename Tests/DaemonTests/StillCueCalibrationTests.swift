import Config
import Decision
import FaceVision
import Foundation
import TestSupport
import Testing

@testable import Daemon

/// The motionless-picture cue of spoof screening (R21), calibrated on the
/// real detector through the daemon's copy of a detected face (internal to
/// Daemon); the rule that uses it is tested in DecisionTests.
@Suite(.testExecutor) struct StillCueCalibrationTests {
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
            let threshold = Float(GateSettings.Liveness.defaultStillPixels)
            #expect(person.allSatisfy { $0 > threshold }, "the default never calls a swaying person still")
            #expect(stand.filter { $0 <= threshold }.count >= 1, "and it catches some windows of a photo on a stand")
        }
    }
}
