public import FaceVision
public import Policy
public import Config

/// Turns the faces of each frame into gate events (pure, no I/O): which
/// faces to judge, N-of-M confirmation per tracked face (R21), one person at
/// a time (R22). A face is judged only while undecided: once confirmed it is
/// not embedded again while it stays in view; an unknown or ambiguous face
/// may try again after `retryFrames`. Unknown faces leave nothing behind
/// once they leave the frame (R15).
public struct DecisionEngine: Sendable {
    public enum Event: Sendable, Equatable {
        /// An undecided face is being verified: the kiosk shows the purpose (R14).
        case verifying
        case confirmed(subject: String, score: Float)
        case unknown(bestScore: Float?)
        case ambiguous(bestScore: Float?)
        /// The face matched a resident but was not judged live (R21): a
        /// print, a screen, a frozen or motionless picture.
        case notLive(subject: String, reason: String, bestScore: Float?)
        /// More than one qualifying face: nobody is let in (R22). Once per episode.
        case multipleFaces
        /// No qualifying face any more.
        case nobody
    }

    /// What to do with a frame's qualifying faces.
    public enum Plan: Sendable, Equatable {
        case nothing
        case multipleFaces
        /// Embed these faces (indexes into the qualifying faces) for these tracks.
        case judge([(face: Int, track: Int)])

        public static func == (lhs: Plan, rhs: Plan) -> Bool {
            switch (lhs, rhs) {
            case (.nothing, .nothing), (.multipleFaces, .multipleFaces): true
            case (.judge(let a), .judge(let b)): a.map(\.face) == b.map(\.face) && a.map(\.track) == b.map(\.track)
            default: false
            }
        }
    }

    private var tracker = FaceTracker()
    private var motion: FaceMotion
    private var windows: [Int: Confirmation] = [:]
    private var bestScores: [Int: Float] = [:]
    /// Decided tracks, with the frame count at which they may be judged again (nil: never).
    private var decided: [Int: Int?] = [:]
    private var frame = 0
    private var inMultiFaceEpisode = false
    private var someoneThere = false
    public let required: Int
    public let window: Int
    public let retryFrames: Int
    public var stillPixels: Float { motion.stillPixels }

    public init(required: Int = 2, window: Int = 3, retryFrames: Int = 50,
        stillPixels: Float = Float(GateSettings.Liveness.defaultStillPixels)
    ) {
        self.required = required
        self.window = window
        self.retryFrames = retryFrames
        motion = FaceMotion(window: window, stillPixels: stillPixels)
    }

    /// Step one, per frame: the qualifying faces (close enough, in the zone).
    public mutating func plan(_ qualifying: [FaceBox]) -> (plan: Plan, events: [Event]) {
        frame += 1
        let (ids, ended) = tracker.update(qualifying)
        for track in ended {
            motion.forget(track: track)
            windows[track] = nil
            bestScores[track] = nil
            decided[track] = nil
        }
        var events: [Event] = []
        if qualifying.count > 1 {
            windows.removeAll()
            bestScores.removeAll()
            if !inMultiFaceEpisode { events.append(.multipleFaces) }
            inMultiFaceEpisode = true
            someoneThere = true
            return (.multipleFaces, events)
        }
        inMultiFaceEpisode = false
        guard qualifying.count == 1 else {
            if someoneThere { events.append(.nobody) }
            someoneThere = false
            return (.nothing, events)
        }
        someoneThere = true
        let track = ids[0]
        if let retry = decided[track] {
            guard let retry, frame >= retry else { return (.nothing, events) }
            decided[track] = nil
        }
        if windows[track] == nil {
            windows[track] = Confirmation(required: required, window: window)
            events.append(.verifying)
        }
        return (.judge([(0, track)]), events)
    }

    /// Step two, for each face to judge: what its motion since the last judged frame shows (R21).
    public mutating func observe(track: Int, face: DetectedFace) -> MotionFinding {
        motion.observe(track: track, face: face)
    }

    /// Step three: what the judged face matched in this frame (and its best score).
    public mutating func record(track: Int, verdict: FrameVerdict, score: Float?) -> [Event] {
        guard var confirmation = windows[track] else { return [] }
        if let score { bestScores[track] = max(bestScores[track] ?? -1, score) }
        let outcome = confirmation.add(verdict)
        windows[track] = confirmation
        guard let outcome else { return [] }
        windows[track] = nil
        let best = bestScores.removeValue(forKey: track)
        switch outcome {
        case .confirmed(let subject):
            decided[track] = .some(nil)
            return [.confirmed(subject: subject, score: best ?? 0)]
        case .unknown:
            decided[track] = frame + retryFrames
            return [.unknown(bestScore: best)]
        case .ambiguous:
            decided[track] = frame + retryFrames
            return [.ambiguous(bestScore: best)]
        case .notLive(let subject, let reason):
            decided[track] = frame + retryFrames
            return [.notLive(subject: subject, reason: reason, bestScore: best)]
        }
    }
}
