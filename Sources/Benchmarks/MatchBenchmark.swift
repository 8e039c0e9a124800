import Foundation
import Gate
package import Matcher

/// `facegate bench match`: the matcher against FAISS IndexFlatIP and numpy
/// on the same random unit vectors, one thread, in the same run, so a site
/// sees what its box's 1:N search costs next to the common reference.
public struct MatchBenchmark {
    public var sizes: [Int]
    public var queries: Int
    /// A Python with faiss-cpu and numpy.
    public var python: String
    /// The anchors script; nil: found beside the installed or built facegate.
    public var anchors: String?

    public init(sizes: [Int], queries: Int, python: String, anchors: String?) {
        self.sizes = sizes
        self.queries = queries
        self.python = python
        self.anchors = anchors
    }

    public func run() throws {
        print("facegate bench match — kernels: \(MatcherSnapshot.kernelLevel), one thread, ms per query")
        print(
            "         N  facegate exact p50/p99   int8+rescore p50/p99   FAISS flat p50/p99   numpy p50   read f32 / int8    exact÷FAISS  int8÷FAISS  int8÷read"
        )
        let script = anchors ?? Self.installedAnchors()
        if script == nil {
            print(
                "(bench_anchors.py is neither in /usr/share/facegate nor in a checkout above this facegate: pass --anchors PATH for the FAISS and numpy columns)"
            )
        }
        var generator = SystemRandomNumberGenerator()
        for size in sizes {
            let count = size >= 1_000_000 ? min(queries, 100) : queries
            let database = (0..<size).map { _ in Self.unit(&generator) }
            let probes = Self.probes(count, near: database, using: &generator)
            let snapshot = try MatcherSnapshot(database.enumerated().map { ("\($0.offset)", $0.element) })
            let exact = try Self.measure(probes) { try snapshot.search($0, mode: .exact) }
            let fast = try Self.measure(probes) { try snapshot.search($0, mode: .int8Rescored) }
            let read = try Self.measure(probes) { _ in
                _ = snapshot.readInt8Codes()
                return nil
            }
            let readFloat = try Self.measure(probes) { _ in
                _ = snapshot.readFloatRows()
                return nil
            }
            let anchor = (try? script.map { try runAnchors($0, database, probes) }) ?? [:]
            let faiss = anchor["faiss"] as? [String: Any] ?? [:]
            let numpy = anchor["numpy"] as? [String: Any] ?? [:]
            let faissTop = faiss["top1"] as? [Int] ?? []
            let agree = Self.agreement(exact.answers, faissTop)
            let agreeFast = zip(fast.answers, exact.answers).filter { $0.0 == $0.1 }.count
            let faissP50 = faiss["p50"] as? Double ?? .nan
            print(
                String(
                    format: "%10d  %8.3f / %8.3f      %8.3f / %8.3f    %7.3f / %7.3f   %9.3f   %7.3f / %6.3f   %10.2f×  %9.2f×  %8.2f×",
                    size, exact.p50, exact.p99, fast.p50, fast.p99, faissP50, faiss["p99"] as? Double ?? .nan,
                    numpy["p50"] as? Double ?? .nan, readFloat.p50, read.p50, faissP50 / exact.p50, faissP50 / fast.p50,
                    fast.p50 / read.p50))
            print(
                faissTop.isEmpty
                    ? "            (no FAISS/numpy: \(python) with faiss-cpu and numpy is needed; `make bench` makes it); int8 answers equal to exact: \(agreeFast)/\(count)"
                    : "            top-1 equal to FAISS: \(agree)/\(count) exact; int8 answers equal to exact: \(agreeFast)/\(count)")
        }
    }

    /// Milliseconds per search (p50, p99) over `probes`, after one warm-up search, with the answers.
    package struct Timing {
        package let p50: Double
        package let p99: Double
        package let answers: [MatchResult]
    }

    package static func measure(_ probes: [[Float]], _ search: ([Float]) throws -> MatchResult?) throws -> Timing {
        _ = try search(probes[0])
        var times: [Double] = []
        var answers: [MatchResult] = []
        for probe in probes {
            let start = ContinuousClock.now
            let answer = try search(probe)
            times.append((ContinuousClock.now - start).milliseconds)
            if let answer { answers.append(answer) }
        }
        times.sort()
        return Timing(p50: times[times.count / 2], p99: times[min(times.count - 1, times.count * 99 / 100)], answers: answers)
    }

    /// `count` queries: every even one near a random stored vector, every odd one random.
    package static func probes<G: RandomNumberGenerator>(_ count: Int, near database: [[Float]], using generator: inout G) -> [[Float]] {
        (0..<count).map { index in
            guard index % 2 == 0 else { return unit(&generator) }
            let noise = unit(&generator)
            return normalised(zip(database[Int.random(in: 0..<database.count, using: &generator)], noise).map { $0 + 0.3 * $1 })
        }
    }

    /// How many answers name the row the reference found best (subjects are row numbers).
    package static func agreement(_ answers: [MatchResult], _ referenceTop: [Int]) -> Int {
        zip(answers, referenceTop).filter { $0.0.best?.subject == String($0.1) }.count
    }

    /// Writes the vectors for the Python anchors (random numbers, not faces) and reads back their report.
    func runAnchors(_ script: String, _ database: [[Float]], _ probes: [[Float]]) throws -> [String: Any] {
        let directory = NSTemporaryDirectory() + "facegate-bench-match-\(UUID().uuidString.prefix(6))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.raw(database).write(to: URL(fileURLWithPath: "\(directory)/db.f32"))
        try Self.raw(probes).write(to: URL(fileURLWithPath: "\(directory)/queries.f32"))
        let (status, data) = try CapturedOutput.run(python, [script, "\(directory)/db.f32", "\(directory)/queries.f32", "128"])
        guard status == 0, let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw BenchmarkError(.failed, "the FAISS/numpy anchors failed (is \(python) a venv with faiss-cpu and numpy? `make bench` makes one)")
        }
        return json
    }

    /// The anchors script wherever facegate lives: the package puts it in
    /// /usr/share/facegate; a build in a checkout finds `scripts/` above `.build`.
    static func installedAnchors() -> String? {
        var folder = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        var candidates = ["/usr/share/facegate/bench_anchors.py"]
        for _ in 0..<5 {
            candidates.append(folder.appendingPathComponent("scripts/bench_anchors.py").path)
            folder.deleteLastPathComponent()
        }
        return candidates.first { FileManager.default.isReadableFile(atPath: $0) }
    }

    /// The vectors as consecutive little-endian Float32 rows.
    static func raw(_ vectors: [[Float]]) -> Data {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(vectors.reduce(0) { $0 + $1.count * 4 })
        for vector in vectors {
            for value in vector {
                let bits = value.bitPattern
                for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: bits >> shift)) }
            }
        }
        return Data(bytes)
    }

    package static func unit<G: RandomNumberGenerator>(_ generator: inout G) -> [Float] {
        normalised((0..<128).map { _ in Float.random(in: -1...1, using: &generator) })
    }

    package static func normalised(_ values: [Float]) -> [Float] {
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return values.map { $0 / norm }
    }
}
