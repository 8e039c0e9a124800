import FaceVision
import Foundation

/// `facegate bench pipeline`: the Swift detect + embed path against a plain
/// C++ OpenCV pipeline on the same 640×480 frames (one face, two faces), so
/// the wrapper's overhead is measured, not assumed.
public struct PipelineBenchmark {
    /// One or two photos of single faces (with one, the two-face frame shows it twice).
    public var photos: [String]
    /// Frames per side per round.
    public var iterations: Int
    /// Alternating rounds.
    public var rounds: Int
    public var models: FaceModels

    public init(photos: [String], iterations: Int, rounds: Int, models: FaceModels) {
        self.photos = photos
        self.iterations = iterations
        self.rounds = rounds
        self.models = models
    }

    public func run() throws {
        let detector = try models.detector()
        let embedder = try models.embedder()
        let reference = try ReferencePipeline(
            detector: models.directory.load(.faceDetector), recognizer: models.directory.load(.faceRecognizer),
            options: models.detectorOptions)
        let pictures = try photos.map { try models.image($0) }
        let one = try pictures[0].letterboxed(width: 640, height: 480)
        let halves = try [pictures[0], pictures[pictures.count - 1]].map { try $0.letterboxed(width: 320, height: 480) }
        let two = try Image.canvas(
            width: 640, height: 480, placing: [.init(halves[0], x: 0, y: 0), .init(halves[1], x: 320, y: 0)])

        print(
            "facegate bench pipeline — OpenCV \(VisionRuntime.openCVVersion), \(VisionRuntime.threads) threads, "
                + "\(rounds) alternating rounds of \(iterations) frames per side")
        print("faces  facegate Swift (ms/frame)  plain C++ (ms/frame)  ratio")
        for frame in [one, two] {
            var found = 0
            let swiftPath = {
                let faces = try detector.detect(in: frame)
                for face in faces { _ = try embedder.embedding(of: face, in: frame) }
                found = faces.count
            }
            let cppPath = { _ = try reference.run(frame) }
            try swiftPath()
            try cppPath()
            var swiftTimes: [Double] = [], cppTimes: [Double] = []
            for round in 0..<rounds {
                for side in round % 2 == 0 ? [0, 1] : [1, 0] {
                    for _ in 0..<iterations {
                        let start = ContinuousClock.now
                        try side == 0 ? swiftPath() : cppPath()
                        let elapsed = (ContinuousClock.now - start).milliseconds
                        if side == 0 { swiftTimes.append(elapsed) } else { cppTimes.append(elapsed) }
                    }
                }
            }
            let (swift, cpp) = (swiftTimes.median, cppTimes.median)
            let label = "\(found)".padding(toLength: 5, withPad: " ", startingAt: 0)
            print(label + String(format: "  %24.2f  %20.2f  %5.3f×", swift, cpp, swift / cpp))
        }
    }
}
