import ArgumentParser
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
struct CameraBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "camera",
        abstract: "CPU of decoding a camera's stream, and of the whole daemon watching it.",
        discussion: """
            Reads SOURCE (an rtsp:// or http:// camera, or a device) for --seconds with nothing else
            running: CPU per decoded frame. Then runs the daemon service in this process on the same
            source with a throw-away site of --subjects subjects (the resident enrolled from PHOTO) and
            measures, after a 3 s warm-up, its CPU as a share of one core over --seconds, with the share
            of frames searched for faces and the gate's openings. The reference is the decoding alone.
            """)

    @Argument(help: "The camera: an rtsp:// or http:// URL, or a device.")
    var source: String

    @Argument(help: "The resident's enrollment photo.")
    var photo: String

    @Option(help: "Seconds to measure each part.")
    var seconds = 10.0

    @Option(help: "Subjects in the gallery.")
    var subjects = 1_000

    @Option(help: "RTSP transport: tcp or udp.")
    var transport = "tcp"

    @OptionGroup var vision: VisionOptions

    func run() async throws {
        let location = FrameSourceLocation(source)
        let camera = try FrameSource(location, transport: transport, limits: vision.limits)
        guard let first = try camera.nextFrame() else { throw CommandFailure(status: .failure, description: "\(location) delivered no frame") }
        let (cpu, wall) = (processCPUMilliseconds(), ContinuousClock.now)
        var decoded = 0
        while (ContinuousClock.now - wall).milliseconds < seconds * 1000, try camera.nextFrame() != nil { decoded += 1 }
        let decodeCPU = processCPUMilliseconds() - cpu, decodeWall = (ContinuousClock.now - wall).milliseconds
        let rate = Double(decoded) / decodeWall * 1000
        print(
            "facegate bench camera — \(location), \(first.width)×\(first.height) at \(String(format: "%.1f", rate)) frames/s, \(ProcessInfo.processInfo.activeProcessorCount) cores"
        )
        print(
            String(
                format: "decoding alone:  %5.1f %% of a core, %5.2f ms per frame", decodeCPU / decodeWall * 100, decodeCPU / Double(max(1, decoded))))

        let site = try BenchSite(subjects: subjects, enrollFrom: vision.image(photo), vision: vision, camera: source, transport: transport)
        defer { site.remove() }
        let actuator = TimedActuator()
        let service = try GateService(configPath: site.config, modelsPath: vision.models, log: Logger(label: "bench"), actuator: actuator)
        let group = ServiceGroup(services: [service], logger: Logger(label: "bench"))
        let running = Task { try await group.run() }
        try await Task.sleep(for: .seconds(3))
        let (daemonCPU, daemonWall, taken, unsearched) = (
            processCPUMilliseconds(), ContinuousClock.now, service.framesProcessed, service.unsearchedFrames
        )
        try await Task.sleep(for: .seconds(seconds))
        let used = processCPUMilliseconds() - daemonCPU, elapsed = (ContinuousClock.now - daemonWall).milliseconds
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
