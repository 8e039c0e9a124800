import ArgumentParser
import Benchmarks
import Estate

/// `facegate bench footage`: see `FootageBenchmark`.
struct FootageBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "footage",
        abstract: "Time from the first frame with a face at the gate to the gate command, on a real video clip.",
        discussion: """
            Decodes VIDEO into memory and enrolls each --enroll photo as one resident (in memory
            only). Each play runs the clip in simulated real time: a frame is taken when the
            previous one is done, as the daemon takes the newest camera frame, so a slow box skips
            frames as it would at a gate. Prints, per play, when a qualifying face first appeared
            and when the engine confirmed a resident; then p50/p95 of the time to open for the
            expected resident (--resident) and the number of wrong openings (any opening for
            another resident, or any at all without --resident).
            """)

    @Argument(help: "A video or GIF of a person facing a camera.")
    var video: String

    @Option(name: .customLong("enroll"), parsing: .upToNextOption, help: "Residents' photos, one resident each.")
    var enrolled: [String]

    @Option(help: "The --enroll photo of the person the clip shows; without it the clip shows a stranger.")
    var resident: String?

    @Option(help: "The clip's frame rate (frames per second).")
    var fps = 25.0

    @Option(help: "Plays of the clip.")
    var plays = 5

    @Option(help: "Cosine threshold (default: the shipped one).")
    var threshold: Float?

    @Option(help: "Lead over the next resident (default: the shipped one).")
    var margin: Float?

    @Option(help: "Fit each frame into a camera frame of this size, e.g. 640x360 (default: the clip's own size).")
    var camera: String?

    @OptionGroup var vision: VisionOptions

    func validate() throws {
        guard !enrolled.isEmpty else { throw ValidationError("give at least one --enroll photo") }
        if let resident, !enrolled.contains(resident) { throw ValidationError("--resident must be one of the --enroll photos") }
        guard fps > 0, fps <= 120, plays >= 1 else { throw ValidationError("--fps must be in 0…120 and --plays at least 1") }
        if camera != nil, cameraSize == nil { throw ValidationError("--camera must be WIDTHxHEIGHT, e.g. 640x360") }
    }

    private var cameraSize: (width: Int, height: Int)? {
        let parts = (camera ?? "").split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, (32...4096).contains(parts[0]), (32...4096).contains(parts[1]) else { return nil }
        return (parts[0], parts[1])
    }

    func run() throws {
        try FootageBenchmark(
            video: video, enrolled: enrolled, resident: resident, fps: fps, plays: plays, threshold: threshold, margin: margin,
            camera: cameraSize, models: vision.faceModels
        ).run()
    }
}

/// `facegate bench e2e`: see `EndToEndBenchmark`.
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
        try await EndToEndBenchmark(
            photo: photo, video: video, subjects: subjects, runs: runs, fps: fps, width: width, height: height, models: vision.faceModels
        ).run()
    }
}

/// `facegate bench camera`: see `CameraBenchmark`.
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
        try await CameraBenchmark(
            source: source, photo: photo, seconds: seconds, subjects: subjects, transport: transport, models: vision.faceModels
        ).run()
    }
}

/// `facegate bench estate`: see `EstateBenchmark`.
struct EstateBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "estate",
        abstract: "Time propagation to three gates and a full copy, against PostgreSQL's own NOTIFY and a raw read.",
        discussion: """
            Needs an empty estate database (`make bench-estate` starts a throw-away server). Three
            gate links run in this process, each with its own SQLite copy, as `facegate run` runs
            them. Propagation is timed from the office's commit to the subject being present in (or
            gone from) a gate's copy, against a bare NOTIFY between two connections. The full copy
            of --subjects synthetic subjects is timed against reading the same rows without
            decoding or applying them; bytes are counted on the loopback interface.
            """)

    @Option(help: "The estate database server.") var host = "127.0.0.1"
    @Option(help: "Its port.") var port = 5432
    @Option(help: "The database.") var database = "estate"
    @Option(help: "The user.") var user = "facegate"
    @Option(help: "A file holding the password.") var passwordFile: String
    @Option(help: "The CA that signed the server's certificate.") var caFile: String
    @Option(help: "The name in the server's certificate.") var serverName: String?
    @Option(help: "Enrollments (then withdrawals) timed across the gates.") var changes = 50
    @Option(help: "Subjects in the gallery a new gate copies.") var subjects = 100_000

    func run() async throws {
        let endpoint = EstateEndpoint(
            host: host, port: port, database: database, user: user, passwordFile: passwordFile, caFile: caFile, serverName: serverName)
        try await EstateBenchmark(endpoint: endpoint, changes: changes, subjects: subjects).run()
    }
}
