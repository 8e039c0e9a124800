import FaceVision
import Foundation

/// `facegate bench pad`: how the MiniFASNet screen separates real faces from
/// attacks on labelled photo sets, at several thresholds, and what it costs
/// per face next to detection and embedding measured in the same run.
public struct PADBenchmark {
    /// A labelled folder of photos: labels starting with "live" are real faces, any other an attack.
    public struct PhotoSet: Sendable {
        public var label: String
        public var folder: String

        public init(label: String, folder: String) {
            self.label = label
            self.folder = folder
        }
    }

    public var sets: [PhotoSet]
    /// p(real) thresholds to report, each in 0…1.
    public var thresholds: [Float]
    public var models: FaceModels

    public init(sets: [PhotoSet], thresholds: [Float], models: FaceModels) {
        self.sets = sets
        self.thresholds = thresholds
        self.models = models
    }

    public func run() throws {
        let detector = try models.detector()
        let embedder = try models.embedder()
        let screen = try LivenessClassifier(directory: models.directory)
        var detectTimes: [Double] = [], embedTimes: [Double] = [], screenTimes: [Double] = []
        print("facegate bench pad — MiniFASNetV2 + V1SE (mean p(real)), OpenCV \(VisionRuntime.openCVVersion), \(VisionRuntime.threads) threads")
        print("set         kind    faces  median p(real)  " + thresholds.map { String(format: "live@%.2f", $0) }.joined(separator: "  "))
        for set in sets {
            let files = try FileManager.default.contentsOfDirectory(atPath: set.folder).filter { !$0.hasPrefix(".") }.sorted()
            var scores: [Float] = []
            for file in files {
                guard let picture = try? models.image("\(set.folder)/\(file)") else { continue }
                var start = ContinuousClock.now
                guard let face = try detector.detect(in: picture).first else { continue }
                detectTimes.append((ContinuousClock.now - start).milliseconds)
                start = ContinuousClock.now
                _ = try embedder.embedding(of: face, in: picture)
                embedTimes.append((ContinuousClock.now - start).milliseconds)
                start = ContinuousClock.now
                scores.append(try screen.score(face, in: picture).real)
                screenTimes.append((ContinuousClock.now - start).milliseconds)
            }
            let kind = set.label.hasPrefix("live") ? "real" : "attack"
            let rates = thresholds.map { level in
                String(format: "%8.1f%%", 100 * Double(scores.filter { $0 >= level }.count) / Double(max(1, scores.count)))
            }
            let median = scores.isEmpty ? "-" : String(format: "%.3f", scores.map(Double.init).median)
            print(
                set.label.padding(toLength: 11, withPad: " ", startingAt: 0) + " " + kind.padding(toLength: 6, withPad: " ", startingAt: 0)
                    + String(format: "  %5d", scores.count) + "  " + median.padding(toLength: 14, withPad: " ", startingAt: 0) + "  "
                    + rates.joined(separator: "  "))
        }
        print(
            String(
                format: "cost per face (median ms): spoof screen %.2f, embed %.2f, detect %.2f per frame; screen/embed %.2f×",
                screenTimes.median, embedTimes.median, detectTimes.median, screenTimes.median / embedTimes.median))
    }
}
