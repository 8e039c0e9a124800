import ArgumentParser
import Daemon
import FaceVision
import Foundation
import Gallery
import Gate
import Keys
import Logging
import Matcher
import ServiceLifecycle

/// `facegate bench e2e`: the daemon as a whole, on a 10 000-subject gallery:
/// how long from the first frame showing a resident to the gate pulse, what
/// a frame costs in CPU with and without a face, how long until READY and
/// how much memory it holds.
struct EndToEndBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "e2e",
        abstract: "Time the daemon from a resident's first frame to the gate pulse, its CPU per frame, start-up and memory.",
        discussion: """
            Builds a throw-away site with --subjects subjects (one real resident enrolled from the first
            photo, the rest synthetic) and runs the real daemon service in this process on a scripted
            camera: --runs times nobody for a second, then the resident (second photo) for a second, at
            --fps. The gate pulse is timed instead of driven. The reference, measured in the same run, is
            the bare work of a decision: detect + embed on that frame, twice (2-of-3 confirmation).
            Start-up to READY and RSS are measured on `facegate run` as its own process.
            """)

    @Argument(help: "The resident's enrollment photo, then a photo of them walking up.")
    var photos: [String]

    @Option(help: "Subjects in the gallery.")
    var subjects = 10_000

    @Option(help: "Walk-ups to time.")
    var runs = 50

    @Option(help: "Camera frames per second.")
    var fps = 15.0

    @OptionGroup var vision: VisionOptions

    func validate() throws {
        guard photos.count == 2 else { throw ValidationError("give two photos of one person: enrollment, then walk-up") }
    }

    func run() async throws {
        let site = try BenchSite(subjects: subjects, enrollFrom: vision.image(photos[0]), vision: vision)
        defer { site.remove() }
        let walkUp = try vision.image(photos[1]).letterboxed(width: 640, height: 480)
        let blank = try Image(bgr: [UInt8](repeating: 0, count: 640 * 480 * 3), width: 640, height: 480)
        print("facegate bench e2e — \(subjects) subjects, \(runs) walk-ups at \(Int(fps)) frames/s, \(ProcessInfo.processInfo.activeProcessorCount) cores")

        let detector = try vision.detector(), embedder = try vision.embedder()
        var bare: [Double] = []
        for _ in 0..<20 {
            let started = ContinuousClock.now
            let face = try detector.detect(in: walkUp)[0]
            _ = try embedder.embedding(of: face, in: walkUp)
            bare.append((ContinuousClock.now - started).milliseconds)
        }
        let reference = 2 * bare.median

        let (ready, rss) = try site.startUpInOwnProcess(modelsPath: vision.models)
        print(String(format: "start to READY (own process, %d subjects): %7.0f ms    RSS at READY: %5.0f MB", subjects, ready, rss))

        let feed = ScriptedFeed(blank: blank, face: walkUp, fps: fps)
        let actuator = TimedActuator()
        let service = try GateService(configPath: site.config, modelsPath: vision.models, log: Logger(label: "bench"), feed: feed, actuator: actuator)
        let group = ServiceGroup(services: [service], logger: Logger(label: "bench"))
        let running = Task { try await group.run() }
        try await Task.sleep(for: .seconds(2))

        let cpuBlank = try await feed.cpuPerFrame(.blank, seconds: 3, service: service)
        let cpuFace = try await feed.cpuPerFrame(.face, seconds: 3, service: service)
        feed.mode.withLock { $0 = .cycles }
        try await Task.sleep(for: .seconds(Double(runs) * 2 + 1.5))
        feed.mode.withLock { $0 = .blank }
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
        guard !latencies.isEmpty else { throw CommandFailure(status: .failure, description: "the gate never opened: is the second photo the same person?") }
        let p50 = latencies[latencies.count / 2], p95 = latencies[min(latencies.count - 1, latencies.count * 95 / 100)]
        print(String(format: "first frame with the resident → gate pulse: p50 %6.0f ms  p95 %6.0f ms  (%d of %d walk-ups opened)", p50, p95, latencies.count, shown.count))
        print(String(format: "  reference: detect + embed of that frame, twice (2 of 3): %6.0f ms → p50 %.2f×, p95 %.2f×", reference, p50 / reference, p95 / reference))
        print(String(format: "CPU per frame: nobody in view %5.1f ms, a resident in view (decided) %5.1f ms", cpuBlank, cpuFace))
        print(String(format: "RSS of this process after %d walk-ups: %5.0f MB", runs, rssAfter))
    }
}

/// The camera of `bench e2e`: pre-decoded frames at a steady rate.
final class ScriptedFeed: FrameFeed, @unchecked Sendable {
    // @unchecked: `blank` and `face` are immutable images; the rest is locked.
    enum Mode { case blank, face, cycles }

    let frames = LatestFrame()
    let problem: String? = nil
    let mode = Locked(Mode.blank)
    /// When each walk-up's first frame was handed over.
    let faceShown = Locked<[ContinuousClock.Instant]>([])
    private let stopped = Locked(false)
    private let blank: Image, face: Image
    private let fps: Double

    init(blank: Image, face: Image, fps: Double) {
        self.blank = blank
        self.face = face
        self.fps = fps
    }

    func start() {
        Thread { [self] in
            let period = Duration.seconds(1 / fps)
            var next = ContinuousClock.now
            var index = 0
            while !stopped.withLock({ $0 }) {
                let image: Image
                switch mode.withLock({ $0 }) {
                case .blank: image = blank
                case .face: image = face
                case .cycles:
                    let position = index % Int(2 * fps)
                    image = position < Int(fps) ? blank : face
                    if position == Int(fps) { faceShown.withLock { $0.append(.now) } }
                    index += 1
                }
                frames.put(image)
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

    /// Process CPU time per processed frame while showing only `mode`.
    func cpuPerFrame(_ shown: Mode, seconds: Double, service: GateService) async throws -> Double {
        mode.withLock { $0 = shown }
        try await Task.sleep(for: .seconds(1))
        let (cpu, count) = (processCPUMilliseconds(), service.framesProcessed)
        try await Task.sleep(for: .seconds(seconds))
        return (processCPUMilliseconds() - cpu) / Double(max(1, service.framesProcessed - count))
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
