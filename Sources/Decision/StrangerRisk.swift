import Foundation

/// What a cosine threshold means for strangers at a gate with `residents`
/// enrolled: the chance that a stranger's face passes for *some* resident.
/// `facegate doctor` and the README state it for the site's own gallery.
///
/// The per-comparison false-accept rates are measured on real faces:
/// 7 257 284 cross-person photo pairs of LFW folds 1–5 and deepface-dev
/// (`RealVariationCalibrationTests` measures them again on every test run
/// and fails when this table no longer matches). Above 0.55 no real
/// impostor pair was left (the 7 pairs there are LFW label noise: one
/// person under two names, or a second face in the photo), so the table
/// holds the 95 % upper bound for zero in 7.26 M, 4.1e-7.
///
/// One stranger's frames are strongly correlated (a look-alike scores
/// alike in every frame), so N-of-M confirmation does not multiply these
/// rates; it only removes single-frame glitches. The per-attempt figure is
/// therefore the one to plan with.
public enum StrangerRisk {
    /// (threshold, share of impostor comparisons scoring at least it).
    public static let measured: [(threshold: Float, rate: Double)] = [
        (0.36, 1.01e-3), (0.38, 4.65e-4), (0.40, 2.01e-4), (0.42, 8.12e-5), (0.44, 3.39e-5), (0.46, 1.30e-5),
        (0.48, 6.06e-6), (0.50, 2.89e-6), (0.52, 1.52e-6), (0.54, 1.10e-6), (0.56, 4.1e-7),
    ]

    /// (threshold, share of genuine pairs scoring at least it): LFW folds
    /// 1–5 same-person pairs and every pair of one deepface-dev person's
    /// photos (other days, years apart), measured with the impostor table.
    public static let genuine: [(threshold: Float, rate: Double)] = [
        (0.36, 0.979), (0.38, 0.977), (0.40, 0.971), (0.42, 0.961), (0.44, 0.947), (0.46, 0.934), (0.48, 0.917), (0.50, 0.902),
        (0.52, 0.873), (0.54, 0.843), (0.56, 0.808),
    ]

    /// The per-comparison false-accept rate at `threshold`, interpolated
    /// log-linearly between measured points (clamped at the ends).
    public static func perComparison(at threshold: Float) -> Double {
        guard let first = measured.first, let last = measured.last else { return 0 }
        if threshold <= first.threshold { return first.rate }
        if threshold >= last.threshold { return last.rate }
        let upper = measured.firstIndex { $0.threshold >= threshold }!
        let (a, b) = (measured[upper - 1], measured[upper])
        let fraction = Double((threshold - a.threshold) / (b.threshold - a.threshold))
        return exp(log(a.rate) + fraction * (log(b.rate) - log(a.rate)))
    }

    /// The chance that a stranger passes for some one of `residents` at `threshold` in one attempt.
    public static func perAttempt(threshold: Float, residents: Int) -> Double {
        1 - pow(1 - perComparison(at: threshold), Double(max(0, residents)))
    }
}
