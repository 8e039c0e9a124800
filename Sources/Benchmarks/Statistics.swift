import Foundation

extension Duration {
    /// The duration in milliseconds, with fractions.
    package var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}

extension [Double] {
    /// The middle value (the upper one of an even count); NaN when empty.
    package var median: Double {
        let sorted = self.sorted()
        return sorted.isEmpty ? .nan : sorted[sorted.count / 2]
    }

    /// The value below which `percent` % of the values lie (nearest rank).
    package func percentile(_ percent: Double) -> Double {
        let sorted = self.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted[Swift.min(sorted.count - 1, Int((percent / 100 * Double(sorted.count)).rounded(.up)) - 1)]
    }
}

/// Milliseconds `body` took.
package func timed(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    return (ContinuousClock.now - start).milliseconds
}

/// The one-sided 95 % upper confidence bound of a rate seen `hits` times in
/// `count` tries (Clopper–Pearson, exact): the highest rate under which so
/// few hits would still happen one time in twenty.
package func upperBound95(hits: Int, of count: Int) -> Double {
    guard count > 0 else { return 1 }
    guard hits < count else { return 1 }
    func atMost(_ rate: Double) -> Double {
        var term = pow(1 - rate, Double(count)), sum = term
        for k in 0..<hits {
            term *= Double(count - k) / Double(k + 1) * rate / (1 - rate)
            sum += term
        }
        return sum
    }
    var low = Double(hits) / Double(count), high = 1.0
    for _ in 0..<60 {
        let middle = (low + high) / 2
        if atMost(middle) > 0.05 { low = middle } else { high = middle }
    }
    return high
}
