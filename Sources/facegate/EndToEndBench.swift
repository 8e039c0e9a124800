import ArgumentParser
import Daemon
import FaceVision
import Foundation
import Gallery
import Gate
import Keys
import Locking
import Logging
import Matcher
import ServiceLifecycle

/// `facegate bench e2e`: the daemon as a whole on real footage and a
/// 10 000-subject gallery: how long from the first frame showing a resident
/// to the gate pulse, starting from an idle scene; what the daemon costs in
/// CPU with nobody in view and with a resident; how long until READY and how
/// much memory it holds.
struct EndToEndBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "e2e",
        abstract: "Time the daemon on real footage: resident's first frame to gate pulse, CPU idle and busy, start-up, memory.",
        discussion: """
            Builds a throw-away site with --subjects subjects (the resident enrolled from PHOTO, the rest
            synthetic) and runs the real daemon service in this process on a scripted camera at --fps in
            --width x --height frames: --runs times an empty scene (grey wall with sensor noise) for 2 s,
            then the first 3 s of VIDEO (real footage of the resident) at its own speed. The gate pulse is
            timed instead of driven. The reference, measured in the same run, is the bare work of a
            decision: detect + embed on the clip's first frame with a face, twice (2-of-3 confirmation).
            Start-up to READY and RSS are measured on `facegate run` as its own process.
            """)

    @Argument(help: "The resident's enrollment photo.")
    var photo: String

    @Argument(help: "A video of the resident facing the camera.")
    var video: String

    @Option(help: "Subjects in the gallery.")
    var subjects = 10_000

    @Option(help: "Walk-ups to time.")
    var runs = 20

    @Option(help: "Camera frames per second.")
    var fps = 15.0

    @Option(help: "Camera frame width.")
    var width = 640

    @Option(help: "Camera frame height.")
    var height = 480

    @OptionGroup var vision: VisionOptions

    func run() async throws {
        let site = try BenchSite(subjects: subjects, enrollFrom: vision.image(photo), vision: vision)
        defer { site.remove() }
        let clip = try ScriptedFeed.footage(video, seconds: 3, fps: fps, width: width, height: height, limits: vision.limits)
        let empty = try ScriptedFeed.emptyScene(width: width, height: height)
        print(
            "facegate bench e2e — \(subjects) subjects, \(runs) walk-ups on \((video as NSString).lastPathComponent) at \(Int(fps)) frames/s, \(width)×\(height), \(ProcessInfo.processInfo.activeProcessorCount) cores"
        )

        let detector = try vision.detector(), embedder = try vision.embedder()
        guard let first = try clip.first(where: { !(try detector.detect(in: $0).isEmpty) }) else {
            throw CommandFailure(status: .noFace, description: "\(video) shows no face in its first 3 s")
        }
        var bare: [Double] = []
        for _ in 0..<20 {
            let started = ContinuousClock.now
            let face = try detector.detect(in: first)[0]
            _ = try embedder.embedding(of: face, in: first)
            bare.append((ContinuousClock.now - started).milliseconds)
        }
        let reference = 2 * bare.median

        let (ready, rss) = try site.startUpInOwnProcess(modelsPath: vision.models)
        print(String(format: "start to READY (own process, %d subjects): %7.0f ms    RSS at READY: %5.0f MB", subjects, ready, rss))

        let feed = ScriptedFeed(empty: empty, clip: clip, fps: fps)
        let actuator = TimedActuator()
        let service = try GateService(configPath: site.config, modelsPath: vision.models, log: Logger(label: "bench"), feed: feed, actuator: actuator)
        let group = ServiceGroup(services: [service], logger: Logger(label: "bench"))
        let running = Task { try await group.run() }
        try await Task.sleep(for: .seconds(2))

        let idle = try await feed.cpu(.empty, seconds: 5, service: service)
        let busy = try await feed.cpu(.clip, seconds: 3, service: service)
        feed.mode.withLock { $0 = .walkUps }
        try await Task.sleep(for: .seconds(Double(runs) * 5 + 1.5))
        feed.mode.withLock { $0 = .empty }
        let rssAfter = Double(MemoryBench.residentKilobytes()) / 1024
        await group.triggerGracefulShutdown()
        try await running.value

        let shown = feed.faceShown.withLock { $0 }, pulses = actuator.pulses.withLock { $0 }
        var latencies: [Double] = []
        for (index, start) in shown.enumerated() {
            let end = index + 1 < shown.count ? shown[index + 1] : .now
            if let pulse = pulses.first(where: { $0 >= start && $0 < end }) { latencies.append((pulse - start).milliseconds) }
        }
        latencies.sort()
        guard !latencies.isEmpty else {
            throw CommandFailure(status: .failure, description: "the gate never opened: does the video show the person of the photo?")
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
}

/// The camera of `bench e2e`: pre-decoded frames at a steady rate, an
/// empty scene or real footage.
final class ScriptedFeed: FrameFeed, @unchecked Sendable {
    // @unchecked: `empty` and `clip` are immutable images; the rest is locked.
    enum Mode { case empty, clip, walkUps }

    let frames = LatestFrame()
    let problem: String? = nil
    let mode = Locked(Mode.empty)
    /// When each walk-up's first frame was handed over.
    let faceShown = Locked<[ContinuousClock.Instant]>([])
    let handedOver = Locked(0)
    private let stopped = Locked(false)
    private let empty: [Image], clip: [Image]
    private let fps: Double

    init(empty: [Image], clip: [Image], fps: Double) {
        self.empty = empty
        self.clip = clip
        self.fps = fps
    }

    /// The first `seconds` of the video at `fps` (the clip frame nearest each
    /// moment, so people move at real speed), fitted into `width`×`height`.
    static func footage(_ path: String, seconds: Double, fps: Double, width: Int, height: Int, limits: ImageLimits) throws -> [Image] {
        let source = try FrameSource(.videoFile(path), limits: limits)
        var timed: [(Double, Image)] = []
        while let frame = try source.nextFrame(), (source.streamTime ?? 0) <= seconds {
            timed.append((source.streamTime ?? Double(timed.count) / 25, try frame.letterboxed(width: width, height: height)))
        }
        guard !timed.isEmpty else { throw CommandFailure(status: .failure, description: "\(path) has no frames") }
        return (0..<Int(seconds * fps)).map { index in
            let moment = Double(index) / fps
            return (timed.last { $0.0 <= moment } ?? timed[0]).1
        }
    }

    /// Eight frames of a grey wall with sensor noise (σ ≈ 2 grey levels): nobody there.
    static func emptyScene(width: Int, height: Int) throws -> [Image] {
        var seed: UInt64 = 0x5EED
        return try (0..<8).map { _ in
            let pixels = (0..<(width * height * 3)).map { _ -> UInt8 in
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return UInt8(126 + Int((seed >> 33) % 5))
            }
            return try Image(bgr: pixels, width: width, height: height)
        }
    }

    func start() {
        Thread { [self] in
            let period = Duration.seconds(1 / fps)
            var next = ContinuousClock.now
            var index = 0
            let emptyFrames = Int(2 * fps)
            while !stopped.withLock({ $0 }) {
                let image: Image
                switch mode.withLock({ $0 }) {
                case .empty: image = empty[index % empty.count]
                case .clip: image = clip[index % clip.count]
                case .walkUps:
                    let position = index % (emptyFrames + clip.count)
                    image = position < emptyFrames ? empty[position % empty.count] : clip[position - emptyFrames]
                    if position == emptyFrames { faceShown.withLock { $0.append(.now) } }
                }
                index += 1
                frames.put(image, capturedAt: .now)
                handedOver.withLock { $0 += 1 }
                next += period
                let wait = next - .now
                if wait > .zero { Thread.sleep(forTimeInterval: wait.milliseconds / 1000) }
            }
        }.start()
    }

    func stop() {
        stopped.withLock { $0 = true }
        frames.wake()
    }

    /// Process CPU while showing only `shown`: percent of one core, per
    /// camera frame, and the share of frames searched for faces.
    func cpu(_ shown: Mode, seconds: Double, service: GateService) async throws -> (percent: Double, perFrame: Double, searched: Double) {
        mode.withLock { $0 = shown }
        try await Task.sleep(for: .seconds(1.5))
        let (cpu, wall, count, unsearched) = (processCPUMilliseconds(), ContinuousClock.now, handedOver.withLock { $0 }, service.unsearchedFrames)
        try await Task.sleep(for: .seconds(seconds))
        let used = processCPUMilliseconds() - cpu, frames = Double(max(1, handedOver.withLock { $0 } - count))
        let skipped = Double(service.unsearchedFrames - unsearched)
        return (used / (ContinuousClock.now - wall).milliseconds * 100, used / frames, 1 - skipped / frames)
    }
}

/// A gate that records when it was pulsed: the hardware edge, timed.
struct TimedActuator: GateActuator {
    let pulses = Locked<[ContinuousClock.Instant]>([])
    var name: String { "timed (benchmark)" }
    func pulse() async throws(GateError) { pulses.withLock { $0.append(.now) } }
}

/// User + system CPU time of this process.
func processCPUMilliseconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let total = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec
    return Double(total) * 1000 + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000
}
