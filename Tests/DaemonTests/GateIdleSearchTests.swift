import Audit
import Foundation
import TestSupport
import Testing

/// The idle gate's economy, end to end: `facegate run` leaves most frames of
/// an empty, unchanging scene unsearched (the detector is its largest cost)
/// but searches every frame while a face is in view, however still the
/// person stands, so nobody waits on the idle interval.
@Suite(.serialized, .testExecutor) struct GateIdleSearchTests {
    /// Frames processed and frames left unsearched once `frames` have come, and the audit's refusals.
    static func run(scene: [String], frames: Double) async throws -> (frames: Double, unsearched: Double, refusals: Int) {
        let camera = try MJPEGServer(scene: scene, fps: 15)
        defer { camera.stop() }
        let site = try GateSite(camera: camera.url)
        try site.recordAssessment()
        let gate = try site.start()
        let enough = await gate.settle(timeout: 90) { ($0.metric("facegate_frames_total") ?? 0) >= frames }
        let counts = (gate.metric("facegate_frames_total") ?? 0, gate.metric("facegate_frames_unsearched_total") ?? -1)
        #expect(gate.stop() == 0)
        #expect(enough, "the camera's frames reached the gate: \(gate.log.suffix(1_000))")
        return (counts.0, counts.1, try site.audit(.unknown).count)
    }

    @Test func anEmptySceneIsSearchedEveryFewSecondsAStillFaceOnEveryFrame() async throws {
        let empty = try await Self.run(scene: ["blank*15"], frames: 90)
        print("idle search: empty scene, \(Int(empty.unsearched)) of \(Int(empty.frames)) frames unsearched")
        #expect(empty.unsearched >= empty.frames / 2, "an unchanging empty scene is searched every idle interval, not every frame")

        let face = try await Self.run(scene: ["\(try RealFaces.file("video-dev/d19.jpg"))*15"], frames: 90)
        print("idle search: a still face in view, \(Int(face.unsearched)) of \(Int(face.frames)) frames unsearched")
        #expect(face.refusals >= 1, "the face in view was found and judged (a stranger here)")
        #expect(face.unsearched == 0, "while a face is in view every frame is searched, though the picture never changes")
    }
}
