import Audit
import Config
import Estate
import Events
import FaceVision
import Foundation
import Gallery
import GalleryIndex
import Gate
import Keys
import Kiosk
import Locking
import Logging
import Matcher
import Policy
import Prometheus

extension GateService {
    /// Opens the gallery and builds the matcher; a failure turns face entry
    /// off with the reason and is retried by `housekeeping`.
    func openGallery() {
        let config = settings.withLock { $0 }
        do {
            let master = try MasterKey.load(keyFile: config.storage.keyFile)
            let gallery = try Gallery.open(in: config.storage.stateDirectory, master: master, gate: config.site.gateID)
            let index = try GalleryIndex(gallery: gallery, int8FromTemplates: config.matching.int8FromTemplates)
            galleryIndex.withLock { $0 = index }
            telemetry.subjects.set(to: Double(index.matcher.snapshot.subjects.count))
            health.withLock { $0.gallery = nil }
            if let unreadable = try? gallery.unreadableTemplates(), !unreadable.isEmpty {
                log.error(
                    "templates cannot be opened; those residents cannot enter by face (run facegate doctor)",
                    metadata: ["count": "\(unreadable.count)"])
            }
            if !AuditReserve(directory: gallery.directory).replenish() {
                log.warning("no room for the audit reserve", metadata: ["directory": "\(gallery.directory)"])
            }
        } catch {
            health.withLock { $0.gallery = "gallery unavailable: \(error)" }
            log.error("gallery unavailable", metadata: ["error": "\(error)"])
        }
    }

    /// Loads and verifies the models; a failure turns face entry off.
    func loadModels() {
        VisionRuntime.configure()
        let config = settings.withLock { $0 }
        do {
            let directory = ModelDirectory(explicit: modelsPath)
            let detector = try FaceDetector(model: directory.load(.faceDetector))
            let embedder = try FaceEmbedder(model: directory.load(.faceRecognizer))
            let liveness = try LivenessClassifier(directory: directory)
            vision.withLock { $0 = VisionStage(detector: detector, embedder: embedder, liveness: liveness, settings: config.gate.quality) }
            health.withLock { $0.models = nil }
        } catch {
            vision.withLock { $0 = nil }
            health.withLock { $0.models = "models unavailable: \(error)" }
            log.error("models unavailable", metadata: ["error": "\(error)"])
        }
    }

    /// R18: face entry only under an assessment of these models and this purpose.
    func checkAssessment() {
        let config = settings.withLock { $0 }
        guard let index = galleryIndex.withLock({ $0 }) else { return }
        let latest = (try? index.gallery.assessments())?.last.map {
            AssessmentRule.Facts(identifier: $0.identifier, modelHashes: $0.modelHashes, purpose: $0.purpose)
        }
        let problem = AssessmentRule.problem(
            latest: latest, loadedModels: ModelSpec.all.map(\.sha256), purpose: config.site.purpose)
        health.withLock { $0.assessment = problem }
    }

    /// Recomputes the mode from health; audits, shows and reports a change.
    func updateMode() {
        let next = OperatingMode.from(health.withLock { $0 })
        let previous = mode.withLock { current in
            defer { current = next }
            return current
        }
        guard next != previous else { return }
        log.notice("mode", metadata: ["mode": "\(next)"])
        audit(AuditEvent(.modeChange, gate: gateID, reason: "\(next)"))
        publisher.publish(.mode(gate: gateID, faceEntry: next.allowsFace))
        events.setBase(faceEntry: next.allowsFace)
        telemetry.faceEntry.set(to: next.allowsFace ? 1 : 0)
        notify("STATUS=\(next)")
    }

    /// Once a second from the vision thread: notice gallery changes made by
    /// other processes, run the daily purge (R7), retry what failed, reload
    /// on SIGHUP.
    func housekeeping(_ state: inout HousekeepingState) {
        let now = Date()
        if reloadRequested.withLock({ value in
            defer { value = false }
            return value
        }) {
            reload()
            state.galleryVersion = nil
        }
        // A gate of an estate gets its first copy from the link within
        // seconds: look for it often.
        let retryAfter: TimeInterval = estate != nil && galleryIndex.withLock({ $0 }) == nil ? 2 : 30
        if galleryIndex.withLock({ $0 }) == nil || vision.withLock({ $0 }) == nil,
            now.timeIntervalSince(state.lastRetry) > retryAfter
        {
            state.lastRetry = now
            if galleryIndex.withLock({ $0 }) == nil { openGallery() }
            if vision.withLock({ $0 }) == nil { loadModels() }
            checkAssessment()
        }
        auditHeldRefusals()
        if now.timeIntervalSince(state.lastAuditProbe) > 10 {
            state.lastAuditProbe = now
            if let index = galleryIndex.withLock({ $0 }) { AuditReserve(directory: index.gallery.directory).replenish() }
            if health.withLock({ $0.audit }) != nil {
                audit(AuditEvent(.modeChange, gate: gateID, reason: "the audit log can be written again"))
            }
        }
        if let index = galleryIndex.withLock({ $0 }) {
            if let version = try? index.gallery.dataVersion(), version != state.galleryVersion {
                if state.galleryVersion != nil {
                    do {
                        try index.reload()
                        log.info("gallery changed; matcher rebuilt")
                    } catch {
                        log.error("gallery reload failed", metadata: ["error": "\(error)"])
                    }
                }
                state.galleryVersion = version
                telemetry.subjects.set(to: Double(index.matcher.snapshot.subjects.count))
                checkAssessment()
            }
            let day = Calendar(identifier: .gregorian).ordinality(of: .day, in: .era, for: now) ?? 0
            if day != state.purgeDay {
                state.purgeDay = day
                do {
                    let purged = try index.purgeExpired(actor: "facegate daily purge")
                    if !purged.isEmpty { log.notice("daily purge", metadata: ["removed": "\(purged.count)"]) }
                    let auditDays = settings.withLock { $0.retention.auditDays }
                    if let audit = try index.gallery.purgeAudit(retentionDays: auditDays, actor: "facegate daily purge") {
                        log.notice("daily audit purge", metadata: ["removed": "\(audit.removed)"])
                    }
                } catch {
                    log.error("daily purge failed", metadata: ["error": "\(error)"])
                }
            }
        }
        if let estate {
            let bound = settings.withLock { $0.estate?.maxSyncAgeSeconds ?? 600 }
            let problem = SyncFreshness.problem(lastSync: estate.lastSync, now: now, bound: bound, connection: estate.problem)
            health.withLock { $0.sync = problem }
        }
        updateMode()
    }

    /// SIGHUP: a new config (if valid) and a fresh gallery, camera untouched
    /// unless its source changed.
    func reload() {
        do {
            let config = try FacegateConfig.load(configPath)
            try StartupPolicy.check(alternatives: config.alternatives, placement: config.site.placement)
            let previous = settings.withLock { $0 }
            let waiting = previous.keysNeedingRestart(config)
            settings.withLock { $0 = config }
            if config.gate.kiosk.pinAttempts != previous.gate.kiosk.pinAttempts
                || config.gate.kiosk.pinLockoutSeconds != previous.gate.kiosk.pinLockoutSeconds
            {
                pinPad.withLock { $0 = PINLockout(attempts: config.gate.kiosk.pinAttempts, lockout: .seconds(config.gate.kiosk.pinLockoutSeconds)) }
            }
            gatePolicy.withLock { $0 = GatePolicy(minorsEnabled: config.enrollment.minorsEnabled, cooldown: config.gate.decision.cooldownSeconds) }
            vision.withLock { $0?.settings = config.gate.quality }
            events.setSite(KioskSite(config))
            try galleryIndex.withLock { $0 }?.reload()
            checkAssessment()
            let restart = waiting.isEmpty ? "" : "; \(waiting.joined(separator: ", ")) take effect only after a restart (systemctl restart facegate)"
            audit(AuditEvent(.configReload, gate: config.site.gateID, reason: "configuration and gallery reloaded" + restart))
            if waiting.isEmpty {
                log.notice("reloaded")
            } else {
                log.warning("reloaded, but some changes need a restart", metadata: ["keys": "\(waiting.joined(separator: ", "))"])
            }
        } catch {
            audit(AuditEvent(.configReload, gate: gateID, reason: "reload refused, previous configuration kept: \(error)"))
            log.error("reload refused; previous configuration kept", metadata: ["error": "\(error)"])
        }
    }
}

/// What `housekeeping` remembers between calls.
struct HousekeepingState {
    var galleryVersion: Int?
    var purgeDay = -1
    var lastRetry = Date()
    var lastAuditProbe = Date()
}
