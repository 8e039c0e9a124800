import FaceVision
import Foundation
import TestSupport
import Testing

/// Which pictures are good enough to enroll from, on real photos: one sharp
/// face large enough passes; none, two, a small or a blurred one is refused
/// with words the operator can act on, and one bad photo refuses them all.
@Suite(.testExecutor) struct EnrollmentShotsTests {
    static func shots(minFacePixels: Int = 100, minSharpness: Double = 0) throws -> EnrollmentShots {
        EnrollmentShots(
            detector: try Fixtures.detector(), embedder: try Fixtures.embedder(),
            quality: FaceQuality(minFacePixels: minFacePixels, minSharpness: minSharpness), limits: .standard)
    }

    static func problem(_ result: Result<EnrollmentShots.Shot, EnrollmentShots.Problem>) -> String? {
        if case .failure(let problem) = result { problem.description } else { nil }
    }

    @Test func onePersonLargeAndSharpIsAShot() async throws {
        try await withBlockingSlot {
            let photo = try Image(contentsOf: try Fixtures.photo("Female_40-2_1.jpg"))
            let shot = try Self.shots().judge(photo).get()
            #expect(shot.face.box.height >= 100)
            let norm = shot.embedding.values.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(norm - 1) < 1e-3, "a unit embedding")
        }
    }

    @Test func noFaceTwoFacesASmallOrABlurredFaceIsRefusedWithTheReason() async throws {
        try await withBlockingSlot {
            let shots = try Self.shots()
            let first = try Image(contentsOf: try Fixtures.photo("Female_40-2_1.jpg")).letterboxed(width: 640, height: 640)
            let second = try Image(contentsOf: try Fixtures.photo("Male_45_1_1_1.jpg")).letterboxed(width: 640, height: 640)
            let pair = try Image.canvas(width: 1280, height: 640, placing: [.init(first, x: 0, y: 0), .init(second, x: 640, y: 0)])
            #expect(Self.problem(try shots.judge(pair))?.hasPrefix("2 faces qualify (face 1 at x ") == true)
            let grey = try Image(encoded: BMPFile.solid(width: 640, height: 480, grey: 128))
            #expect(Self.problem(try shots.judge(grey)) == "no face found")
            let small = try first.letterboxed(width: 120, height: 120)
            #expect(Self.problem(try shots.judge(small))?.contains("too small") == true)
            let demanding = try Self.shots(minSharpness: 1e9)
            #expect(Self.problem(try demanding.judge(first))?.hasPrefix("the face is blurred") == true)
        }
    }

    @Test func oneBadPhotoRefusesTheEnrollmentNamingIt() async throws {
        try await withBlockingSlot {
            let folder = try Fixtures.temporaryDirectory("shots")
            try Data(BMPFile.solid(width: 320, height: 240, grey: 90)).write(to: URL(fileURLWithPath: "\(folder)/wall.bmp"))
            let good = try Fixtures.photo("Female_40-2_1.jpg")
            #expect(try Self.shots().fromPhotos([good, good]).count == 2)
            let refused = #expect(throws: FaceVisionError.self) { try Self.shots().fromPhotos([good, "\(folder)/wall.bmp"]) }
            #expect(refused?.code == .unsuitablePicture && refused?.message == "\(folder)/wall.bmp: no face found")
        }
    }
}
