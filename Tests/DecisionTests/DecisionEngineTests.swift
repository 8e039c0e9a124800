import Decision
import Testing

/// The decision engine as a pure state machine, on a synthetic clock: the
/// sliding N-of-M window, time-based retries and re-checks, tracks that
/// follow people rather than places, one person at a time, and the prompts
/// for a face that cannot be judged.
@Suite struct DecisionEngineTests {
    static let face = FaceGeometry(x: 100, y: 100, width: 120, height: 140, landmarks: landmarks(x: 100, y: 100, size: 120))
    static let otherFace = FaceGeometry(x: 400, y: 90, width: 110, height: 130)
    /// Two people, as the embedder would tell them apart (cosine 0 between them).
    static let resident: [Float] = [1, 0, 0, 0]
    static let stranger: [Float] = [0, 1, 0, 0]

    static func landmarks(x: Float, y: Float, size: Float, nose: Float = 0.5) -> [FaceGeometry.Point] {
        [(0.3, 0.4), (0.7, 0.4), (nose, 0.6), (0.35, 0.8), (0.65, 0.8)].map { FaceGeometry.Point(x: x + $0.0 * size, y: y + $0.1 * size) }
    }

    /// A camera at `fps`: each frame shows `face` (or nobody) with the
    /// person's embedding and the verdict the matcher would give.
    struct Camera {
        var engine: DecisionEngine
        var now = 0.0
        let fps: Double
        var events: [DecisionEngine.Event] = []
        var judged = 0
        var rechecked = 0

        init(engine: DecisionEngine = DecisionEngine(stillPixels: 0), fps: Double = 10) {
            self.engine = engine
            self.fps = fps
        }

        mutating func frame(_ person: [Float]?, _ verdict: FrameVerdict = .unknown, face: FaceGeometry = DecisionEngineTests.face) {
            now += 1 / fps
            let (plan, planned) = engine.plan(person == nil ? [] : [face], at: now)
            events += planned
            guard let person else { return }
            switch plan {
            case .judge(let track):
                judged += 1
                events += engine.record(track: track, face: face, embedding: person, verdict: verdict, score: 0.6, at: now)
            case .recheck(let track):
                rechecked += 1
                events += engine.record(track: track, face: face, embedding: person, verdict: nil, score: nil, at: now)
            case .answer(let track, let compare):
                events += engine.answer(track: track, face: face, resemblance: compare ? 1 : nil, at: now)
            case .nothing, .multipleFaces:
                break
            }
        }

        mutating func frames(_ count: Int, _ person: [Float]?, _ verdict: FrameVerdict = .unknown) {
            for _ in 0..<count { frame(person, verdict) }
        }

        /// Frames until the clock reaches `time` seconds.
        mutating func run(until time: Double, _ person: [Float]?, _ verdict: FrameVerdict = .unknown) {
            while now + 1 / fps <= time + 1e-9 { frame(person, verdict) }
        }

        var openings: [String] { events.compactMap { if case .confirmed(let subject, _, _) = $0 { subject } else { nil } } }
        var refusals: Int { events.filter { if case .unknown = $0 { true } else { false } }.count }
    }

    @Test func twoOfThreeFramesOnTheSameResidentConfirm_R21() {
        var camera = Camera()
        camera.frames(2, Self.resident, .match("s-a"))
        #expect(camera.events == [.verifying, .confirmed(subject: "s-a", score: 0.6)])

        var split = Camera()
        for verdict in [FrameVerdict.match("s-a"), .match("s-b"), .unknown, .match("s-b"), .match("s-a")] {
            split.frame(Self.resident, verdict)
        }
        #expect(split.openings == ["s-b"], "different residents never add up; the window slides to s-b's two of three")
    }

    @Test func aResidentWhosePoorFirstFramesAreUnknownIsStillLetIn() {
        var camera = Camera()
        camera.frames(5, Self.resident, .unknown)
        camera.frames(2, Self.resident, .match("s-a"))
        #expect(camera.openings == ["s-a"])
        #expect(camera.refusals == 0, "nothing is called unknown within the first second")
    }

    @Test func anUnknownFaceIsReportedAfterTheSettleTimeAndRetriedAfterTheRetryTime() {
        for fps in [4.0, 10, 25] {
            var camera = Camera(fps: fps)
            camera.run(until: 0.9, Self.stranger)
            #expect(camera.refusals == 0, "\(fps) fps: not before a second of judging")
            camera.run(until: 1.5, Self.stranger)
            #expect(camera.refusals == 1, "\(fps) fps: one 'not recognised' after a second")
            let judgedBefore = camera.judged
            camera.run(until: 3.0, Self.stranger)
            #expect(camera.judged == judgedBefore, "\(fps) fps: no judging while waiting to retry")
            #expect(camera.rechecked >= 3, "\(fps) fps: but re-checked a few times a second")
            camera.run(until: 4.5, Self.stranger)
            #expect(camera.refusals == 2, "\(fps) fps: judged again after the retry time, in time, not frames")
        }
    }

    @Test func aConfirmedFaceIsNotJudgedAgainButRecheckedAtABoundedRate() {
        var camera = Camera()
        camera.frames(2, Self.resident, .match("s-a"))
        camera.frames(100, Self.resident, .match("s-a"))
        #expect(camera.openings == ["s-a"], "one opening while the resident stays")
        #expect(camera.judged == 2)
        #expect((20...26).contains(camera.rechecked), "re-embedded every 0.4 s over 10 s: \(camera.rechecked)")
    }

    /// At a turnstile the next person stands where the last one stood: box
    /// overlap alone would carry the decision over.
    @Test func aResidentBehindARefusedStrangerGetsInAndAStrangerBehindAResidentDoesNot_R15() {
        var queue = Camera()
        queue.frames(15, Self.stranger)
        #expect(queue.refusals == 1)
        queue.frames(8, Self.resident, .match("s-a"))
        #expect(queue.openings == ["s-a"], "the resident is judged as a new face within 0.8 s: \(queue.events)")

        var behind = Camera()
        behind.frames(3, Self.resident, .match("s-a"))
        behind.frames(15, Self.stranger, .unknown)
        #expect(behind.openings == ["s-a"], "the stranger inherits nothing")
        #expect(behind.refusals == 1, "the stranger is judged and refused: \(behind.events)")
        #expect(behind.events.filter { $0 == .verifying }.count == 2)
    }

    @Test func twoQualifyingFacesNeverOpenAndAreReportedOncePerEpisode_R22() {
        var engine = DecisionEngine(stillPixels: 0)
        _ = engine.plan([Self.face], at: 0)
        var events: [DecisionEngine.Event] = []
        for frame in 1...10 {
            let (plan, planned) = engine.plan([Self.face, Self.otherFace], at: Double(frame) / 10)
            #expect(plan == .multipleFaces)
            events += planned
        }
        #expect(events == [.multipleFaces])
        guard case .judge = engine.plan([Self.face], at: 1.1).plan else {
            Issue.record("one face again is judged afresh")
            return
        }
    }

    @Test func aFaceTooSmallOrTurnedIsAskedToComeCloserOrLookAndNeverJudged_R15() {
        var engine = DecisionEngine(stillPixels: 0)
        var events: [DecisionEngine.Event] = []
        for frame in 1...5 {
            let (plan, planned) = engine.plan([], approaching: true, at: Double(frame) / 10)
            #expect(plan == .nothing)
            events += planned
        }
        #expect(events == [.prompt(.stepCloser)], "asked once, not every frame")
        let turned = FaceGeometry(x: 100, y: 100, width: 120, height: 140, landmarks: Self.landmarks(x: 100, y: 100, size: 120, nose: 0.72))
        let (plan, planned) = engine.plan([turned], at: 0.6)
        #expect(plan == .nothing && planned == [.prompt(.lookAtCamera)])
        #expect(turned.turn! > engine.maximumTurn && abs(Self.face.turn!) < 0.01)
        let (facing, again) = engine.plan([Self.face], at: 0.7)
        #expect(facing != .nothing && again == [.verifying], "facing the camera, the face is judged")
        #expect(engine.plan([], at: 1.5).events == [.nobody])
    }

    @Test func aFaceThatLeavesIsForgottenAfterThePatience_R15() {
        var tracker = FaceTracker(patience: 0.5)
        let first = tracker.update([Self.face], at: 0).ids[0]
        #expect(tracker.update([], at: 0.4).ended.isEmpty, "a missed detection or two is not leaving")
        #expect(tracker.update([], at: 0.6).ended == [first])
        #expect(tracker.tracks.isEmpty)
        #expect(tracker.update([Self.face], at: 0.7).ids[0] != first, "a returning face is a new, unrelated track")
    }

    /// Frames in between may be missing (an idle scene is not searched, a
    /// camera reconnects): a face where a long-gone one stood is a new person.
    @Test func aFaceAtTheSpotOfOneLastSeenLongerAgoThanThePatienceIsANewTrack_R15() {
        var tracker = FaceTracker(patience: 0.5)
        let first = tracker.update([Self.face], at: 0).ids[0]
        let (ids, ended) = tracker.update([Self.face], at: 1.2)
        #expect(ended == [first], "the old track is forgotten")
        #expect(ids.count == 1 && ids[0] != first, "and the face at its place is judged afresh")
    }

    /// A loaded or slow box looks at a frame only every 0.7 s, longer than
    /// the patience: after its first two looks it keeps the face's track
    /// (else nobody could be confirmed over several frames, nor answer a
    /// challenge), and still forgets a face gone for two of its looks.
    @Test func onABoxThatLooksLessOftenThanThePatienceAFaceKeepsItsTrack_R15() {
        var tracker = FaceTracker(patience: 0.5)
        _ = tracker.update([Self.face], at: 0)
        let kept = tracker.update([Self.face], at: 0.7).ids[0]
        for look in 2...6 {
            let (ids, ended) = tracker.update([Self.face], at: 0.7 * Double(look))
            #expect(ids == [kept] && ended.isEmpty, "look \(look): the same face keeps its track (allowance \(tracker.allowance) s)")
        }
        #expect(tracker.allowance > 1.3 && tracker.allowance <= FaceTracker.longestAllowance)
        #expect(tracker.update([], at: 0.7 * 7).ended.isEmpty, "one look without the face is not leaving")
        #expect(tracker.update([], at: 0.7 * 9).ended == [kept], "gone for longer than two looks: forgotten")

        var quick = FaceTracker(patience: 0.5)
        for frame in 0...30 { _ = quick.update([Self.face], at: Double(frame) / 15) }
        #expect(quick.allowance == 0.5, "a box that looks 15 times a second keeps the patience")
        #expect(quick.update([Self.face], at: 2 + 0.6).ended.count == 1, "and a face unseen for 0.6 s there is someone new")
    }

    @Test func theTrackerFollowsAMovingFaceSeparatesTwoAndRenewsAPlace() {
        var tracker = FaceTracker()
        let id = tracker.update([Self.face], at: 0).ids[0]
        let moved = FaceGeometry(x: 110, y: 105, width: 120, height: 140)
        #expect(tracker.update([moved], at: 0.1).ids == [id])
        let both = tracker.update([moved, Self.otherFace], at: 0.2).ids
        #expect(both[0] == id && both[1] != id)
        let renewed = tracker.renew(id)
        #expect(renewed != id && !both.contains(renewed))
        #expect(tracker.update([moved], at: 0.3).ids == [renewed])
    }
}
