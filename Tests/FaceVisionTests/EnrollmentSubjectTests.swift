import FaceVision
import Testing

/// Which face of a picture is enrolled (`EnrollmentSubject`), on detections
/// laid out as real portraits have them: pure, no model needed.
struct EnrollmentSubjectTests {
    /// A frontal face: eyes level, nose between them, mouth below.
    static func face(x: Float, y: Float, width: Float, height: Float, turn: Float = 0, score: Float = 0.93) -> DetectedFace {
        let eyeY = y + height * 0.4, eyes = width * 0.4, midX = x + width / 2
        let landmarks = [
            FacePoint(x: midX - eyes / 2, y: eyeY), FacePoint(x: midX + eyes / 2, y: eyeY), FacePoint(x: midX + turn * eyes, y: eyeY + height * 0.15),
            FacePoint(x: midX - eyes * 0.35, y: eyeY + height * 0.3), FacePoint(x: midX + eyes * 0.35, y: eyeY + height * 0.3),
        ]
        return DetectedFace(box: FaceBox(x: x, y: y, width: width, height: height), landmarks: landmarks, score: score)
    }

    static let quality = FaceQuality(minFacePixels: 80, minSharpness: 20)

    static func choose(_ faces: [DetectedFace], pick: Int? = nil, sharpness: Double = 100) -> Result<EnrollmentSubject, EnrollmentShots.Problem> {
        EnrollmentSubject.choose(faces, width: 250, height: 250, quality: quality, pick: pick) { _ in sharpness }
    }

    static func problem(_ result: Result<EnrollmentSubject, EnrollmentShots.Problem>) -> String {
        if case .failure(let problem) = result { problem.description } else { "" }
    }

    @Test func aCutOffSmallTurnedOrBlurredBystanderIsIgnored() throws {
        let subject = Self.face(x: 89, y: 70, width: 94, height: 127)
        let bystanders = [
            Self.face(x: 207, y: 56, width: 50, height: 111),  // cut off at the right edge, as tall as counts
            Self.face(x: 10, y: 20, width: 45, height: 60),  // small, in the background
            Self.face(x: 0.5, y: 60, width: 60, height: 100),  // touching the left edge
        ]
        for bystander in bystanders {
            #expect(try Self.choose([subject, bystander]).get().index == 0, "\(bystander.box)")
        }
        #expect(try Self.choose([Self.face(x: 20, y: 40, width: 70, height: 100, turn: 0.6), subject]).get().index == 1, "a profile")
    }

    @Test func aSecondFaceThatQualifiesOrIsNearlyAsLargeRefusesThePicture() throws {
        let subject = Self.face(x: 20, y: 60, width: 94, height: 127)
        let twin = Self.face(x: 140, y: 60, width: 90, height: 120)
        #expect(Self.problem(Self.choose([subject, twin])).hasPrefix("2 faces qualify (face 1 at x 20, y 60, 94×127 px; face 2 at x 140"))
        let uncertainButLarge = Self.face(x: 140, y: 60, width: 90, height: 120, score: 0.5)
        #expect(Self.problem(Self.choose([subject, uncertainButLarge])).hasPrefix("2 faces of similar size"))
        #expect(try Self.choose([subject, twin], pick: 2).get().index == 1)
        #expect(
            Self.problem(Self.choose([subject, twin], pick: 2, sharpness: 5)).hasPrefix("face 2 (at x 140, y 60, 90×120 px): the face is blurred"))
        #expect(Self.problem(Self.choose([subject, twin], pick: 3)).hasPrefix("--face 3: the picture has 2 faces"))
    }

    @Test func withoutAQualifyingFaceTheLargestOnesFlawIsNamed() {
        #expect(Self.problem(Self.choose([])) == "no face found")
        #expect(
            Self.problem(Self.choose([Self.face(x: 100, y: 100, width: 40, height: 60)])).hasPrefix(
                "the face is too small (60 pixels tall; needs 80)"))
        #expect(Self.problem(Self.choose([Self.face(x: 180, y: 60, width: 94, height: 127)])) == "the face is cut off at the edge of the picture")
        #expect(Self.problem(Self.choose([Self.face(x: 60, y: 60, width: 94, height: 127, turn: 0.7)])).hasPrefix("the face is turned away"))
        #expect(
            Self.problem(Self.choose([Self.face(x: 60, y: 60, width: 94, height: 127)], sharpness: 3)).hasPrefix("the face is blurred (sharpness 3"))
    }
}
