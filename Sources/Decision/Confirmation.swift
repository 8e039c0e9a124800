/// What one frame said about one tracked face.
public enum FrameVerdict: Sendable, Equatable {
    case match(String)
    /// It matched this subject, but the frame was not judged live (R21):
    /// a print, a screen, a frozen or motionless picture. It never counts as a match.
    case notLive(String, reason: String)
    case unknown
    case ambiguous
}

/// N-of-M confirmation across consecutive frames of one tracked face (R21):
/// the gate may open only when N of the last M frames matched the same
/// subject in frames judged live. A window that fills without that ends as
/// not live (spoof-suspected) when the frames matching the subject would
/// have confirmed it had they been live, else as unknown or ambiguous.
public struct Confirmation: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        case confirmed(String)
        /// The subject matched often enough, but not in live frames; `reason` is the last frame's.
        case notLive(String, reason: String)
        case unknown
        case ambiguous
    }

    public let required: Int
    public let window: Int
    private(set) var verdicts: [FrameVerdict] = []

    public init(required: Int = 2, window: Int = 3) {
        precondition(required >= 1 && required <= window, "N must be between 1 and M")
        self.required = required
        self.window = window
    }

    /// Adds one frame; returns the outcome once there is one.
    public mutating func add(_ verdict: FrameVerdict) -> Outcome? {
        verdicts.append(verdict)
        if verdicts.count > window { verdicts.removeFirst() }
        var counts: [String: Int] = [:]
        for case .match(let subject) in verdicts { counts[subject, default: 0] += 1 }
        if let subject = counts.filter({ $0.value >= required }).keys.sorted().first {
            return .confirmed(subject)
        }
        guard verdicts.count == window else { return nil }
        // The window is full and no subject reached N: decide now, once.
        var spoofed: [String: Int] = [:]
        var lastReason = ""
        for case .notLive(let subject, let reason) in verdicts {
            spoofed[subject, default: 0] += 1
            lastReason = reason
        }
        if let subject = spoofed.keys.sorted().first(where: { spoofed[$0, default: 0] + counts[$0, default: 0] >= required }) {
            return .notLive(subject, reason: lastReason)
        }
        let ambiguous = verdicts.filter { $0 == .ambiguous }.count
        return ambiguous * 2 > window || counts.count > 1 ? .ambiguous : .unknown
    }
}
