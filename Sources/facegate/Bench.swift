import ArgumentParser
import Benchmarks

/// `facegate bench …`: measurements that compare facegate with a reference
/// measured in the same run. Never part of the test suite. Each command
/// parses its options and runs its benchmark from the Benchmarks target.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure facegate against a reference run in the same process.",
        subcommands: [
            PipelineBench.self, MemoryBench.self, GalleryBench.self, MatchBench.self, EndToEndBench.self, CameraBench.self, FootageBench.self,
            PADBench.self, ChallengeBench.self, EstateBench.self,
        ])
}

extension VisionOptions {
    /// The models and how to run them, as the benchmarks take them.
    var faceModels: FaceModels {
        FaceModels(path: models, threads: threads, detectorOptions: detectorOptions, limits: limits)
    }
}

/// `facegate bench pipeline`: see `PipelineBenchmark`.
struct PipelineBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Time detect + align + embed per 640×480 frame: facegate's Swift path vs a plain C++ OpenCV pipeline.",
        discussion: """
            Builds a one-face frame from the first photo and a two-face frame from both photos side
            by side. Both sides are warmed up, then run in short alternating rounds (the order
            flipping each round) so both see the same machine state; prints the median
            milliseconds per frame of each and their ratio.
            """)

    @Argument(help: "One or two photos of single faces (with one, the two-face frame shows it twice).")
    var photos: [String]

    @Option(help: "Frames per side per round.")
    var iterations = 5

    @Option(help: "Alternating rounds.")
    var rounds = 20

    @OptionGroup var vision: VisionOptions

    func validate() throws {
        guard (1...2).contains(photos.count) else { throw ValidationError("give one or two photos") }
        guard iterations >= 1, rounds >= 1 else { throw ValidationError("--iterations and --rounds must be at least 1") }
    }

    func run() throws {
        try PipelineBenchmark(photos: photos, iterations: iterations, rounds: rounds, models: vision.faceModels).run()
    }
}

/// `facegate bench memory`: see `MemoryBenchmark`.
struct MemoryBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memory",
        abstract: "Report RSS and open-descriptor growth over repeated detect + embed calls.")

    @Argument(help: "A photo with a face; it is letterboxed to 320×240.")
    var photo: String

    @Option(help: "Calls after warm-up.")
    var calls = 1000

    @Option(help: "Calls before the baseline is taken.")
    var warmup = 200

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @OptionGroup var vision: VisionOptions

    func run() throws {
        try MemoryBenchmark(photo: photo, calls: calls, warmup: warmup, json: json, models: vision.faceModels).run()
    }
}

/// `facegate bench gallery`: see `GalleryBenchmark`.
struct GalleryBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gallery",
        abstract: "Time loading + decrypting a large gallery, and enrolling from three photos.",
        discussion: """
            Builds a throw-away gallery of --subjects synthetic subjects in a temp directory, then
            times (median of --rounds): opening it and decrypting every template, against reading
            the same sealed rows without decrypting; and one enrollment from the photos (detect,
            embed, duplicate scan over the whole gallery, store), against detect + embed alone.
            """)

    @Argument(help: "Three photos of one person.")
    var photos: [String]

    @Option(help: "Subjects in the benchmark gallery.")
    var subjects = 10_000

    @Option(help: "Repetitions; the median is reported.")
    var rounds = 5

    @OptionGroup var vision: VisionOptions

    func run() throws {
        try GalleryBenchmark(photos: photos, subjects: subjects, rounds: rounds, models: vision.faceModels).run()
    }
}

/// `facegate bench match`: see `MatchBenchmark`.
struct MatchBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Time 1:N search (exact and int8 + rescoring) against FAISS, numpy and a plain memory read.",
        discussion: """
            For each gallery size: random unit 128-d vectors, queries (half near a stored vector),
            milliseconds per query p50 and p99 for facegate's exact and int8 scans, FAISS IndexFlatIP
            and numpy `db @ q` (run by --python, which needs faiss-cpu and numpy: `make bench` makes
            a venv), and a plain read of the int8 codes (the memory-bandwidth floor). Checks that
            every facegate answer's top-1 equals FAISS's.
            """)

    @Option(help: "Gallery sizes.")
    var sizes: [Int] = [10_000, 100_000, 1_000_000]

    @Option(help: "Queries per size (fewer are used at 1 000 000).")
    var queries = 400

    @Option(help: "A Python with faiss-cpu and numpy.")
    var python = ".cache/bench-venv/bin/python"

    @Option(help: "The anchors script (default: found beside the installed or built facegate).")
    var anchors: String?

    func run() throws {
        try MatchBenchmark(sizes: sizes, queries: queries, python: python, anchors: anchors).run()
    }
}

/// `facegate bench pad`: see `PADBenchmark`.
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
        let photoSets = sets.map { set in
            let parts = set.split(separator: "=").map(String.init)
            return PADBenchmark.PhotoSet(label: parts[0], folder: parts[1])
        }
        try PADBenchmark(sets: photoSets, thresholds: levels, models: vision.faceModels).run()
    }
}
