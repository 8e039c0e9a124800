import Foundation

/// Turns enrollment photos or camera frames into good shots: exactly one
/// qualifying face, large and sharp enough, embedded. Explains every
/// rejected shot, so the operator knows what to retake. Nothing is kept but
/// the embeddings.
public struct EnrollmentShots {
    /// A picture good enough to enroll from: its one face and that face's embedding.
    public struct Shot: Sendable {
        public let face: DetectedFace
        public let embedding: Embedding
    }

    /// Why a picture is no good for enrollment, in words for the operator.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
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

    /// Every photo must pass; one bad photo refuses the enrollment with the reason.
    public func fromPhotos(_ paths: [String]) throws -> [Shot] {
        try paths.map { path in
            switch try judge(Image(contentsOf: path, limits: limits)) {
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

    /// The one good face of `image`, embedded, or why there is none.
    public func judge(_ image: Image) throws -> Result<Shot, Problem> {
        let faces = try detector.detect(in: image)
        let qualifying = quality.qualifying(faces)
        guard qualifying.count == 1, let face = qualifying.first else {
            if qualifying.count > 1 {
                return .failure(Problem(description: "\(qualifying.count) faces; enrollment needs exactly one person in the picture"))
            }
            if let largest = faces.first {
                return .failure(
                    Problem(
                        description:
                            "the face is too small (\(Int(largest.box.height)) pixels tall; needs \(quality.minFacePixels)): come closer or use a larger photo"
                    ))
            }
            return .failure(Problem(description: "no face found"))
        }
        switch try quality.judge(face, sharpness: { try image.sharpness(in: $0) }) {
        case .good:
            return .success(Shot(face: face, embedding: try embedder.stillEmbedding(of: face, in: image, detector: detector)))
        case .blurred(let sharpness):
            return .failure(Problem(description: "the face is blurred (sharpness \(Int(sharpness)), needs \(Int(quality.minSharpness)))"))
        case .uncertain(let score):
            return .failure(Problem(description: "the face is not clearly visible (detector confidence \(String(format: "%.2f", score)))"))
        case .tooSmall(let pixels):
            return .failure(Problem(description: "the face is too small (\(pixels) pixels tall)"))
        }
    }
}
