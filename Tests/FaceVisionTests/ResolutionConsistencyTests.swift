import FaceVision
import Foundation
import TestSupport
import Testing

/// A face must embed the same way whether the detector found it in the
/// 640 px copy of a large photo or at full resolution: enrollment photos
/// are large, camera frames are not, and a template that depends on the
/// path would cost residents their score. deepface-dev's photos are up to
/// 1 024 px; each larger than 640 px is embedded both ways.
///
/// One detection pass gives min 0.930, median 0.970: YuNet's landmarks
/// jitter by about 1 % of the eye distance between scales. A template is
/// therefore a still embedding (`FaceEmbedder.stillEmbedding`): the face is
/// found again at one fixed size and eight slightly moved crops are averaged.
@Suite(.testExecutor) struct ResolutionConsistencyTests {
    @Test func aLargePhotoEmbedsAlikeFoundAt640PxOrAtFullResolution() async throws {
        try await withBlockingSlot {
            let folder = try RealFaces.file("deepface-dev")
            var photos: [String] = []
            for person in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() {
                photos += try FileManager.default.contentsOfDirectory(atPath: "\(folder)/\(person)").sorted().map { "\(folder)/\(person)/\($0)" }
            }
            let large = try photos.filter { path in
                let image = try Image(contentsOf: path)
                return max(image.width, image.height) > 640
            }
            let small = try RealFaces.embed(large, maxSide: 640, still: true)
            let full = try RealFaces.embed(large, maxSide: 4_096, still: true)
            var cosines: [Float] = []
            for (path, (a, b)) in zip(large, zip(small, full)) {
                guard let a, let b else {
                    Issue.record("\(path): a face found on one path only")
                    continue
                }
                let cosine = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
                cosines.append(cosine)
                #expect(cosine >= 0.99, "\((path as NSString).lastPathComponent): cosine \(cosine) between the two paths")
            }
            let onePass = zip(try RealFaces.embed(large, maxSide: 640), try RealFaces.embed(large, maxSide: 4_096)).compactMap { a, b in
                a.flatMap { a in b.map { b in zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } } }
            }.sorted()
            let sorted = cosines.sorted()
            print(
                "resolution: \(sorted.count) photos over 640 px; cosine between the 640 px and full-resolution paths: "
                    + "still embedding min \(sorted.first ?? 0), median \(sorted.isEmpty ? 0 : sorted[sorted.count / 2]); "
                    + "one detection pass min \(onePass.first ?? 0), median \(onePass.isEmpty ? 0 : onePass[onePass.count / 2])")
            #expect(sorted.count >= 40, "deepface-dev holds about 50 photos over 640 px")
        }
    }
}
