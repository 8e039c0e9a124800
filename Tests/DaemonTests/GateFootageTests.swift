import Audit
import FaceVision
import Foundation
import Gallery
import TestSupport
import Testing

/// The gate on real footage of real people facing a camera, played in real
/// time as a 640×360 MJPEG camera into `facegate run`: residents enrolled
/// from one photo (or a frame of another clip) get in; a look-alike of a
/// resident and a stranger do not; at one spot, a resident behind a refused
/// stranger gets in and a stranger behind an admitted resident does not.
///
/// Who is who, checked by eye and by score (see the README of the data):
/// `d19.jpg` shows the man of `d18.mp4`, `d19.mp4` another man who looks
/// alike, and `d12.jpg` and `d12.mp4` two *different* people (a
/// press photo of one man and a video of another; cosine 0.04–0.14), so
/// `d12.mp4` is a stranger to the resident enrolled from `d12.jpg`.
@Suite(.serialized, .testExecutor) struct GateFootageTests {
    static let fps = 15.0

    static func clip(_ name: String) throws -> String { try RealFaces.file("video-dev/\(name)") }

    /// A gate on a 640×360 camera playing `scene` once, with a short cooldown
    /// so that a wrong opening for a resident admitted just before could not hide.
    static func site(scene: [String], folder: String) throws -> (GateSite, MJPEGServer) {
        let camera = try MJPEGServer(scene: scene, fps: fps, width: 640, height: 360, once: true)
        let site = try GateSite(camera: camera.url) { $0.replacingOccurrences(of: "cooldown_seconds = 8.0", with: "cooldown_seconds = 1.0") }
        try site.recordAssessment()
        return (site, camera)
    }

    /// One person of the head-pose clip that shows two, cut out and enlarged
    /// into an enrollment photo.
    static func headPosePhoto(_ side: String, in folder: String) throws -> String {
        let frame = "\(folder)/both.jpg", photo = "\(folder)/\(side).jpg"
        _ = try Subprocess.python("media.py", ["clipframe", try clip("intel/head-pose-face-detection-female-and-male.gif"), "0", frame])
        _ = try Subprocess.python("media.py", ["crop", frame, side == "female" ? "0" : "240", "0", "240", "270", "2", photo])
        return photo
    }

    /// `distractors` more residents are enrolled first: one photo each of
    /// that many LFW people (folds 1–5), none of them in the clips, so every
    /// search runs against a gallery the size of an estate.
    @Test(arguments: [0, 1_000])
    func residentsOnRealVideoGetInAndALookAlikeOrAStrangerNeverDoes_R13_R21(distractors: Int) async throws {
        let folder = try Fixtures.temporaryDirectory("footage")
        let scene = [
            "blank*15", "video:\(try Self.clip("d19.mp4"))@0-4", "blank*15",
            "video:\(try Self.clip("d18.mp4"))", "blank*15",
            "video:\(try Self.clip("d12.mp4"))@0-4", "blank*15",
            "video:\(try Self.clip("intel/head-pose-face-detection-female.gif"))*2", "blank*15",
            "video:\(try Self.clip("intel/head-pose-face-detection-male.gif"))", "blank*30",
        ]
        let (site, camera) = try Self.site(scene: scene, folder: folder)
        defer { camera.stop() }
        let residents = [
            ("Chen Jie", "1-101", try Self.clip("d19.jpg")), ("Zhao Min", "1-102", try Self.clip("d12.jpg")),
            ("Sun Li", "1-103", try Self.headPosePhoto("female", in: folder)), ("Zhou Qiang", "1-104", try Self.headPosePhoto("male", in: folder)),
        ]
        for (name, unit, photo) in residents {
            let result = try site.site.enroll(name: name, unit: unit, photos: [photo])
            #expect(result.status == 0, "enroll \(name): \(result.stderr)")
        }
        if distractors > 0 {
            let lfw = try RealFaces.lfw()
            let people = Dictionary(grouping: lfw.keys.sorted(), by: RealFaces.lfwPerson).values.compactMap { $0.sorted().first }.sorted()
            let gallery = try site.gallery(), model = try Fixtures.embedder().model.sha256
            for (index, photo) in people.prefix(distractors).enumerated() {
                var request = GalleryFixtures.request(name: "LFW \(index)", unit: "9-\(index)", template: lfw[photo]!)
                request.modelID = model
                _ = try gallery.enroll(request, minorsEnabled: false)
            }
            #expect(try gallery.subjectCount() == residents.count + distractors)
        }
        let units = Dictionary(uniqueKeysWithValues: try site.gallery().subjects().map { ($0.pseudonym, $0.unit) })

        let gate = try site.start()
        // Chen Jie, Sun Li and Zhou Qiang are in the clips; Zhao Min is not (d12.mp4 shows someone else).
        let expected = ["1-101", "1-103", "1-104"]
        let played = await gate.settle(timeout: 180) { _ in ((try? site.audit(.match).count) ?? 0) >= expected.count }
        // The look-alike played first: had he opened for Chen Jie, there would be a fourth opening.
        try await Task.sleep(for: .seconds(2))
        #expect(gate.stop() == 0)
        let matches = try site.audit(.match).compactMap { $0.event.pseudonym.flatMap { units[$0] } }
        print("footage (\(distractors) distractors): openings for units \(matches); refused \(try site.audit(.unknown).count) times as unknown")
        #expect(played, "every resident got in before the deadline: \(gate.log.suffix(2_000))")
        // The female clip plays twice: on a busy machine its loop cut can end
        // her track, and a new walk-up may open again. The look-alike's cannot hide.
        #expect(Set(matches) == Set(expected), "each resident in the clips, nobody else: \(matches)")
        #expect(matches.filter { $0 == "1-101" }.count == 1, "Chen Jie once, the look-alike never: \(matches)")
        #expect(site.openings == matches.count)
        #expect(try site.audit(.unknown).count >= 2, "the look-alike and the stranger are judged and refused")
        #expect(try site.gallery().verifyAudit().isIntact)
    }

    /// At a turnstile the next person stands where the last one stood. The
    /// clips are cut together with no gap: the same spot, another face.
    @Test func aQueueAtOneSpotNeverPassesADecisionOnToTheNextPerson_R15() async throws {
        let folder = try Fixtures.temporaryDirectory("queue")
        let resident = try Self.clip("d18.mp4"), stranger = try Self.clip("d19.mp4")
        let scene = [
            "blank*15", "video:\(stranger)@0-3", "video:\(resident)@0-3", "blank*30",
            "video:\(resident)@3-6", "video:\(stranger)@3-6", "blank*30",
        ]
        let (site, camera) = try Self.site(scene: scene, folder: folder)
        defer { camera.stop() }
        let result = try site.site.enroll(name: "Chen Jie", unit: "1-101", photos: [try Self.clip("d19.jpg")])
        #expect(result.status == 0, "\(result.stderr)")

        let gate = try site.start()
        func kinds() -> [AuditEvent.Kind] { ((try? site.audit()) ?? []).map(\.event.kind).filter { $0 == .match || $0 == .unknown } }
        let done = await gate.settle(timeout: 120) { _ in
            let seen = kinds()
            return seen.filter { $0 == .match }.count >= 2 && seen.last == .unknown
        }
        #expect(gate.stop() == 0)
        let seen = kinds()
        print("queue: decisions in order \(seen.map(\.rawValue))")
        #expect(done, "both queues played out: \(gate.log.suffix(2_000))")
        #expect(seen.filter { $0 == .match }.count == 2, "the resident got in behind the stranger, and again on his own; the stranger never")
        #expect(seen.first == .unknown, "the stranger first in the queue is refused")
        #expect(seen.last == .unknown, "the stranger behind the admitted resident is judged afresh and refused")
    }
}
