import Decision
import Foundation
import Matcher
import TestSupport
import Testing

/// The SIMD matcher against a plain scalar reference, and the int8 scan
/// against the exact one: same subjects, same scores.
@Suite(.testExecutor) struct MatcherTests {
    /// Random unit vectors; every third subject has two templates.
    static func gallery(_ count: Int) -> [(subject: String, values: [Float])] {
        var subject = 0
        return (0..<count).map { row in
            if row % 3 != 1 { subject += 1 }
            return ("s\(subject)", GalleryFixtures.randomTemplate())
        }
    }

    /// Every dot product in Double, each subject's best, the top two by
    /// (score, first appearance).
    static func reference(_ entries: [(subject: String, values: [Float])], _ query: [Float]) -> [(String, Double)] {
        var best: [String: Double] = [:]
        var order: [String: Int] = [:]
        for (subject, values) in entries {
            let score = zip(values, query).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            best[subject] = max(best[subject] ?? -.infinity, score)
            order[subject] = order[subject] ?? order.count
        }
        return best.sorted { ($0.value, -order[$0.key]!) > ($1.value, -order[$1.key]!) }.prefix(2).map { ($0.key, $0.value) }
    }

    @Test(arguments: [0, 1, 17, 1000, 100_000])
    func bothModesAgreeWithTheScalarReference(size: Int) throws {
        let entries = Self.gallery(size)
        let snapshot = try MatcherSnapshot(entries)
        let queries = size >= 100_000 ? 4 : 40
        for index in 0..<queries {
            // Half the queries close to a stored template, as a resident's would be.
            var query = GalleryFixtures.randomTemplate()
            if index % 2 == 0, let near = entries.randomElement() {
                query = zip(near.values, query).map { $0 + 0.05 * $1 }
                let norm = query.reduce(0) { $0 + $1 * $1 }.squareRoot()
                query = query.map { $0 / norm }
            }
            let want = Self.reference(entries, query)
            for mode in [MatcherSnapshot.Mode.exact, .int8Rescored] {
                let got = try snapshot.search(query, mode: mode)
                let found = [got.best, got.second].compactMap { $0 }
                #expect(found.count == want.count, "\(mode) size \(size)")
                for (candidate, expected) in zip(found, want) {
                    #expect(abs(Double(candidate.score) - expected.1) < 1e-5, "\(mode) size \(size)")
                }
                // Subjects must agree unless the reference itself is a near-tie.
                if want.count == 2, want[0].1 - want[1].1 > 2e-5 {
                    #expect(found.map(\.subject) == want.map(\.0), "\(mode) size \(size)")
                } else if let first = want.first, want.count == 1 {
                    #expect(found.first?.subject == first.0)
                }
            }
        }
    }

    @Test func tiesGoToTheEarlierSubjectInBothModes() throws {
        let shared = GalleryFixtures.randomTemplate()
        var entries = Self.gallery(3000)
        entries.insert(("twin-a", shared), at: 100)
        entries.insert(("twin-b", shared), at: 50)
        let snapshot = try MatcherSnapshot(entries)
        for mode in [MatcherSnapshot.Mode.exact, .int8Rescored] {
            let result = try snapshot.search(shared, mode: mode)
            #expect(result.best?.subject == "twin-b", "\(mode): twin-b appears first")
            #expect(result.second?.subject == "twin-a")
            #expect(result.best?.score == result.second?.score)
        }
    }

    @Test func int8WithRescoringReturnsExactlyTheExactTopTwoAt100000Templates() throws {
        let entries = Self.gallery(100_000)
        let snapshot = try MatcherSnapshot(entries)
        var identical = 0
        for index in 0..<1000 {
            var query = GalleryFixtures.randomTemplate()
            if index % 2 == 0 {
                query = zip(entries[Int.random(in: 0..<entries.count)].values, query).map { $0 + Float.random(in: 0.02...0.2) * $1 }
                let norm = query.reduce(0) { $0 + $1 * $1 }.squareRoot()
                query = query.map { $0 / norm }
            }
            let exact = try snapshot.search(query, mode: .exact)
            let fast = try snapshot.search(query, mode: .int8Rescored)
            #expect(fast == exact, "query \(index)")
            identical += fast == exact ? 1 : 0
        }
        #expect(identical == 1000)
    }

    @Test func badQueriesAreNamedAndAnEmptyGalleryKnowsNobody() throws {
        let snapshot = try MatcherSnapshot(Self.gallery(10))
        #expect(throws: MatcherError("the query has 3 values; the matcher takes 128")) { try snapshot.search([1, 0, 0], mode: .exact) }
        var nan = GalleryFixtures.randomTemplate()
        nan[5] = .nan
        #expect(throws: MatcherError("the query contains NaN or infinite values")) { try snapshot.search(nan, mode: .exact) }
        let long = GalleryFixtures.randomTemplate().map { $0 * 2 }
        let error = #expect(throws: MatcherError.self) { try snapshot.search(long, mode: .int8Rescored) }
        #expect(error?.message.contains("not unit length") == true)
        #expect(throws: MatcherError.self) { try MatcherSnapshot([("s", [Float](repeating: 0, count: 128))]) }
        let empty = try MatcherSnapshot.empty.search(GalleryFixtures.randomTemplate(), mode: .exact)
        #expect(empty == .empty)
        #expect(DecisionRule.standard.decide(empty) == .unknown(bestScore: nil))
    }

    @Test func theDecisionAcceptsOnlyAClearWinnerAboveTheThreshold() {
        let rule = DecisionRule(threshold: 0.55, margin: 0.06)
        func result(_ best: Float, _ second: Float?) -> MatchResult {
            MatchResult(best: .init(subject: "a", score: best), second: second.map { .init(subject: "b", score: $0) })
        }
        #expect(rule.decide(result(0.80, 0.30)) == .accept(subject: "a", score: 0.80))
        #expect(rule.decide(result(0.80, nil)) == .accept(subject: "a", score: 0.80))
        #expect(rule.decide(result(0.54, 0.10)) == .unknown(bestScore: 0.54))
        #expect(rule.decide(result(0.70, 0.66)) == .ambiguous(best: "a", second: "b", gap: 0.70 - 0.66))
        #expect(rule.decide(result(0.55, 0.45)) == .accept(subject: "a", score: 0.55))
    }
}
