import Decision
import Testing

/// The pure side of spoof screening (R21): frames not judged live never
/// count toward N-of-M, a spoof is reported and retried in time, and the
/// frozen and motionless cues from the detector's geometry.
@Suite struct LivenessCueTests {
    static func face(x: Float, y: Float = 100, size: Float = 120) -> FaceGeometry {
        FaceGeometry(x: x, y: y, width: size, height: size, landmarks: DecisionEngineTests.landmarks(x: x, y: y, size: size))
    }

    @Test func framesNotJudgedLiveNeverConfirm_R21() {
        var replay = Confirmation(required: 2, window: 3)
        #expect(replay.add(.notLive("s-a", reason: "screen")) == nil)
        #expect(replay.add(.match("s-a")) == nil, "one live match is not two")
        #expect(replay.add(.notLive("s-a", reason: "frozen")) == .notLive("s-a", reason: "frozen"))

        var resident = Confirmation(required: 2, window: 3)
        #expect(resident.add(.notLive("s-a", reason: "one blurred frame")) == nil)
        #expect(resident.add(.match("s-a")) == nil)
        #expect(resident.add(.match("s-a")) == .confirmed("s-a"), "a resident with one doubtful frame still gets in")

        var stranger = Confirmation(required: 2, window: 3)
        _ = stranger.add(.notLive("s-a", reason: "screen"))
        _ = stranger.add(.unknown)
        #expect(stranger.add(.unknown) == .unknown, "one doubtful frame among unknowns is just not recognised")
    }

    @Test func theEngineReportsASpoofAndLetsTheFaceTryAgainLater_R21() {
        var camera = DecisionEngineTests.Camera()
        camera.run(until: 4.5, DecisionEngineTests.resident, .notLive("s-a", reason: "screen"))
        let spoofs = camera.events.filter { if case .notLive = $0 { true } else { false } }
        #expect(spoofs.first == .notLive(subject: "s-a", reason: "screen", bestScore: 0.6))
        #expect(spoofs.count == 2, "judged again after the retry time, never confirmed: \(camera.events)")
        #expect(camera.openings.isEmpty)
    }

    @Test func frozenAndMotionlessFacesAreCaughtAndAMovingOneIsNot_R21() {
        var motion = FaceMotion(window: 3, stillPixels: 0.5)
        #expect(motion.observe(track: 1, face: Self.face(x: 100)) == .firstSight)
        #expect(motion.observe(track: 1, face: Self.face(x: 100)) == .frozen, "byte-identical geometry")
        #expect(motion.observe(track: 1, face: Self.face(x: 100.25)) == .still(spread: 0.25))
        #expect(motion.observe(track: 1, face: Self.face(x: 101.5)) == .moving)
        #expect(motion.observe(track: 2, face: Self.face(x: 100)) == .firstSight, "tracks are separate")
        motion.forget(track: 1)
        #expect(motion.observe(track: 1, face: Self.face(x: 101.5)) == .firstSight, "a forgotten track keeps nothing")
    }
}
