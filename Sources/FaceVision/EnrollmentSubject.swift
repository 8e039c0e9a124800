import Decision
import Foundation

/// Which face of an enrollment picture is the resident's. Ordinary portraits
/// hold bystanders: a shoulder and half a face at the edge, someone small in
/// the background. The subject is the one face that qualifies (large enough,
/// confidently found, whole in the picture, facing the camera, sharp), and
/// the others are ignored. A picture is refused only when nobody could tell
/// whose it is: a second face qualifies too and is not much smaller, or is
/// nearly as large as the subject whatever its quality. A face whose box
/// reaches the picture's edge is cut off. The limits were tried on the
/// 3 811 LFW folds 1–5 photos (250×250, the named person in the middle): of
/// the 744 with two faces or more, 551 enroll their subject (the face in the
/// middle every time) and 180 are refused as ambiguous; 23 photos are
/// refused as turned away. Pure: the caller measures sharpness.
public struct EnrollmentSubject: Sendable, Equatable {
    /// Why one face cannot be the subject, in words for the operator.
    public enum Flaw: Sendable, Equatable, CustomStringConvertible {
        case tooSmall(pixels: Int, needs: Int)
        case uncertain(score: Float)
        case cutOff
        case turned(turn: Float)
        case blurred(sharpness: Double, needs: Double)

        /// What the resident can do about it.
        public var advice: EnrollmentShots.Problem.Advice {
            switch self {
            case .tooSmall: .closer
            case .uncertain, .turned: .lookAtCamera
            case .cutOff: .intoView
            case .blurred: .holdStill
            }
        }

        public var description: String {
            switch self {
            case .tooSmall(let pixels, let needs):
                "the face is too small (\(pixels) pixels tall; needs \(needs)): come closer or use a larger photo"
            case .uncertain(let score):
                "the face is not clearly visible (detector confidence \(String(format: "%.2f", score)))"
            case .cutOff:
                "the face is cut off at the edge of the picture"
            case .turned(let turn):
                "the face is turned away from the camera (turn \(String(format: "%.2f", turn)); needs at most \(String(format: "%.2f", EnrollmentSubject.mostTurn)))"
            case .blurred(let sharpness, let needs):
                "the face is blurred (sharpness \(Int(sharpness)), needs \(Int(needs)))"
            }
        }
    }

    /// A second face that qualifies too and shows at least this share of
    /// the subject's area makes the picture ambiguous (about 0.7 of its height).
    public static let qualifyingRival: Float = 0.5
    /// Any second face showing at least this share of the subject's area
    /// (0.8 of its height) makes it ambiguous, whatever its quality.
    public static let nearlyAsLarge: Float = 0.64
    /// Largest head turn (`FaceGeometry.turn`, eye distances) of a face that
    /// faces the camera: frontal faces read within ±0.15, a deliberate turn
    /// 0.25–0.35, a profile 0.5 and beyond.
    public static let mostTurn: Float = 0.45

    /// The index of the subject in `faces` (sorted largest first, as the detector returns them).
    public let index: Int

    /// The subject of a `width`×`height` picture, or why there is none.
    /// `pick` (1-based, `--face N`) names the subject instead of choosing it.
    public static func choose(
        _ faces: [DetectedFace], width: Int, height: Int, quality: FaceQuality, pick: Int? = nil, sharpness: (FaceBox) throws -> Double
    ) rethrows -> Result<EnrollmentSubject, EnrollmentShots.Problem> {
        func flaw(_ face: DetectedFace) throws -> Flaw? {
            try Self.flaw(of: face, width: width, height: height, quality: quality, sharpness: sharpness)
        }
        func problem(_ text: String, _ advice: EnrollmentShots.Problem.Advice) -> Result<EnrollmentSubject, EnrollmentShots.Problem> {
            .failure(EnrollmentShots.Problem(description: text, advice: advice))
        }
        guard !faces.isEmpty else { return problem("no face found", .noFace) }
        if let pick {
            guard faces.indices.contains(pick - 1) else {
                return problem("--face \(pick): the picture has \(faces.count) face\(faces.count == 1 ? "" : "s") (\(list(faces)))", .onePerson)
            }
            if let flaw = try flaw(faces[pick - 1]) { return problem("face \(pick) (\(box(faces[pick - 1]))): \(flaw)", flaw.advice) }
            return .success(EnrollmentSubject(index: pick - 1))
        }
        var qualifying: [Int] = []
        var firstFlaw: Flaw?
        for (index, face) in faces.enumerated() {
            if let found = try flaw(face) {
                firstFlaw = firstFlaw ?? found
            } else {
                qualifying.append(index)
            }
        }
        func shown(_ index: Int) -> Float { visibleArea(of: faces[index].box, width: width, height: height) }
        guard let subject = qualifying.max(by: { shown($0) < shown($1) }) else {
            return problem(firstFlaw?.description ?? "no face found", firstFlaw?.advice ?? .noFace)
        }
        let others = qualifying.filter { $0 != subject && shown($0) >= shown(subject) * qualifyingRival }
        if !others.isEmpty {
            return problem(
                "\(others.count + 1) faces qualify (\(list(faces, only: [subject] + others))); enrollment needs exactly one person: crop the photo or pick one with --face N",
                .onePerson
            )
        }
        if let rival = faces.indices.first(where: { $0 != subject && shown($0) >= shown(subject) * nearlyAsLarge }) {
            return problem(
                "2 faces of similar size (\(list(faces, only: [subject, rival]))); enrollment needs exactly one person: crop the photo or pick one with --face N",
                .onePerson
            )
        }
        return .success(EnrollmentSubject(index: subject))
    }

    /// Why `face` cannot be the subject; nil when it qualifies.
    static func flaw(
        of face: DetectedFace, width: Int, height: Int, quality: FaceQuality, sharpness: (FaceBox) throws -> Double
    ) rethrows -> Flaw? {
        let box = face.box
        guard Int(box.height) >= quality.minFacePixels else { return .tooSmall(pixels: Int(box.height), needs: quality.minFacePixels) }
        guard face.score >= quality.minScore else { return .uncertain(score: face.score) }
        let landmarksInside = face.landmarks.allSatisfy { $0.x >= 0 && $0.y >= 0 && $0.x < Float(width) && $0.y < Float(height) }
        guard landmarksInside, box.x >= 1, box.y >= 1, box.x + box.width <= Float(width) - 1, box.y + box.height <= Float(height) - 1
        else { return .cutOff }
        if let turn = FaceGeometry(face).turn, abs(turn) > mostTurn { return .turned(turn: turn) }
        let measured = try sharpness(box)
        guard measured >= quality.minSharpness else { return .blurred(sharpness: measured, needs: quality.minSharpness) }
        return nil
    }

    /// "face N at x X, y Y, W×H px": how the operator finds a face in the picture.
    public static func box(_ face: DetectedFace) -> String {
        "at x \(Int(face.box.x)), y \(Int(face.box.y)), \(Int(face.box.width))×\(Int(face.box.height)) px"
    }

    /// The area of `box` inside the picture.
    static func visibleArea(of box: FaceBox, width: Int, height: Int) -> Float {
        let visibleWidth = max(0, min(Float(width), box.x + box.width) - max(0, box.x))
        let visibleHeight = max(0, min(Float(height), box.y + box.height) - max(0, box.y))
        return visibleWidth * visibleHeight
    }

    private static func list(_ faces: [DetectedFace], only: [Int]? = nil) -> String {
        (only?.sorted() ?? Array(faces.indices)).map { "face \($0 + 1) \(box(faces[$0]))" }.joined(separator: "; ")
    }
}
