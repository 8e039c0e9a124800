import ArgumentParser
import FaceVision
import Foundation

/// `facegate bench pad`: how the MiniFASNet screen separates real faces from
/// attacks on labelled photo sets, at several thresholds, and what it costs
/// per face next to detection and embedding measured in the same run.
struct PADBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pad",
        abstract: "Accept rates of real faces and of attacks under the spoof screen, and its cost per face.",
        discussion: """
            Each SET is LABEL=DIR: in every photo in DIR the largest face is found and screened. Labels starting with
            "live" are real faces; any other label is an attack. Prints, per set, the median
            p(real) and the share of faces judged live at each threshold (a frame counts as live
            at p(real) ≥ threshold), then the median milliseconds per face of the screen (both
            models), of embedding and of detection per frame.
            """)

    @Argument(help: "LABEL=DIR photo sets, e.g. live=.cache/photos screen=.cache/pad-attacks/screen.")
    var sets: [String]

    @Option(help: "Thresholds to report, comma-separated.")
    var thresholds = "0.5,0.6,0.7,0.8,0.9"

    @OptionGroup var vision: VisionOptions

    func validate() throws {
        guard !sets.isEmpty, sets.allSatisfy({ $0.split(separator: "=").count == 2 }) else {
            throw ValidationError("give sets as LABEL=DIR")
        }
        guard !levels.isEmpty else { throw ValidationError("--thresholds must be numbers between 0 and 1") }
    }

    private var levels: [Float] { thresholds.split(separator: ",").compactMap { Float($0) }.filter { (0...1).contains($0) } }

    func run() throws {
        let detector = try vision.detector()
        let embedder = try vision.embedder()
        let screen = try LivenessClassifier(directory: vision.directory)
        var detectTimes: [Double] = [], embedTimes: [Double] = [], screenTimes: [Double] = []
        print("facegate bench pad — MiniFASNetV2 + V1SE (mean p(real)), OpenCV \(VisionRuntime.openCVVersion), \(VisionRuntime.threads) threads")
        print("set         kind    faces  median p(real)  " + levels.map { String(format: "live@%.2f", $0) }.joined(separator: "  "))
        for set in sets {
            let parts = set.split(separator: "=").map(String.init)
            let (label, folder) = (parts[0], parts[1])
            let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix(".") }.sorted()
            var scores: [Float] = []
            for file in files {
                guard let picture = try? vision.image("\(folder)/\(file)") else { continue }
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
            let kind = label.hasPrefix("live") ? "real" : "attack"
            let rates = levels.map { level in
                String(format: "%8.1f%%", 100 * Double(scores.filter { $0 >= level }.count) / Double(max(1, scores.count)))
            }
            let median = scores.isEmpty ? "-" : String(format: "%.3f", scores.map(Double.init).median)
            print(
                label.padding(toLength: 11, withPad: " ", startingAt: 0) + " " + kind.padding(toLength: 6, withPad: " ", startingAt: 0)
                    + String(format: "  %5d", scores.count) + "  " + median.padding(toLength: 14, withPad: " ", startingAt: 0) + "  "
                    + rates.joined(separator: "  "))
        }
        print(
            String(
                format: "cost per face (median ms): spoof screen %.2f, embed %.2f, detect %.2f per frame; screen/embed %.2f×",
                screenTimes.median, embedTimes.median, detectTimes.median, screenTimes.median / embedTimes.median))
    }
}
