import Audit
internal import CDaemonSupport
import Config
import Decision
public import Estate
import Events
import FaceVision
import Foundation
import Gallery
import GalleryIndex
public import Gate
public import Kiosk
import Locking
public import Logging
import Matcher
import Policy
import Prometheus
public import ServiceLifecycle
import UnixSignals

/// `facegate run`: watches the camera at one gate and opens it for
/// consented residents — never for strangers, never as the only way in —
/// and audits every decision.
///
/// Two threads do the seeing (capture, and detect → track → embed → match →
/// decide), because OpenCV calls block; everything else is async. When the
/// camera, the models, the gallery or the impact assessment fail, the
/// daemon keeps running in alternative-only mode and keeps trying to recover.
public final class GateService: Service, KioskBackend, @unchecked Sendable {
    // @unchecked: mutable state is in `Locked` boxes; the rest is set in init.
    let log: Logger
    let configPath: String
    let modelsPath: String?
    public let events: KioskEvents
    let telemetry = DaemonMetrics()
    /// Zero of the decision engine's clock (monotonic, so a clock set back changes nothing).
    let clockOrigin = ContinuousClock.now
    let gate: GateController
    let capture: any FrameFeed
    let settings: Locked<FacegateConfig>
    let galleryIndex = Locked<GalleryIndex?>(nil)
    let vision = Locked<VisionStage?>(nil)
    let health = Locked(OperatingMode.Health(camera: "waiting for the first camera frame"))
    let mode = Locked<OperatingMode>(.alternativeOnly(["starting"]))
    let gatePolicy: Locked<GatePolicy>
    let pinPad: Locked<PINLockout>
    let refusals = Locked(RefusalThrottle())
    /// Wrong controller tokens, braked like wrong PINs.
    let tokenPad = Locked(PINLockout(attempts: 5, lockout: .seconds(60)))
    let stopping = Locked(false)
    let reloadRequested = Locked(false)
    /// The link to the estate database, for a gate of an estate.
    let estate: EstateStatus?
    /// The estate platform's broker and webhook (`[events]`), fed without waiting.
    let publisher: EventPublisher
    private let finished = DispatchSemaphore(value: 0)

    /// Reads the config, refuses what may never run (R1, R17), switches core
    /// dumps off (R8), and loads what it can; what fails is retried later.
    /// `feed` and `actuator` replace the configured camera and gate (for
    /// `facegate bench e2e`); `estate` is the link's status at a gate of an estate.
    public init(
        configPath: String, modelsPath: String?, log: Logger, feed: (any FrameFeed)? = nil, actuator: (any GateActuator)? = nil,
        estate: EstateStatus? = nil
    ) throws {
        let config = try FacegateConfig.load(configPath)
        try StartupPolicy.check(alternatives: config.alternatives, placement: config.site.placement)
        // R8: no frame or template may end up in a crash dump; a daemon that
        // cannot promise that does not start.
        let dumps = fg_disable_core_dumps()
        guard dumps == 0 else {
            throw StartupRefusal(requirement: "R8", message: "cannot switch core dumps off: \(String(cString: strerror(-dumps)))")
        }
        self.log = log
        self.configPath = configPath
        self.modelsPath = modelsPath
        self.estate = estate
        settings = Locked(config)
        gate = GateController(actuator: try actuator ?? Self.actuator(config.gate, gate: config.site.gateID))
        events = KioskEvents(site: KioskSite(config))
        publisher = EventPublisher(config.events, gate: config.site.gateID, log: log)
        capture = feed ?? CaptureLoop(camera: config.gate.camera, limits: .standard, log: log)
        gatePolicy = Locked(GatePolicy(minorsEnabled: config.enrollment.minorsEnabled, cooldown: config.gate.decision.cooldownSeconds))
        pinPad = Locked(PINLockout(attempts: config.gate.kiosk.pinAttempts, lockout: .seconds(config.gate.kiosk.pinLockoutSeconds)))
        openGallery()
        loadModels()
        checkAssessment()
        audit(AuditEvent(.startup, gate: config.site.gateID, reason: "facegate started; \(currentMode())"))
    }

    static func actuator(_ settings: GateSettings, gate: String) throws -> any GateActuator {
        let pulse = Duration.milliseconds(Int(settings.pulseSeconds * 1000))
        switch settings.actuator {
        case .exec(let command, let timeout):
            guard !command.isEmpty else { throw ConfigError("'gate.exec.command' must name the program that opens the gate") }
            return ExecActuator(command: command, timeout: .milliseconds(Int(timeout * 1000)), pulse: pulse, gate: gate)
        case .http(let url, let timeout, let retries):
            guard let address = URL(string: url) else { throw ConfigError("'gate.http.url' is not a URL") }
            return HTTPActuator(url: address, timeout: .milliseconds(Int(timeout * 1000)), retries: retries, pulse: pulse, gate: gate)
        case .gpio(let chip, let line, let activeLow):
            return GPIOActuator(
                line: try CharacterDeviceLine(chip: chip, line: line, activeLow: activeLow),
                pulseLength: pulse, name: "gpio \(chip) line \(line)")
        }
    }

    /// Runs until a graceful shutdown (SIGTERM): capture and vision threads,
    /// SIGHUP for reloads. The decision under way is finished first.
    public func run() async throws {
        publisher.start()
        publisher.publish(.mode(gate: gateID, faceEntry: currentMode().allowsFace))
        capture.start()
        let thread = Thread { [self] in
            processingLoop()
            finished.signal()
        }
        thread.name = "facegate-vision"
        thread.start()
        let hangups = await UnixSignalsSequence(trapping: UnixSignal.sighup)
        await withGracefulShutdownHandler {
            for await _ in hangups.cancelOnGracefulShutdown() {
                reloadRequested.withLock { $0 = true }
            }
        } onGracefulShutdown: { [self] in
            stopping.withLock { $0 = true }
            capture.stop()
        }
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { [finished] in
                finished.wait()
                continuation.resume()
            }
        }
        auditHeldRefusals(all: true)
        audit(AuditEvent(.shutdown, gate: gateID, reason: "facegate stopped"))
        notify("STOPPING=1")
        publisher.stop()
    }

    /// Where the kiosk server listens, from the config this service read.
    public var kioskAddress: (host: String, port: Int) { settings.withLock { ($0.gate.kiosk.listen, $0.gate.kiosk.port) } }

    /// Who may post to the kiosk's endpoints that open the gate.
    public var kioskAccess: KioskAccess { KioskAccess(allowedOrigins: settings.withLock { $0.gate.kiosk.allowedOrigins }) }

    /// Frames the pipeline has processed (for `facegate bench e2e`).
    public var framesProcessed: Int { capture.frames.takenCount }
    /// Frames the idle gate left unsearched (nobody in view, nothing changed).
    public var unsearchedFrames: Int { telemetry.unsearched.withLock { $0 } }

    /// Called once the kiosk server listens: the daemon is ready (sd_notify).
    public func serverStarted(port: Int) {
        log.info("kiosk listening", metadata: ["port": "\(port)"])
        notify("READY=1\nSTATUS=\(currentMode())")
    }

    var gateID: String { settings.withLock { $0.site.gateID } }

    func currentMode() -> OperatingMode { mode.withLock { $0 } }

    func notify(_ state: String) {
        _ = fg_sd_notify(state)
    }

    /// One decision: counted for /metrics, audited, and logged by outcome
    /// and score band (never the pseudonym: logs are less guarded than the chain).
    /// `method`: the alternative's label where the entry does not name it.
    func decided(_ outcome: String, _ event: AuditEvent, method: String? = nil) {
        audit(event)
        reported(outcome, event, method: method)
    }

    /// Counts, logs and publishes (`[events]`) a decision already audited
    /// (an opening is audited before its pulse, reported after it).
    func reported(_ outcome: String, _ event: AuditEvent, method: String? = nil) {
        telemetry.count(outcome)
        log.notice("decision", metadata: ["outcome": "\(outcome)", "band": "\(event.scoreBand ?? "-")", "reason": "\(event.reason)"])
        publisher.publish(
            .decision(outcome, event, method: method, faceEntry: currentMode().allowsFace, includePseudonym: publisher.includePseudonym))
    }

    /// Appends to the audit chain, refusals through `RefusalThrottle`; a
    /// failure is logged, never fatal. The event's own entry, if written now.
    @discardableResult
    func audit(_ event: AuditEvent) -> AuditEntry? {
        var written: AuditEntry?
        for write in refusals.withLock({ $0.admit(event, at: .now, time: Date()) }) {
            let entry = append(write)
            if write == event { written = entry }
        }
        return written
    }

    static func reserveInUse(_ directory: String) -> String {
        "the disk is full; the audit reserve is in use: free space in \(directory)"
    }

    /// Writes the summaries of refusal windows that have ended (`all`: of every window, at shutdown).
    func auditHeldRefusals(all: Bool = false) {
        for summary in refusals.withLock({ $0.due(at: all ? .now + $0.window : .now, gate: gateID) }) { append(summary) }
    }

    /// One entry. When the write fails and the audit reserve is held, the
    /// reserve is given back and the write tried once more.
    @discardableResult
    private func append(_ event: AuditEvent) -> AuditEntry? {
        guard let index = galleryIndex.withLock({ $0 }) else {
            log.error("audit entry not written: no gallery", metadata: ["event": "\(event.kind)"])
            return nil
        }
        let reserve = AuditReserve(directory: index.gallery.directory)
        do {
            let entry = try index.gallery.audit(event)
            // While the reserve is spent, face entry stays off: what is left
            // of the disk is kept for the alternatives' openings.
            health.withLock { $0.audit = reserve.isHeld ? nil : Self.reserveInUse(index.gallery.directory) }
            return entry
        } catch {
            if reserve.release(), let entry = try? index.gallery.audit(event) {
                health.withLock { $0.audit = Self.reserveInUse(index.gallery.directory) }
                log.error("audit written from the reserve", metadata: ["event": "\(event.kind)", "error": "\(error)"])
                return entry
            }
            health.withLock { $0.audit = "the audit log cannot be written: \(error)" }
            log.error("audit entry not written", metadata: ["event": "\(event.kind)", "error": "\(error)"])
            return nil
        }
    }
}

extension KioskSite {
    /// The screen's wording from the config: its language, alternatives, purpose and welcome.
    init(_ config: FacegateConfig) {
        let kiosk = config.gate.kiosk
        self.init(
            language: kiosk.language.rawValue, alternatives: config.alternatives.map(\.rawValue),
            purpose: Dictionary(uniqueKeysWithValues: kiosk.purpose.map { ($0.key.rawValue, $0.value) }),
            welcome: Dictionary(uniqueKeysWithValues: kiosk.welcome.map { ($0.key.rawValue, $0.value) }))
    }
}
