import FaceVision
import Foundation
import Gallery
import Keys

/// A throw-away site for `bench e2e` and `bench camera`: key, gallery of
/// synthetic subjects plus one real resident, an impact assessment and a
/// config, in a temp dir.
struct BenchSite {
    let directory: String
    let config: String
    let kioskPort = Int.random(in: 50_000..<60_000)

    /// `camera`: the daemon's camera source; nil: none (a scripted feed stands in).
    /// The liveness challenge is off: the footage is a recording, which
    /// cannot answer one (`bench challenge` measures it).
    init(subjects: Int, enrollFrom photo: Image, models: FaceModels, camera: String? = nil, transport: String = "tcp") throws {
        directory = NSTemporaryDirectory() + "facegate-bench-\(UUID().uuidString.prefix(8))"
        config = "\(directory)/facegate.toml"
        let master = MasterKey.generate()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try master.write(to: "\(directory)/master.key")
        let gallery = try Gallery.create(in: "\(directory)/state", master: master, gate: "bench")
        let detector = try models.detector()
        let face = try detector.detect(in: photo)
        guard face.count == 1 else { throw BenchmarkError(.noFace, "the enrollment photo must show one face") }
        var resident = SyntheticSubject.request(0)
        resident.template = try models.embedder().stillEmbedding(of: face[0], in: photo, detector: detector).values
        _ = try gallery.enroll([resident], minorsEnabled: false)
        try SyntheticSubject.enroll(from: 1, upTo: subjects, in: gallery)
        let purpose = "benchmark"
        try gallery.recordAssessment(
            ImpactAssessment(
                identifier: "PIA-BENCH", assessor: "bench", date: "2026-01-01", purpose: purpose,
                modelHashes: ModelSpec.all.map(\.sha256), recordedAt: Date()),
            actor: "bench")
        try """
        [site]
        gate_id = "bench"
        purpose = "\(purpose)"
        [storage]
        state_directory = "\(directory)/state"
        key_file = "\(directory)/master.key"
        [alternatives]
        methods = ["pin"]
        [camera]
        source = "\(camera ?? "\(directory)/no-camera")"
        transport = "\(transport)"
        [decision]
        cooldown_seconds = 0.0
        [liveness]
        challenge = "never"
        [gate]
        actuator = "exec"
        [gate.exec]
        command = ["/bin/true"]
        [kiosk]
        port = \(kioskPort)
        """.write(toFile: config, atomically: true, encoding: .utf8)
    }

    /// `facegate run` on this site as its own process (this process's own
    /// executable, which is facegate): milliseconds until it is READY (the
    /// kiosk listens, which is when it tells systemd), and its RSS then.
    func startUpInOwnProcess(modelsPath: String?) throws -> (milliseconds: Double, megabytes: Double) {
        let log = "\(directory)/run.log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["run", "--config", config] + (modelsPath.map { ["--models", $0] } ?? [])
        process.standardError = FileHandle(forWritingAtPath: log)
        process.standardOutput = FileHandle.nullDevice
        let started = ContinuousClock.now
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        while process.isRunning {
            if ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("kiosk listening") {
                let elapsed = (ContinuousClock.now - started).milliseconds
                return (elapsed, Double(ProcessUsage.residentKilobytes(of: "\(process.processIdentifier)")) / 1024)
            }
            Thread.sleep(forTimeInterval: 0.005)
        }
        throw BenchmarkError(.daemonFailed, "facegate run exited before READY: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}
