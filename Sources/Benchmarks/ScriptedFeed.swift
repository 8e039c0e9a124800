import Daemon
import FaceVision
import Foundation
import Gate
import Locking

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
    /// Frames of empty scene before each walk-up: two seconds' worth.
    private var emptyFrames: Int { Int(2 * fps) }

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
        guard !timed.isEmpty else { throw BenchmarkError(.failed, "\(path) has no frames") }
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

    /// The `index`th frame handed over in `mode`, and whether it is a
    /// walk-up's first frame of the clip (after two seconds of empty scene).
    func frame(at index: Int, in mode: Mode) -> (image: Image, startsWalkUp: Bool) {
        switch mode {
        case .empty: return (empty[index % empty.count], false)
        case .clip: return (clip[index % clip.count], false)
        case .walkUps:
            let position = index % (emptyFrames + clip.count)
            let image = position < emptyFrames ? empty[position % empty.count] : clip[position - emptyFrames]
            return (image, position == emptyFrames)
        }
    }

    func start() {
        Thread { [self] in
            let period = Duration.seconds(1 / fps)
            var next = ContinuousClock.now
            var index = 0
            while !stopped.withLock({ $0 }) {
                let (image, startsWalkUp) = frame(at: index, in: mode.withLock { $0 })
                if startsWalkUp { faceShown.withLock { $0.append(.now) } }
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
        let (cpu, wall, count, unsearched) = (
            ProcessUsage.cpuMilliseconds(), ContinuousClock.now, handedOver.withLock { $0 }, service.unsearchedFrames
        )
        try await Task.sleep(for: .seconds(seconds))
        let used = ProcessUsage.cpuMilliseconds() - cpu, frames = Double(max(1, handedOver.withLock { $0 } - count))
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
