// matcher-check: the matcher alone, no OpenCV, no database, for runs where
// the rest of facegate cannot come along:
//
//   matcher-check answers SEED TEMPLATES QUERIES
//       deterministic random gallery and queries; prints the kernel level and,
//       per query and mode, best/second subject and the exact score bits.
//       The portability test runs it natively and under qemu-x86_64 with an
//       old CPU model and compares the answers.
//   matcher-check concurrency SECONDS
//       searcher threads against a thread that keeps publishing snapshots
//       without one subject; fails if a search that started after the
//       publication still finds it. scripts/matcher-tsan.sh runs it under
//       ThreadSanitizer.
import Foundation
import Locking
import Matcher

/// SplitMix64: the same numbers on every machine.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func unitVector(_ generator: inout SeededGenerator) -> [Float] {
    var values = (0..<128).map { _ in Float(Double(generator.next() >> 11) / Double(1 << 53) * 2 - 1) }
    let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
    values = values.map { $0 / norm }
    return values
}

func answers(seed: UInt64, templates: Int, queries: Int) throws {
    var generator = SeededGenerator(state: seed)
    let entries = (0..<templates).map { row in ("s\(row / 2)", unitVector(&generator)) }
    let snapshot = try MatcherSnapshot(entries)
    print("kernel level: \(MatcherSnapshot.kernelLevel)")
    for query in 0..<queries {
        // Half the queries sit close to a stored template, as a resident would.
        var values = unitVector(&generator)
        if query % 2 == 0, let near = entries.randomElement(using: &generator) {
            values = zip(near.1, values).map { $0 + 0.05 * $1 }
            let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
            values = values.map { $0 / norm }
        }
        for mode in [MatcherSnapshot.Mode.exact, .int8Rescored] {
            let result = try snapshot.search(values, mode: mode)
            let describe = { (candidate: MatchResult.Candidate?) in
                candidate.map { "\($0.subject) \(String($0.score.bitPattern, radix: 16))" } ?? "-"
            }
            print("query \(query) \(mode.rawValue): \(describe(result.best)) | \(describe(result.second))")
        }
    }
}

func concurrency(seconds: Double) throws {
    var generator = SeededGenerator(state: 7)
    let entries = (0..<2000).map { row in ("s\(row)", unitVector(&generator)) }
    let matcher = Matcher(try MatcherSnapshot(entries), int8FromTemplates: 1000)
    let withdrawnProbe = entries[1234]
    let published = Locked(false)
    let failures = Locked(0)
    let searches = Locked(0)
    let deadline = Date().addingTimeInterval(seconds)
    let group = DispatchGroup()
    for _ in 0..<3 {
        DispatchQueue.global().async(group: group) {
            while Date() < deadline {
                let after = published.withLock { $0 }
                guard let result = try? matcher.search(withdrawnProbe.1) else { continue }
                if after, result.best?.subject == withdrawnProbe.0 || result.second?.subject == withdrawnProbe.0 {
                    failures.withLock { $0 += 1 }
                }
                searches.withLock { $0 += 1 }
            }
        }
    }
    DispatchQueue.global().async(group: group) {
        var round = 0
        while Date() < deadline {
            // Snapshot churn; from round 5 on, the probe's subject is withdrawn.
            var subset = entries.filter { round < 5 || $0.0 != withdrawnProbe.0 }
            subset.removeLast(round % 50)
            if let snapshot = try? MatcherSnapshot(subset) {
                matcher.replace(with: snapshot)
                if round == 5 { published.withLock { $0 = true } }
            }
            round += 1
        }
    }
    group.wait()
    let total = searches.withLock { $0 }, bad = failures.withLock { $0 }
    print("concurrency: \(total) searches during snapshot churn, \(bad) found the withdrawn subject after its withdrawal")
    if bad > 0 || total == 0 { exit(1) }
}

let arguments = CommandLine.arguments
switch arguments.dropFirst().first {
case "answers" where arguments.count == 5:
    try answers(seed: UInt64(arguments[2])!, templates: Int(arguments[3])!, queries: Int(arguments[4])!)
case "concurrency" where arguments.count == 3:
    try concurrency(seconds: Double(arguments[2])!)
default:
    FileHandle.standardError.write(Data("usage: matcher-check answers SEED TEMPLATES QUERIES | concurrency SECONDS\n".utf8))
    exit(2)
}
