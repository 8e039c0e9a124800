import Audit
import Foundation
import Gallery
import TestSupport
import Testing

/// The liveness challenge through `facegate run` on real footage (R21): a
/// person who follows the screen gets in and the audit names the steps; a
/// looped recording of an enrolled resident never gets in, and its failed
/// tries pause that resident's face entry, audited.
@Suite(.serialized, .testExecutor) struct GateChallengeTests {
    /// A gate challenging every matched face (`always`) on a 640×360 camera;
    /// the camera is made once the kiosk's port is known, so it can follow the screen.
    static func site(
        enrolledFrom clip: String, at seconds: String, edit: @escaping (String) -> String = { $0 },
        camera: (_ kioskState: String) throws -> MJPEGServer
    ) throws -> (GateSite, MJPEGServer) {
        let site = try GateSite(camera: "CAMERA_URL", challenge: "always", edit: edit)
        let camera = try camera("http://127.0.0.1:\(site.kioskPort)/api/state")
        try site.editConfig { $0.replacingOccurrences(of: "CAMERA_URL", with: camera.url) }
        try site.recordAssessment()
        let photo = "\(site.site.folder)/enrolled-frame.jpg"
        _ = try Subprocess.python("media.py", ["clipframe", clip, seconds, photo])
        let enrolled = try site.site.enroll(name: "Chen Jie", unit: "1-101", photos: [photo])
        #expect(enrolled.status == 0, "\(enrolled.stderr)")
        try FileManager.default.removeItem(atPath: photo)
        return (site, camera)
    }

    /// d12.mp4 holds still from 0.3 to 1.1 s, turns to his left from 1.24 s
    /// and back by 2.1 s, and to his right from 2.96 s and back by 3.8 s
    /// (from the landmarks, `facegate bench challenge --trace`, and checked
    /// by eye). The camera plays the still part over and over; 0.3 s after
    /// the screen asks for a turn, it plays that real turn once.
    @Test func aResidentWhoFollowsTheScreenGetsInAndTheAuditNamesTheSteps_R21() async throws {
        let clip = try GateFootageTests.clip("d12.mp4")
        let (site, camera) = try Self.site(
            enrolledFrom: clip, at: "0.5",
            edit: {
                $0.replacingOccurrences(
                    of: "challenge_instructions = [\"turn-left\", \"turn-right\", \"look-up\", \"look-down\"]",
                    with: "challenge_instructions = [\"turn-left\", \"turn-right\"]"
                )
                .replacingOccurrences(of: "challenge_failures = 3", with: "challenge_failures = 20")
            },
            camera: { state in
                try MJPEGServer(
                    scene: ["blank*15", "video:\(clip)@0.3-1.1*200"], fps: GateFootageTests.fps, width: 640, height: 360, follow: state,
                    answers: ["challenge-turn-left": "video:\(clip)@1.2-2.2", "challenge-turn-right": "video:\(clip)@2.9-3.9"], reaction: 0.3)
            })
        defer { camera.stop() }
        let gate = try site.start()
        let opened = await gate.settle(timeout: 180) { _ in ((try? site.audit(.match).count) ?? 0) >= 1 }
        #expect(gate.stop() == 0)
        let matches = try site.audit(.match).map(\.event.reason), reasons = try site.audit().map(\.event.reason)
        #expect(opened, "the resident who followed the screen got in: \(reasons) \(gate.log.suffix(2_000))")
        let steps = ["turn the head left, then turn the head right", "turn the head right, then turn the head left"]
        #expect(matches.first.map { reason in steps.contains { reason.contains("answered the liveness challenge to \($0)") } } == true, "\(matches)")
        #expect(gate.log.contains("liveness challenge") && gate.log.contains("turn-left") && gate.log.contains("turn-right"), "the screen was told")
        #expect(site.openings == matches.count)
    }

    /// d3.mp4 is a real talking head (11.8 s) that turns and nods as people
    /// talking do, looped as a screen held to the camera would play it, for
    /// at least a minute. It never answers; its third failure pauses the
    /// resident's face entry, and the next match is refused as paused.
    ///
    /// Three steps, not the shipped two: at two, `facegate bench challenge`
    /// measures this loop answering 0.09–0.14 % of challenges (20 000
    /// sessions each at 15 and 10 judged frames/s), and a CI run saw it
    /// answer one of its first two; at three it answered 0 of 40 000 (95 %
    /// upper bound 0.01 %). What two steps let through is bounded by the
    /// growing pauses (ChallengeEngineTests).
    @Test func aLoopedRecordingOfTheResidentNeverOpensAndItsTriesPauseFaceEntry_R21() async throws {
        let clip = try GateFootageTests.clip("d3.mp4")
        let (site, camera) = try Self.site(
            enrolledFrom: clip, at: "3.0", edit: { $0.replacingOccurrences(of: "challenge_steps = 2", with: "challenge_steps = 3") }
        ) { state in
            try MJPEGServer(scene: ["blank*15", "video:\(clip)*30"], fps: GateFootageTests.fps, width: 640, height: 360)
        }
        defer { camera.stop() }
        #expect(try String(contentsOfFile: site.site.config, encoding: .utf8).contains("challenge_steps = 3"))
        let gate = try site.start()
        let started = Date()
        let paused = await gate.settle(timeout: 300) { _ in
            let refusedAsPaused = ((try? site.audit(.matchRefused)) ?? []).contains { $0.event.reason.hasPrefix("face entry paused") }
            return Date().timeIntervalSince(started) >= 60 && refusedAsPaused
        }
        #expect(gate.stop() == 0)
        let reasons = try site.audit().map(\.event.reason)
        #expect(paused, "the recording's tries paused face entry: \(reasons) \(gate.log.suffix(2_000))")
        let failed = try site.audit(.spoofSuspected).map(\.event.reason).filter { $0.hasPrefix("liveness challenge:") }
        let pauses = try site.audit(.facePaused)
        #expect(failed.count >= 3, "\(failed)")
        #expect(pauses.count == 1 && pauses.first?.event.pseudonym != nil, "one pause, naming the resident's pseudonym")
        #expect(
            pauses.first?.event.reason.hasPrefix("3 failed liveness challenges within 10 min; face entry paused for this resident for 30 min") == true
        )
        #expect(try site.audit(.match).isEmpty && site.openings == 0, "nobody let in")
        #expect(try site.gallery().verifyAudit().isIntact)
    }
}
