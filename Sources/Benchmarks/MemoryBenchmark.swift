import FaceVision
import Foundation

/// `facegate bench memory`: detect + embed the same frame many times and
/// report how resident memory and open descriptors move after warm-up.
/// Flat lines mean every handle and OpenCV buffer is released.
public struct MemoryBenchmark {
    /// A photo with a face; it is letterboxed to 320×240.
    public var photo: String
    /// Calls after warm-up.
    public var calls: Int
    /// Calls before the baseline is taken.
    public var warmup: Int
    /// One JSON object instead of text.
    public var json: Bool
    public var models: FaceModels

    public init(photo: String, calls: Int, warmup: Int, json: Bool, models: FaceModels) {
        self.photo = photo
        self.calls = calls
        self.warmup = warmup
        self.json = json
        self.models = models
    }

    public func run() throws {
        let detector = try models.detector()
        let embedder = try models.embedder()
        let frame = try models.image(photo).letterboxed(width: 320, height: 240)
        var faces = 0
        func pass() throws {
            let image = try frame.resized(width: frame.width, height: frame.height)
            for face in try detector.detect(in: image) {
                _ = try embedder.embedding(of: face, in: image)
                faces += 1
            }
        }
        for _ in 0..<warmup { try pass() }
        let (rss0, fds0) = (ProcessUsage.residentKilobytes(), ProcessUsage.openDescriptors())
        faces = 0
        for _ in 0..<calls { try pass() }
        let (rss1, fds1) = (ProcessUsage.residentKilobytes(), ProcessUsage.openDescriptors())
        if json {
            print(#"{"calls":\#(calls),"faces":\#(faces),"rssBaselineKB":\#(rss0),"rssEndKB":\#(rss1),"fdBaseline":\#(fds0),"fdEnd":\#(fds1)}"#)
        } else {
            print("facegate bench memory — \(calls) detect + embed calls (\(faces) faces) after \(warmup) warm-up calls")
            print("RSS \(rss0) kB → \(rss1) kB (growth \(rss1 - rss0) kB); open descriptors \(fds0) → \(fds1)")
        }
    }
}
