public import Matcher

/// Turns the faces of each frame into gate events (pure, no I/O): which
/// face to judge, N-of-M confirmation in a sliding window (R21), one person
/// at a time (R22), and who stands where.
///
/// Everything is counted in time, not in processed frames, so a loaded box
/// that processes fewer frames neither waits longer nor retries sooner:
/// - A new face is judged on every frame, its last M verdicts sliding: a
///   resident whose first frames were poor is not refused for them. Only
///   after `Timing.settle` seconds without a confirmation is the face
///   reported unknown, ambiguous or not live, and then judged afresh after
///   `Timing.retry` seconds.
/// - A decided or refused face is embedded again every `Timing.recheck`
///   seconds. When it no longer resembles the face the decision was about
///   (cosine below `Timing.sameFace`), another person has stepped into the
///   same spot: a turnstile's queue. The place gets a new track, judged from
///   scratch; no decision ever carries over to a different person.
/// - A face in view but too small, or turned away, is not judged: the
///   screen asks to step closer or to look at the camera, and nothing is
///   audited or kept (R15).
///
/// - A confirmed face whose passive liveness is in doubt (or every one,
///   under `LivenessChallenge.Mode.always`) must first answer a random
///   `LivenessChallenge`; only an answer confirms it, and a wrong or missing
///   one reports it not live (R21).
///
/// Unknown faces leave nothing behind once they leave the frame (R15): the
/// last embedding of a track lives in memory only while the track does.
public struct DecisionEngine: Sendable {
    /// The engine's clock rules, in seconds (the caller's monotonic clock).
    public struct Timing: Sendable, Equatable {
        /// How long a face is judged before anything but a confirmation is reported.
        public var settle: Double
        /// How long after a refusal the same face is judged afresh.
        public var retry: Double
        /// How often a decided face is re-embedded to check who is there.
        public var recheck: Double
        /// Least cosine between a track's face now and before to be the same person.
        public var sameFace: Float

        public init(settle: Double = 1.0, retry: Double = 2.0, recheck: Double = 0.4, sameFace: Float = 0.35) {
            self.settle = settle
            self.retry = retry
            self.recheck = recheck
            self.sameFace = sameFace
        }
    }

    public enum Event: Sendable, Equatable {
        /// A face is being verified: the kiosk shows the purpose (R14).
        case verifying
        /// A matched face is being challenged (R21): what the screen shows now.
        case challenge(LivenessChallenge.Ask)
        /// The resident may enter; `answered` are the instructions the face
        /// followed, when it was challenged (R21).
        case confirmed(subject: String, score: Float, answered: [LivenessChallenge.Instruction] = [])
        /// A resident's failed challenges reached `LivenessChallenge.TryLimit`
        /// (`started`: this failure paused it) or their face entry is paused
        /// for `seconds` more: nobody is let in by face as them.
        case facePaused(subject: String, started: Bool, seconds: Double)
        case unknown(bestScore: Float?)
        case ambiguous(bestScore: Float?)
        /// The face matched a resident but was not judged live (R21): a
        /// print, a screen, a frozen or motionless picture.
        case notLive(subject: String, reason: String, bestScore: Float?)
        /// More than one qualifying face: nobody is let in (R22). Once per episode.
        case multipleFaces
        /// A face is in view but cannot be judged; the screen says why. Once per episode.
        case prompt(Prompt)
        /// No qualifying face any more.
        case nobody
    }

    /// What the person in front of the camera is asked to do.
    public enum Prompt: Sendable, Equatable {
        case stepCloser
        case lookAtCamera
    }

    /// What to do with a frame's one qualifying face.
    public enum Plan: Sendable, Equatable {
        case nothing
        case multipleFaces
        /// Embed the face and judge it against the gallery.
        case judge(track: Int)
        /// Embed the face only, to check it is still the person decided about.
        case recheck(track: Int)
        /// Pass the face to `answer`: a challenge is under way. `compare`:
        /// embed it too and pass its resemblance to the resident
        /// (`LivenessChallenge.wantsResemblance`).
        case answer(track: Int, compare: Bool)
    }

    private enum Phase: Sendable, Equatable {
        case judging(since: Double)
        case confirmed(checked: Double)
        case refused(at: Double, checked: Double)
        case challenged(LivenessChallenge, subject: String)
    }

    private struct TrackState: Sendable {
        var phase: Phase
        var window: Confirmation
        var best: Float?
        var reference: [Float]?
        /// The lowest passive liveness score of the frames judged so far.
        var lowestRealness: Float?
        /// The judged frames' embeddings, weighted by quality.
        var fusion = FusedProbe()
    }

    private var tracker = FaceTracker()
    private var motion: FaceMotion
    private var states: [Int: TrackState] = [:]
    private var inMultiFaceEpisode = false
    private var shownPrompt: Prompt?
    private var someoneThere = false
    public let required: Int
    public let window: Int
    public let timing: Timing
    /// Largest `FaceGeometry.turn` still judged; beyond it the face is turned away.
    public let maximumTurn: Float
    public var stillPixels: Float { motion.stillPixels }
    public let challenge: LivenessChallenge.Settings
    /// Draws a challenge's plan; the system's random numbers unless a test fixes them.
    public var drawPlan: @Sendable (LivenessChallenge.Settings) -> LivenessChallenge.Plan = {
        var generator = SystemRandomNumberGenerator()
        return LivenessChallenge.Plan.draw(from: $0.instructions, steps: $0.steps, using: &generator)
    }
    /// Each resident's failed challenges (R21).
    public private(set) var failures: ChallengeFailures

    public init(
        required: Int = 2, window: Int = 3, timing: Timing = Timing(), maximumTurn: Float = 0.35, stillPixels: Float,
        challenge: LivenessChallenge.Settings = LivenessChallenge.Settings()
    ) {
        self.required = required
        self.window = window
        self.timing = timing
        self.maximumTurn = maximumTurn
        self.challenge = challenge
        failures = ChallengeFailures(limit: challenge.tries)
        motion = FaceMotion(window: window, stillPixels: stillPixels)
    }

    /// Step one, per frame: the qualifying faces (close enough, in the zone),
    /// and whether a face too small to qualify is in view (someone approaching).
    public mutating func plan(_ qualifying: [FaceGeometry], approaching: Bool = false, at now: Double) -> (plan: Plan, events: [Event]) {
        let (ids, ended) = tracker.update(qualifying, at: now)
        var events: [Event] = []
        for track in ended {
            if let state = states[track], case .challenged(_, let subject) = state.phase {
                events += failed(subject, "the face left before answering", best: state.best, at: now)
            }
            motion.forget(track: track)
            states[track] = nil
        }
        events += tickChallenges(present: qualifying.count == 1 ? ids[0] : nil, at: now)
        if qualifying.count > 1 {
            states = states.filter { if case .judging = $0.value.phase { false } else { true } }
            if !inMultiFaceEpisode { events.append(.multipleFaces) }
            inMultiFaceEpisode = true
            someoneThere = true
            shownPrompt = nil
            return (.multipleFaces, events)
        }
        inMultiFaceEpisode = false
        guard qualifying.count == 1 else {
            if approaching {
                ask(.stepCloser, &events)
            } else {
                if someoneThere || shownPrompt != nil { events.append(.nobody) }
                shownPrompt = nil
            }
            someoneThere = false
            return (.nothing, events)
        }
        someoneThere = true
        let track = ids[0]
        if let turn = qualifying[0].turn, abs(turn) > maximumTurn, states[track].map(Self.isJudging) ?? true {
            ask(.lookAtCamera, &events)
            return (.nothing, events)
        }
        shownPrompt = nil
        guard var state = states[track] else {
            states[track] = fresh(at: now)
            events.append(.verifying)
            return (.judge(track: track), events)
        }
        switch state.phase {
        case .judging:
            return (.judge(track: track), events)
        case .confirmed(let checked):
            return (now - checked >= timing.recheck ? .recheck(track: track) : .nothing, events)
        case .challenged(let challenge, _):
            return (.answer(track: track, compare: challenge.wantsResemblance(at: now)), events)
        case .refused(let at, let checked):
            if now - at >= timing.retry || now < at {
                let reference = state.reference
                state = fresh(at: now)
                state.reference = reference
                states[track] = state
                events.append(.verifying)
                return (.judge(track: track), events)
            }
            return (now - checked >= timing.recheck ? .recheck(track: track) : .nothing, events)
        }
    }

    /// Step two, for a face to judge: what its motion since the last judged frame shows (R21).
    public mutating func observe(track: Int, face: FaceGeometry) -> MotionFinding {
        motion.observe(track: track, face: face)
    }

    /// Step three: the face's embedding in this frame and, when it was
    /// judged, what it matched (and its best score). A face that no longer
    /// resembles the track's becomes a new track, judged from the next frame.
    /// `realness` is the frame's passive liveness score when it was computed.
    public mutating func record(
        track: Int, face: FaceGeometry, embedding: [Float], verdict: FrameVerdict?, score: Float?, realness: Float? = nil, at now: Double
    ) -> [Event] {
        guard var state = states[track] else { return [] }
        if let reference = state.reference, Self.cosine(reference, embedding) < timing.sameFace {
            let renewed = tracker.renew(track)
            motion.forget(track: track)
            states[track] = nil
            var newcomer = fresh(at: now)
            newcomer.reference = embedding
            states[renewed] = newcomer
            _ = motion.observe(track: renewed, face: face)
            return [.verifying]
        }
        state.reference = embedding
        defer { states[track] = state }
        switch state.phase {
        case .confirmed:
            state.phase = .confirmed(checked: now)
            return []
        case .refused(let at, _):
            state.phase = .refused(at: at, checked: now)
            return []
        case .challenged:
            return []
        case .judging(let since):
            guard let verdict else { return [] }
            if let score { state.best = max(state.best ?? -1, score) }
            if let realness { state.lowestRealness = min(state.lowestRealness ?? realness, realness) }
            guard let outcome = state.window.add(verdict) else { return [] }
            if case .confirmed(let subject) = outcome {
                if failures.isPaused(subject, at: now) {
                    state.phase = .refused(at: now, checked: now)
                    return [.facePaused(subject: subject, started: false, seconds: failures.remainingPause(of: subject, at: now))]
                }
                if LivenessChallenge.isNeeded(challenge.mode, lowestRealness: state.lowestRealness, sure: challenge.sure),
                    !challenge.instructions.isEmpty
                {
                    let started = LivenessChallenge(drawPlan(challenge), face: face, at: now, limits: challenge.limits)
                    state.phase = .challenged(started, subject: subject)
                    return [.challenge(started.ask)]
                }
                state.phase = .confirmed(checked: now)
                return [.confirmed(subject: subject, score: state.best ?? 0)]
            }
            guard now - since >= timing.settle else { return [] }
            state.phase = .refused(at: now, checked: now)
            let best = state.best
            switch outcome {
            case .confirmed: return []
            case .unknown: return [.unknown(bestScore: best)]
            case .ambiguous: return [.ambiguous(bestScore: best)]
            case .notLive(let subject, let reason): return [.notLive(subject: subject, reason: reason, bestScore: best)]
            }
        }
    }

    /// Adds a judged frame of `track` to its fused probe (`FusedProbe`) and
    /// returns the probe once it holds two frames or more, to be searched as
    /// well as the frame itself: the frames a resident has shown add up.
    public mutating func fuse(track: Int, embedding: [Float], quality: Float) -> [Float]? {
        guard var state = states[track], case .judging = state.phase else { return nil }
        state.fusion.add(embedding, quality: quality)
        states[track] = state
        return state.fusion.frames >= 2 ? state.fusion.probe : nil
    }

    /// Step three while a challenge is under way: the face in this frame and,
    /// when it was embedded, its cosine to the resident. An answer confirms
    /// the resident; a wrong or missing one reports the face not live.
    public mutating func answer(track: Int, face: FaceGeometry, resemblance: Float?, at now: Double) -> [Event] {
        guard var state = states[track], case .challenged(var challenge, let subject) = state.phase else { return [] }
        defer { states[track] = state }
        let shown = challenge.ask
        switch challenge.observe(face, resemblance: resemblance, at: now) {
        case .waiting:
            state.phase = .challenged(challenge, subject: subject)
            return challenge.ask == shown ? [] : [.challenge(challenge.ask)]
        case .answered:
            state.phase = .confirmed(checked: now)
            return [.confirmed(subject: subject, score: state.best ?? 0, answered: challenge.plan.steps)]
        case .failed(let reason):
            state.phase = .refused(at: now, checked: now)
            return failed(subject, reason, best: state.best, at: now)
        }
    }

    /// A failed challenge: the face is not live, and it counts towards the resident's limit.
    private mutating func failed(_ subject: String, _ reason: String, best: Float?, at now: Double) -> [Event] {
        let notLive = Event.notLive(subject: subject, reason: "liveness challenge: \(reason)", bestScore: best)
        guard failures.record(subject, at: now) else { return [notLive] }
        return [notLive, .facePaused(subject: subject, started: true, seconds: failures.remainingPause(of: subject, at: now))]
    }

    /// How much a frame's search result says the face resembles the resident
    /// the track's challenge is about: the resident's score when among the
    /// two best, else 0; nil when no challenge is under way.
    public func resemblance(in result: MatchResult, track: Int) -> Float? {
        guard let state = states[track], case .challenged(_, let subject) = state.phase else { return nil }
        return [result.best, result.second].compactMap { $0 }.first { $0.subject == subject }?.score ?? 0
    }

    /// Challenges whose face is not in this frame: they time out, or fail once the face is gone too long.
    private mutating func tickChallenges(present: Int?, at now: Double) -> [Event] {
        var events: [Event] = []
        for (track, state) in states where track != present {
            guard case .challenged(var challenge, let subject) = state.phase else { continue }
            if case .failed(let reason) = challenge.observe(nil, resemblance: nil, at: now) {
                states[track]?.phase = .refused(at: now, checked: now)
                events += failed(subject, reason, best: state.best, at: now)
            } else {
                states[track]?.phase = .challenged(challenge, subject: subject)
            }
        }
        return events
    }

    private func fresh(at now: Double) -> TrackState {
        TrackState(phase: .judging(since: now), window: Confirmation(required: required, window: window))
    }

    private mutating func ask(_ prompt: Prompt, _ events: inout [Event]) {
        if shownPrompt != prompt { events.append(.prompt(prompt)) }
        shownPrompt = prompt
    }

    private static func isJudging(_ state: TrackState) -> Bool {
        if case .judging = state.phase { true } else { false }
    }

    static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        var dot: Float = 0, aa: Float = 0, bb: Float = 0
        for index in 0..<min(a.count, b.count) {
            dot += a[index] * b[index]
            aa += a[index] * a[index]
            bb += b[index] * b[index]
        }
        return aa > 0 && bb > 0 ? dot / (aa * bb).squareRoot() : 0
    }
}
