import ArgumentParser
import FaceVision
import Foundation

/// `facegate bench pipeline`: the Swift detect + embed path against a plain
/// C++ OpenCV pipeline on the same 640×480 frames (one face, two faces).
struct PipelineBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Time detect + align + embed per 640×480 frame: facegate's Swift path vs a plain C++ OpenCV pipeline.",
        discussion: """
            Builds a one-face frame from the first photo and a two-face frame from both photos side
            by side. Both sides are warmed up, then run in short alternating rounds (the order
            flipping each round) so both see the same machine state; prints the median
            milliseconds per frame of each and their ratio.
            """)

    @Argument(help: "One or two photos of single faces (with one, the two-face frame shows it twice).")
    var photos: [String]

    @Option(help: "Frames per side per round.")
    var iterations = 5

    @Option(help: "Alternating rounds.")
    var rounds = 20

    @OptionGroup var vision: VisionOptions

    func validate() throws {
        guard (1...2).contains(photos.count) else { throw ValidationError("give one or two photos") }
        guard iterations >= 1, rounds >= 1 else { throw ValidationError("--iterations and --rounds must be at least 1") }
    }

    func run() throws {
        let detector = try vision.detector()
        let embedder = try vision.embedder()
        let reference = try ReferencePipeline(
            detector: vision.directory.load(.faceDetector), recognizer: vision.directory.load(.faceRecognizer),
            options: vision.detectorOptions)
        let pictures = try photos.map { try vision.image($0) }
        let one = try pictures[0].letterboxed(width: 640, height: 480)
        let halves = try [pictures[0], pictures.last!].map { try $0.letterboxed(width: 320, height: 480) }
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

extension Duration {
    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}

extension [Double] {
    var median: Double {
        let sorted = self.sorted()
        return sorted.isEmpty ? .nan : sorted[sorted.count / 2]
    }

    /// The value below which `percent` % of the values lie (nearest rank).
    func percentile(_ percent: Double) -> Double {
        let sorted = self.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted[Swift.min(sorted.count - 1, Int((percent / 100 * Double(sorted.count)).rounded(.up)) - 1)]
    }
}
