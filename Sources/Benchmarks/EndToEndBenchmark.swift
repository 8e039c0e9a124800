import Daemon
import FaceVision
import Foundation
import Locking
import Logging
import ServiceLifecycle

/// `facegate bench e2e`: the daemon as a whole on real footage and a large
/// gallery: how long from the first frame showing a resident to the gate
/// pulse, starting from an idle scene; what the daemon costs in CPU with
/// nobody in view and with a resident; how long until READY and how much
/// memory it holds. Must run inside the facegate executable, which it starts
/// again as `facegate run` for the start-up figure.
public struct EndToEndBenchmark {
    /// The resident's enrollment photo.
    public var photo: String
    /// A video of the resident facing the camera.
    public var video: String
    public var subjects: Int
    /// Walk-ups to time.
    public var runs: Int
    /// Camera frames per second, and the frame size.
    public var fps: Double
    public var width: Int
    public var height: Int
    public var models: FaceModels

    public init(photo: String, video: String, subjects: Int, runs: Int, fps: Double, width: Int, height: Int, models: FaceModels) {
        self.photo = photo
        self.video = video
        self.subjects = subjects
        self.runs = runs
        self.fps = fps
        self.width = width
        self.height = height
        self.models = models
    }

    public func run() async throws {
        let site = try BenchSite(subjects: subjects, enrollFrom: models.image(photo), models: models)
        defer { site.remove() }
        let clip = try ScriptedFeed.footage(video, seconds: 3, fps: fps, width: width, height: height, limits: models.limits)
        let empty = try ScriptedFeed.emptyScene(width: width, height: height)
        print(
            "facegate bench e2e — \(subjects) subjects, \(runs) walk-ups on \((video as NSString).lastPathComponent) at \(Int(fps)) frames/s, \(width)×\(height), \(ProcessInfo.processInfo.activeProcessorCount) cores"
        )

        let detector = try models.detector(), embedder = try models.embedder()
        guard let first = try clip.first(where: { !(try detector.detect(in: $0).isEmpty) }) else {
            throw BenchmarkError(.noFace, "\(video) shows no face in its first 3 s")
        }
        var bare: [Double] = []
        for _ in 0..<20 {
            let started = ContinuousClock.now
            let face = try detector.detect(in: first)[0]
            _ = try embedder.embedding(of: face, in: first)
            bare.append((ContinuousClock.now - started).milliseconds)
        }
        let reference = 2 * bare.median

        let (ready, rss) = try site.startUpInOwnProcess(modelsPath: models.path)
        print(String(format: "start to READY (own process, %d subjects): %7.0f ms    RSS at READY: %5.0f MB", subjects, ready, rss))

        let feed = ScriptedFeed(empty: empty, clip: clip, fps: fps)
        let actuator = TimedActuator()
        let service = try GateService(configPath: site.config, modelsPath: models.path, log: Logger(label: "bench"), feed: feed, actuator: actuator)
        let group = ServiceGroup(services: [service], logger: Logger(label: "bench"))
        let running = Task { try await group.run() }
        try await Task.sleep(for: .seconds(2))

        let idle = try await feed.cpu(.empty, seconds: 5, service: service)
        let busy = try await feed.cpu(.clip, seconds: 3, service: service)
        feed.mode.withLock { $0 = .walkUps }
        try await Task.sleep(for: .seconds(Double(runs) * 5 + 1.5))
        feed.mode.withLock { $0 = .empty }
        let rssAfter = Double(ProcessUsage.residentKilobytes()) / 1024
        await group.triggerGracefulShutdown()
        try await running.value

        let shown = feed.faceShown.withLock { $0 }, pulses = actuator.pulses.withLock { $0 }
        let latencies = Self.latencies(shown: shown, pulses: pulses, now: .now)
        guard !latencies.isEmpty else {
            throw BenchmarkError(.failed, "the gate never opened: does the video show the person of the photo?")
        }
        let p50 = latencies[latencies.count / 2], p95 = latencies[min(latencies.count - 1, latencies.count * 95 / 100)]
        print(
            String(
                format: "first frame of the resident (after an idle scene) → gate pulse: p50 %6.0f ms  p95 %6.0f ms  (%d of %d walk-ups opened)", p50,
                p95, latencies.count, shown.count))
        print(
            String(
                format: "  reference: detect + embed of that frame, twice (2 of 3): %6.0f ms → p50 %.2f×, p95 %.2f×", reference, p50 / reference,
                p95 / reference))
        print(
            String(
                format: "CPU, nobody in view:  %5.1f %% of a core, %5.2f ms per frame, %3.0f %% of frames searched for faces", idle.percent,
                idle.perFrame, idle.searched * 100))
        print(
            String(
                format: "CPU, resident in view: %5.1f %% of a core, %5.2f ms per frame, %3.0f %% of frames searched for faces", busy.percent,
                busy.perFrame, busy.searched * 100))
        let footageMB = Double(clip.count * width * height * 3) / 1_048_576
        print(
            String(format: "RSS of this process after %d walk-ups: %5.0f MB (of which %.0f MB is the pre-decoded footage)", runs, rssAfter, footageMB)
        )
    }

    /// Milliseconds from each walk-up's first frame to the first pulse before
    /// the next walk-up (`now` ends the last one), sorted; walk-ups without a pulse are left out.
    static func latencies(shown: [ContinuousClock.Instant], pulses: [ContinuousClock.Instant], now: ContinuousClock.Instant) -> [Double] {
        var latencies: [Double] = []
        for (index, start) in shown.enumerated() {
            let end = index + 1 < shown.count ? shown[index + 1] : now
            if let pulse = pulses.first(where: { $0 >= start && $0 < end }) { latencies.append((pulse - start).milliseconds) }
        }
        return latencies.sorted()
    }
}
