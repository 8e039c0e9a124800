/// The two best-scoring *distinct* subjects for one query (a subject with
/// several templates counts once, with its best template's score).
public struct MatchResult: Sendable, Equatable {
    public struct Candidate: Sendable, Equatable {
        public let subject: String
        public let score: Float

        public init(subject: String, score: Float) {
            self.subject = subject
            self.score = score
        }
    }

    public let best: Candidate?
    public let second: Candidate?

    public init(best: Candidate?, second: Candidate?) {
        self.best = best
        self.second = second
    }

    public static let empty = MatchResult(best: nil, second: nil)
}

/// Keeps the best and second-best distinct subjects while scores stream by.
/// Ties go to the lower subject index, so the answer never depends on the
/// order rows are scanned in.
struct TopTwo {
    private(set) var bestScore = -Float.infinity
    private(set) var bestSubject = Int32.max
    private(set) var secondScore = -Float.infinity
    private(set) var secondSubject = Int32.max

    /// Scores below this cannot change the result (an equal score may still
    /// win a tie or raise its own subject's best, so callers test `>=`).
    var floor: Float { secondScore }

    @inline(__always)
    private static func beats(_ score: Float, _ subject: Int32, _ otherScore: Float, _ otherSubject: Int32) -> Bool {
        score > otherScore || (score == otherScore && subject < otherSubject)
    }

    @inline(__always)
    mutating func consider(_ score: Float, subject: Int32) {
        if subject == bestSubject {
            bestScore = max(bestScore, score)
        } else if Self.beats(score, subject, bestScore, bestSubject) {
            // The old best is another subject and outranks the old second.
            secondScore = bestScore
            secondSubject = bestSubject
            bestScore = score
            bestSubject = subject
        } else if subject == secondSubject {
            secondScore = max(secondScore, score)
        } else if Self.beats(score, subject, secondScore, secondSubject) {
            secondScore = score
            secondSubject = subject
        }
    }

    func result(_ subjects: [String]) -> MatchResult {
        func candidate(_ score: Float, _ subject: Int32) -> MatchResult.Candidate? {
            subject == Int32.max ? nil : MatchResult.Candidate(subject: subjects[Int(subject)], score: score)
        }
        return MatchResult(best: candidate(bestScore, bestSubject), second: candidate(secondScore, secondSubject))
    }
}
