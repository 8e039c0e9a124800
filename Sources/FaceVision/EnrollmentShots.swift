import Foundation

/// Turns enrollment photos or camera frames into good shots: the picture's
/// one subject (`EnrollmentSubject`), large and sharp enough, embedded.
/// Explains every rejected shot, so the operator knows what to retake.
/// Nothing is kept but the embeddings.
public struct EnrollmentShots {
    /// A picture good enough to enroll from: its subject, which of the
    /// picture's faces that is, and the subject's embedding.
    public struct Shot: Sendable {
        public let face: DetectedFace
        /// 1-based, largest face first, as `facegate detect` lists them.
        public let number: Int
        /// How many faces the detector found in the picture.
        public let facesFound: Int
        public let embedding: Embedding

        /// "face 1 of 2 at x …": what the operator is told was enrolled.
        public var summary: String { "face \(number) of \(facesFound) \(EnrollmentSubject.box(face))" }
    }

    /// Why a picture is no good for enrollment, in words for the operator,
    /// and what the person in front of the desk's camera can do about it.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// The one thing to ask of the resident, for live feedback.
        public enum Advice: String, Sendable, Equatable {
            case noFace = "no-face"
            case closer
            case lookAtCamera = "look-at-camera"
            case intoView = "into-view"
            case holdStill = "hold-still"
            case onePerson = "one-person"
        }

        public let description: String
        public let advice: Advice

        public init(description: String, advice: Advice) {
            self.description = description
            self.advice = advice
        }
    }

    let detector: FaceDetector
    let embedder: FaceEmbedder
    let quality: FaceQuality
    let limits: ImageLimits

    public init(detector: FaceDetector, embedder: FaceEmbedder, quality: FaceQuality, limits: ImageLimits) {
        self.detector = detector
        self.embedder = embedder
        self.quality = quality
        self.limits = limits
    }

    /// Every photo must pass; one bad photo refuses the enrollment with the
    /// reason. `pick` (`--face N`) names the subject in every photo.
    public func fromPhotos(_ paths: [String], pick: Int? = nil) throws -> [Shot] {
        try paths.map { path in
            switch try judge(Image(contentsOf: path, limits: limits), pick: pick) {
            case .success(let shot): return shot
            case .failure(let problem): throw FaceVisionError(.unsuitablePicture, "\(path): \(problem.description)")
            }
        }
    }

    /// Reads frames until `count` good shots (at least half a second apart)
    /// or 20 seconds pass; `taken` hears of each shot as it is taken.
    public func fromCamera(_ location: FrameSourceLocation, count: Int, taken: (Int) -> Void = { _ in }) throws -> [Shot] {
        let source = try FrameSource(location, limits: limits)
        let deadline = ContinuousClock.now + .seconds(20)
        var shots: [Shot] = []
        var lastShot = ContinuousClock.now - .seconds(1)
        var lastProblem = "no frame"
        while shots.count < count, ContinuousClock.now < deadline {
            guard let frame = try source.nextFrame() else { break }
            guard ContinuousClock.now - lastShot >= .milliseconds(500) else { continue }
            switch try judge(frame) {
            case .success(let shot):
                shots.append(shot)
                lastShot = .now
                taken(shots.count)
            case .failure(let problem):
                lastProblem = problem.description
            }
        }
        guard shots.count == count else {
            throw FaceVisionError(.unsuitablePicture, "\(location): only \(shots.count) of \(count) good shots (last problem: \(lastProblem))")
        }
        return shots
    }

    /// The subject of `image`, embedded, or why there is none.
    public func judge(_ image: Image, pick: Int? = nil) throws -> Result<Shot, Problem> {
        let faces = try detector.detect(in: image)
        let chosen = try EnrollmentSubject.choose(
            faces, width: image.width, height: image.height, quality: quality, pick: pick, sharpness: { try image.sharpness(in: $0) })
        switch chosen {
        case .failure(let problem):
            return .failure(problem)
        case .success(let subject):
            let face = faces[subject.index]
            return .success(
                Shot(
                    face: face, number: subject.index + 1, facesFound: faces.count,
                    embedding: try embedder.stillEmbedding(of: face, in: image, detector: detector)))
        }
    }
}
