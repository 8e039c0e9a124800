import Daemon
import FaceVision
import Foundation
import Locking
import Logging
import ServiceLifecycle

/// `facegate bench camera`: what a real camera costs the box. Decoding
/// alone (every frame must be decoded, searched or not), then the whole
/// daemon on the same stream: the figure an edge box pays all day with
/// nobody in view, and with someone there.
public struct CameraBenchmark {
    /// The camera: an rtsp:// or http:// URL, or a device.
    public var source: String
    /// The resident's enrollment photo.
    public var photo: String
    /// Seconds to measure each part.
    public var seconds: Double
    public var subjects: Int
    /// RTSP transport: tcp or udp.
    public var transport: String
    public var models: FaceModels

    public init(source: String, photo: String, seconds: Double, subjects: Int, transport: String, models: FaceModels) {
        self.source = source
        self.photo = photo
        self.seconds = seconds
        self.subjects = subjects
        self.transport = transport
        self.models = models
    }

    public func run() async throws {
        let location = FrameSourceLocation(source)
        let camera = try FrameSource(location, transport: transport, limits: models.limits)
        guard let first = try camera.nextFrame() else { throw BenchmarkError(.failed, "\(location) delivered no frame") }
        let (cpu, wall) = (ProcessUsage.cpuMilliseconds(), ContinuousClock.now)
        var decoded = 0
        while (ContinuousClock.now - wall).milliseconds < seconds * 1000, try camera.nextFrame() != nil { decoded += 1 }
        let decodeCPU = ProcessUsage.cpuMilliseconds() - cpu, decodeWall = (ContinuousClock.now - wall).milliseconds
        let rate = Double(decoded) / decodeWall * 1000
        print(
            "facegate bench camera — \(location), \(first.width)×\(first.height) at \(String(format: "%.1f", rate)) frames/s, \(ProcessInfo.processInfo.activeProcessorCount) cores"
        )
        print(
            String(
                format: "decoding alone:  %5.1f %% of a core, %5.2f ms per frame", decodeCPU / decodeWall * 100, decodeCPU / Double(max(1, decoded))))

        let site = try BenchSite(subjects: subjects, enrollFrom: models.image(photo), models: models, camera: source, transport: transport)
        defer { site.remove() }
        let actuator = TimedActuator()
        let service = try GateService(configPath: site.config, modelsPath: models.path, log: Logger(label: "bench"), actuator: actuator)
        let group = ServiceGroup(services: [service], logger: Logger(label: "bench"))
        let running = Task { try await group.run() }
        try await Task.sleep(for: .seconds(3))
        let (daemonCPU, daemonWall, taken, unsearched) = (
            ProcessUsage.cpuMilliseconds(), ContinuousClock.now, service.framesProcessed, service.unsearchedFrames
        )
        try await Task.sleep(for: .seconds(seconds))
        let used = ProcessUsage.cpuMilliseconds() - daemonCPU, elapsed = (ContinuousClock.now - daemonWall).milliseconds
        let frames = Double(max(1, service.framesProcessed - taken)), skipped = Double(service.unsearchedFrames - unsearched)
        await group.triggerGracefulShutdown()
        try await running.value
        print(
            String(
                format: "whole daemon:    %5.1f %% of a core, %5.2f ms per frame, %3.0f %% of frames searched for faces, %d opening(s)",
                used / elapsed * 100, used / frames, (1 - skipped / frames) * 100, actuator.pulses.withLock { $0.count }))
        print(String(format: "  reference: decoding alone → the daemon costs %.2f× its decoding", (used / elapsed) / (decodeCPU / decodeWall)))
    }
}
