import Audit
import Config
import Decision
import FaceVision
import Foundation
import Gallery
import GalleryIndex
import Gate
import Kiosk
import Locking
import Logging
import Matcher
import Policy
import Prometheus

extension GateService {
    /// The vision thread: newest frame → faces → decision events → gate,
    /// plus the once-a-second housekeeping and the systemd watchdog.
    func processingLoop() {
        var housekeepingState = HousekeepingState()
        var lastHousekeeping = Date.distantPast
        var lastFrame = Date()
        var engine = makeEngine()
        var schedule = DetectionSchedule()
        var threshold: Float?
        while !stopping.withLock({ $0 }) {
            let now = Date()
            if now.timeIntervalSince(lastHousekeeping) >= 1 {
                lastHousekeeping = now
                notify("WATCHDOG=1")
                housekeeping(&housekeepingState)
                let (decision, liveness) = settings.withLock { ($0.gate.decision, $0.gate.liveness) }
                if decision.confirmFrames != engine.required || decision.windowFrames != engine.window
                    || Float(liveness.stillPixels) != engine.stillPixels || decision.retrySeconds != engine.timing.retry
                    || liveness.challenge != engine.challenge
                {
                    engine = makeEngine()
                }
            }
            let timeout = settings.withLock { $0.gate.camera.frameTimeoutSeconds }
            guard let (frame, capturedAt) = capture.frames.take(timeout: 0.2) else {
                if Date().timeIntervalSince(lastFrame) > timeout {
                    let problem = capture.problem ?? "no frames for \(String(format: "%.1f", timeout)) s"
                    if health.withLock({ $0.camera }) == nil {
                        health.withLock { $0.camera = "camera unavailable: \(problem)" }
                        telemetry.cameraUp.set(to: 0)
                        updateMode()
                    }
                }
                continue
            }
            lastFrame = Date()
            telemetry.frames.increment()
            if health.withLock({ $0.camera }) != nil {
                health.withLock { $0.camera = nil }
                telemetry.cameraUp.set(to: 1)
                updateMode()
            }
            guard currentMode().allowsFace, let stage = vision.withLock({ $0 }), let index = galleryIndex.withLock({ $0 }) else {
                continue
            }
            // Never decide on a picture of someone who may have left.
            let maxAge = settings.withLock { $0.gate.camera.maxFrameAgeSeconds }
            if let capturedAt, Self.seconds(.now - capturedAt) > maxAge {
                telemetry.staleFrames.increment()
                continue
            }
            do {
                let thumbnail = try frame.greyThumbnail(width: 80, height: max(1, 80 * frame.height / max(1, frame.width)))
                guard schedule.wantsSearch(thumbnail, at: Self.seconds(.now - clockOrigin)) else {
                    telemetry.frameNotSearched()
                    continue
                }
                let rule = matchingRule(for: index, previous: &threshold)
                let facesFound = try process(frame, stage: stage, index: index, rule: rule, engine: &engine)
                schedule.searched(foundFace: facesFound > 0)
            } catch {
                log.error("frame failed", metadata: ["error": "\(error)"])
            }
        }
    }

    func makeEngine() -> DecisionEngine {
        let (decision, liveness) = settings.withLock { ($0.gate.decision, $0.gate.liveness) }
        return DecisionEngine(
            required: decision.confirmFrames, window: decision.windowFrames,
            timing: DecisionEngine.Timing(retry: decision.retrySeconds), stillPixels: Float(liveness.stillPixels),
            challenge: liveness.challenge)
    }

    /// The rule in force for the residents searchable now: the threshold
    /// follows the gallery as residents are enrolled and withdrawn, unless
    /// the site fixes it; each change is logged.
    func matchingRule(for index: GalleryIndex, previous: inout Float?) -> DecisionRule {
        let residents = index.matcher.snapshot.templateCount
        let (matching, rule) = settings.withLock { ($0.matching, $0.matching.rule(residents: residents)) }
        if rule.threshold != previous {
            previous = rule.threshold
            log.notice(
                "matching threshold",
                metadata: [
                    "threshold": "\(rule.threshold)", "residents": "\(residents)",
                    "from": "\(matching.fixedThreshold == nil ? "stranger_risk \(matching.strangerRisk)" : "matcher.threshold")",
                ])
        }
        return rule
    }

    /// Judges one frame and acts on it; how many faces the detector found.
    private func process(_ frame: Image, stage: VisionStage, index: GalleryIndex, rule: DecisionRule, engine: inout DecisionEngine) throws -> Int {
        let started = ContinuousClock.now
        let liveness = settings.withLock { LivenessRule($0.gate.liveness) }
        let judged = try stage.judge(
            frame, at: Self.seconds(started - clockOrigin), engine: &engine, rule: rule, liveness: liveness,
            search: { try index.search($0) }, timed: record)
        for event in judged.planned { handle(event) }
        for event in judged.decided { handle(event, decidedAt: started) }
        return judged.facesFound
    }

    /// Per-stage timings into the metrics.
    private func record(_ stage: VisionStage.Step, _ duration: Duration) {
        switch stage {
        case .detect: telemetry.detect.record(duration)
        case .embed: telemetry.embed.record(duration)
        case .match: telemetry.match.record(duration)
        case .liveness: telemetry.liveness.record(duration)
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    private func handle(_ event: DecisionEngine.Event, decidedAt started: ContinuousClock.Instant = .now) {
        switch event {
        case .verifying:
            events.show(.verifying)
        case .challenge(let ask):
            events.show(Self.screen(for: ask))
            if case .instruction(let instruction) = ask {
                log.info("liveness challenge", metadata: ["instruction": "\(instruction.rawValue)"])
            }
        case .nobody:
            let prompts = [KioskState.verifying, .stepCloser, .lookAtCamera].map(\.rawValue)
            if prompts.contains(events.current.state) { events.show(.idle) }
        case .prompt(.stepCloser):
            events.show(.stepCloser)
        case .prompt(.lookAtCamera):
            events.show(.lookAtCamera)
        case .multipleFaces:
            events.show(.onePersonAtATime)
            decided("multi-face", AuditEvent(.multiFace, gate: gateID, reason: "more than one person in front of the camera; nobody let in"))
        case .unknown(let best):
            events.show(.notRecognised)
            decided("unknown", AuditEvent(.unknown, gate: gateID, scoreBand: best.map(ScoreBand.of), reason: "not recognised"))
        case .ambiguous(let best):
            events.show(.notRecognised)
            decided(
                "ambiguous", AuditEvent(.ambiguous, gate: gateID, scoreBand: best.map(ScoreBand.of), reason: "two residents too alike to tell apart"))
        case .notLive(let subject, let reason, let best):
            spoofSuspected(subject, score: best, reason: reason)
        case .confirmed(let subject, let score, let answered):
            admit(subject, score: score, answered: answered, decidedAt: started)
        case .facePaused(let subject, let started, let seconds):
            events.show(.facePaused)
            let limit = settings.withLock { $0.gate.liveness.challenge.tries }
            if started {
                let reason =
                    "\(limit.failures) failed liveness challenges within \(Self.minutes(limit.windowSeconds)) min; face entry paused for this resident "
                    + "for \(Self.minutes(seconds)) min\(seconds > limit.pauseSeconds ? ", longer as the last pause ended under \(Self.minutes(limit.memorySeconds) / 60) h ago" : "")"
                    + " (card, PIN, QR and the guard still work)"
                decided("face-paused", AuditEvent(.facePaused, gate: gateID, pseudonym: subject, reason: reason))
            } else {
                let reason = "face entry paused after failed liveness challenges; \(Self.minutes(seconds)) min left"
                decided("refused", AuditEvent(.matchRefused, gate: gateID, pseudonym: subject, reason: reason))
            }
        }
    }

    /// Whole minutes, rounded up, as the audit and the screen state them.
    static func minutes(_ seconds: Double) -> Int { Int((seconds / 60).rounded(.up)) }

    /// The last checks (still enrolled? expired? minor? cooling down?) and the pulse.
    /// The gate screen that shows what a challenge asks, with its arrow (R21).
    static func screen(for ask: LivenessChallenge.Ask) -> KioskState {
        switch ask {
        case .holdStill: .challengeHoldStill
        case .instruction(.turnLeft): .challengeTurnLeft
        case .instruction(.turnRight): .challengeTurnRight
        case .instruction(.lookUp): .challengeLookUp
        case .instruction(.lookDown): .challengeLookDown
        case .instruction(.comeCloser): .challengeComeCloser
        }
    }

    /// `answered` are the instructions the face followed, if it was challenged (R21).
    private func admit(_ subject: String, score: Float, answered: [LivenessChallenge.Instruction], decidedAt started: ContinuousClock.Instant) {
        guard let index = galleryIndex.withLock({ $0 }) else { return }
        let standing = (try? index.gallery.standing(of: subject)).flatMap { $0 }.map {
            SubjectStanding(active: $0.active, expires: $0.expires, isMinor: $0.isMinor)
        }
        let mode = currentMode()
        let verdict = gatePolicy.withLock { $0.decide(subject, standing: standing, mode: mode, now: Date()) }
        let confirmation =
            settings.withLock { "\($0.gate.decision.confirmFrames) of \($0.gate.decision.windowFrames) frames" }
            + (answered.isEmpty ? "" : "; answered the liveness challenge to \(answered.map(\.phrase).joined(separator: ", then "))")
        switch verdict {
        case .coolingDown:
            return
        case .refuse(let reason):
            events.show(.notRecognised)
            decided("refused", AuditEvent(.matchRefused, gate: gateID, pseudonym: subject, scoreBand: ScoreBand.of(score), reason: reason))
        case .open:
            let liveness = settings.withLock { $0.gate.liveness }
            let rule = LivenessRule(liveness)
            let answer = rule.usesSensor ? blocking { await self.askSensor(liveness) } : nil
            if let reason = rule.decision(sensor: answer) {
                gatePolicy.withLock { $0.withdrawOpening(for: subject) }
                spoofSuspected(subject, score: score, reason: reason)
                return
            }
            // Audited before the pulse: a crash between the two never leaves
            // an opening unaudited (an actuator error follows if it fails).
            let opening = AuditEvent(
                .match, gate: gateID, pseudonym: subject, scoreBand: ScoreBand.of(score), reason: "gate told to open; \(confirmation)")
            audit(opening)
            let outcome = blocking { await self.gate.open() }
            telemetry.decisionToGate.record(ContinuousClock.now - started)
            switch outcome {
            case .success:
                let greetingMode = settings.withLock { $0.gate.kiosk.greeting }
                let identity = greetingMode == .none ? nil : (try? index.gallery.identity(of: subject)) ?? nil
                let greeting = identity.flatMap { greetingMode.shown(name: $0.name, unit: $0.unit) }
                events.show(.welcome, greeting: greeting)
                reported("match", opening)
            case .failure(let error):
                events.show(.gateError)
                decided(
                    "actuator-error", AuditEvent(.actuatorError, gate: gateID, pseudonym: subject, scoreBand: ScoreBand.of(score), reason: "\(error)")
                )
            }
        }
    }

    /// R21: a matched face judged not live. Nobody is let in, the screen asks
    /// for the real face or an alternative, and the audit keeps who was
    /// presented and why (no image).
    private func spoofSuspected(_ subject: String, score: Float?, reason: String) {
        events.show(.spoofSuspected)
        decided("spoof-suspected", AuditEvent(.spoofSuspected, gate: gateID, pseudonym: subject, scoreBand: score.map(ScoreBand.of), reason: reason))
    }

    /// The site's hardware liveness sensor's answer for the decision under way.
    private func askSensor(_ settings: GateSettings.Liveness) async -> Result<Bool, GateError> {
        let timeout = Duration.milliseconds(Int(settings.sensorTimeoutSeconds * 1000))
        let kind: LivenessSensor.Kind
        switch settings.sensor {
        case .command(let command)?: kind = .command(command)
        case .http(let url)?:
            guard let address = URL(string: url) else { return .failure(GateError("'liveness.sensor.url' is not a URL")) }
            kind = .http(address)
        case nil: return .failure(GateError("no liveness sensor configured"))
        }
        do {
            return .success(try await LivenessSensor(kind: kind, timeout: timeout, gate: gateID).isLive())
        } catch {
            return .failure(error)
        }
    }

    /// Runs async work from the vision thread and waits for it, at high
    /// priority: the kiosk's HTTP handlers share the cooperative pool, and a
    /// flood of requests must not queue in front of a resident's opening.
    func blocking<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
        let result = Locked<T?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task(priority: .high) {
            let value = await work()
            result.withLock { $0 = value }
            done.signal()
        }
        done.wait()
        return result.withLock { $0! }
    }
}
