import Decision
import Testing

/// The threshold a site's stated stranger risk gives (`StrangerRisk`):
/// pure arithmetic over the measured table.
struct StrangerRiskTests {
    @Test func theThresholdRisesWithTheGalleryAndKeepsTheRiskItWasGiven() {
        let sizes = [1, 300, 1_000, 2_000, 3_000, 5_000, 10_000]
        let thresholds = sizes.map { StrangerRisk.threshold(risk: 0.005, residents: $0) }
        #expect(thresholds == thresholds.sorted(), "never lower for more residents: \(thresholds)")
        #expect(thresholds.first == StrangerRisk.floor && thresholds.last! > 0.55, "\(thresholds)")
        for (size, threshold) in zip(sizes, thresholds) where threshold > StrangerRisk.floor {
            let risk = StrangerRisk.perAttempt(threshold: threshold, residents: size)
            #expect(risk <= 0.005 && risk >= 0.0045, "\(size) residents at \(threshold): \(risk)")
        }
        #expect(StrangerRisk.threshold(risk: 0.01, residents: 3_000) < StrangerRisk.threshold(risk: 0.001, residents: 3_000))
    }

    @Test func beyondTheMeasuredTableTheHighestThresholdIsKeptAndItsRiskStated() {
        let huge = StrangerRisk.threshold(risk: 0.005, residents: 100_000)
        #expect(huge == StrangerRisk.measured.last!.threshold)
        #expect(StrangerRisk.perAttempt(threshold: huge, residents: 100_000) > 0.005, "more than asked: doctor warns")
    }

    @Test func genuineAcceptanceFallsAsTheThresholdRises() {
        let rates = stride(from: Float(0.36), through: 0.6, by: 0.01).map(StrangerRisk.genuineAcceptance)
        #expect(rates == rates.sorted(by: >), "\(rates)")
        #expect(rates.allSatisfy { (0.5...1).contains($0) })
    }
}
