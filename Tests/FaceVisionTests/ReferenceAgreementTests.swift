import FaceVision
import Foundation
import TestSupport
import Testing

/// facegate's Swift → C shim → OpenCV path against an independent Python cv2
/// pipeline (numpy decode, cv2 alignCrop + SFace) on all ~186 real photos.
@Suite(.testExecutor) struct ReferenceAgreementTests {
    @Test func detectionFindsTheSameFacesAsThePythonReference() async throws {
        try await withBlockingSlot {
            let reference = try Reference.photos.get()
            let detector = try Fixtures.detector()
            var singleFace = 0
            var worst = 0.0
            for photo in try Fixtures.photos() {
                let expected = try #require(reference[photo], "no reference for \(photo)")
                let faces = try detector.detect(in: Image(contentsOf: photo))
                #expect(faces.count == expected.faces.count, "\(photo)")
                for (face, want) in zip(faces, expected.faces) {
                    let got = [face.box.x, face.box.y, face.box.width, face.box.height] + face.landmarks.flatMap { [$0.x, $0.y] }
                    let wanted = want.box + want.landmarks.flatMap { $0 }
                    let deviation = zip(got, wanted).map { abs(Double($0) - $1) }.max() ?? 0
                    worst = max(worst, deviation)
                    #expect(deviation <= 2, "\(photo): box or landmarks off by \(deviation) px")
                    #expect(abs(Double(face.score) - want.score) < 0.01, "\(photo)")
                }
                singleFace += faces.count == 1 ? 1 : 0
            }
            print(
                "detection: \(singleFace) of \(try Fixtures.photos().count) photos hold exactly one face; worst deviation from the reference \(String(format: "%.3f", worst)) px"
            )
            #expect(singleFace >= 165)
        }
    }

    @Test func embeddingsMatchThePythonReferenceOnEveryFace() async throws {
        try await withBlockingSlot {
            let reference = try Reference.photos.get()
            let detector = try Fixtures.detector()
            let embedder = try Fixtures.embedder()
            var lowest: Float = 1
            var compared = 0
            for photo in try Fixtures.photos() {
                let expected = try #require(reference[photo])
                let image = try Image(contentsOf: photo)
                let faces = try detector.detect(in: image)
                guard faces.count == expected.faces.count else { continue }  // counted by the detection test
                for (face, want) in zip(faces, expected.faces) {
                    let mine = try embedder.embedding(of: face, in: image)
                    let theirs = try Embedding(normalising: (want.embedding ?? []).map(Float.init))
                    let cosine = mine.cosine(theirs)
                    lowest = min(lowest, cosine)
                    compared += 1
                    #expect(cosine >= 0.999, "\(photo): cosine \(cosine) with the reference")
                }
            }
            print("embedding: \(compared) faces compared with the Python reference, lowest cosine \(lowest)")
            #expect(compared >= 190)
        }
    }
}
