import Audit
public import Config
import Decision
public import FaceVision
public import Foundation
public import Gallery
import Gate
import Keys
import Policy

/// The checks `facegate doctor` runs, each on what is actually installed:
/// the files on disk, the gallery as it opens, the camera as it answers.
public struct SiteChecker: Sendable {
    public let config: FacegateConfig
    public let modelDirectory: ModelDirectory
    public var now: Date

    public init(config: FacegateConfig, modelDirectory: ModelDirectory, now: Date = Date()) {
        self.config = config
        self.modelDirectory = modelDirectory
        self.now = now
    }

    /// Every check `facegate doctor` prints, in its order: the settings and
    /// files first, then the gallery's (when `gallery` opened), the unit and,
    /// unless `camera` is false, the camera.
    public func all(gallery: Result<Gallery, any Error>, unit: String?, camera: Bool) -> [SiteCheck] {
        var results: [SiteCheck] = [
            .ok("config", "\(config.source) is valid"), alternatives(), placement(), retentionSettings(), controllerToken(), cameraTransport(),
        ]
        let modelsCheck = models()
        results += [modelsCheck, key(), stateDirectory()]
        switch gallery {
        case .success(let gallery):
            results += [
                assessment(gallery, modelsVerified: modelsCheck.status == .ok), filing(gallery), strangerRisk(gallery), retentionKept(gallery),
                auditChain(gallery), integrity(gallery),
            ]
        case .failure(let error):
            results.append(
                .fail(
                    "gallery", "\(error)", fix: "restore the state directory and key from their backups, or create a gallery with `facegate keygen`"))
        }
        results.append(unitHardening(unit: unit))
        if camera { results.append(self.camera()) }
        return results
    }

    public func alternatives() -> SiteCheck {
        do {
            try StartupPolicy.check(alternatives: config.alternatives, placement: .residentialEntrance)
            return .ok(
                "alternatives",
                "face is one way in of \(config.alternatives.count + 1): also " + config.alternatives.map(\.rawValue).joined(separator: ", "))
        } catch {
            return .fail("alternatives", error.message, fix: "set alternatives.methods; facegate run refuses to start without one (R1)")
        }
    }

    public func placement() -> SiteCheck {
        do {
            try StartupPolicy.check(alternatives: [.guardCall], placement: config.site.placement)
            return .ok("placement", "\(config.site.placement.rawValue), a public place")
        } catch {
            return .fail("placement", error.message, fix: "face entry may not be installed here at all (R17); remove the camera")
        }
    }

    public func retentionSettings() -> SiteCheck {
        .ok("retention", "templates \(config.retention.templateDays) days, audit entries \(config.retention.auditDays) days (at least 1095)")
    }

    public func models() -> SiteCheck {
        do {
            let verified = try ModelSpec.all.map { try modelDirectory.load($0) }
            let folder = verified.first.map { URL(fileURLWithPath: $0.path).deletingLastPathComponent().path } ?? ""
            return .ok("models", "\(verified.count) models in \(folder), sizes and SHA-256 as specified")
        } catch {
            return .fail("models", "\(error)", fix: "fetch them again (make models, or Models/fetch.sh) into the model directory")
        }
    }

    public func key() -> SiteCheck {
        let path = config.storage.keyFile
        do {
            let key = try MasterKey.load(keyFile: path)
            if let directory = ProcessInfo.processInfo.environment["CREDENTIALS_DIRECTORY"],
                FileManager.default.fileExists(atPath: "\(directory)/\(MasterKey.credentialName)")
            {
                return .ok("key", "systemd credential \(MasterKey.credentialName), fingerprint \(key.fingerprint)")
            }
            return .ok("key", "\(path): mode \(Self.mode(path).map { String($0, radix: 8) } ?? "?"), fingerprint \(key.fingerprint)")
        } catch {
            return .fail(
                "key", "\(error)",
                fix:
                    "restore the key from its backup with mode 0600 owned by the daemon's user; a site using a systemd credential runs doctor under the same credential"
            )
        }
    }

    /// R12: the state directory 0700, the databases 0600.
    public func stateDirectory() -> SiteCheck {
        let directory = config.storage.stateDirectory
        guard let mode = Self.mode(directory) else {
            return .fail("state directory", "\(directory) does not exist", fix: "create the gallery with `facegate keygen`")
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter {
            $0.hasSuffix(".sqlite") || $0.contains(".sqlite-")
        }
        let open = names.filter { (Self.mode("\(directory)/\($0)") ?? 0o777) & 0o077 != 0 }
        guard mode & 0o077 == 0, open.isEmpty else {
            let what = mode & 0o077 != 0 ? "\(directory) is mode \(String(mode, radix: 8))" : "\(open.joined(separator: ", ")) readable by others"
            return .fail("state directory", what, fix: "chmod 700 \(directory) && chmod 600 \(directory)/*.sqlite*")
        }
        return .ok("state directory", "\(directory) mode 700, \(names.count) database files mode 600")
    }

    public func assessment(_ gallery: Gallery, modelsVerified: Bool) -> SiteCheck {
        guard let latest = try? gallery.assessments().last else {
            return .fail(
                "impact assessment", "no impact assessment recorded: face entry stays off (R18)",
                fix: "facegate pia record --id … --assessor … --date …")
        }
        let facts = AssessmentRule.Facts(identifier: latest.identifier, modelHashes: latest.modelHashes, purpose: latest.purpose)
        if let problem = AssessmentRule.problem(latest: facts, loadedModels: ModelSpec.all.map(\.sha256), purpose: config.site.purpose) {
            return .fail("impact assessment", problem, fix: "assess the change, then facegate pia record with the new assessment's id")
        }
        let models = modelsVerified ? "the installed models" : "the specified models (the files themselves failed their check)"
        return .ok("impact assessment", "\(latest.identifier) of \(latest.date) by \(latest.assessor) covers \(models) and the purpose")
    }

    public func filing(_ gallery: Gallery) -> SiteCheck {
        guard let count = try? gallery.subjectCount() else {
            return .fail("filing threshold", "cannot count the stored subjects", fix: "see the database check")
        }
        let line = "\(count) subjects stored; " + FilingThreshold.status(count, filingReference: config.site.filingReference)
        switch FilingThreshold.level(count, filingReference: config.site.filingReference) {
        case .below, .filed: return .ok("filing threshold", line)
        case .approaching: return .warn("filing threshold", line, fix: "prepare the CAC filing (required from \(FilingThreshold.filing) people)")
        case .filingRequired:
            return .fail("filing threshold", line, fix: "file with the CAC, then set site.filing_reference to the filing's reference (R19)")
        }
    }

    /// What the matcher's threshold means for this gallery: the threshold
    /// in force (derived from `matcher.stranger_risk` or fixed), the chance
    /// that a stranger passes for one of its residents in one attempt, and
    /// the share of genuine pairs it accepts (`StrangerRisk`).
    public func strangerRisk(_ gallery: Gallery) -> SiteCheck {
        guard let count = try? gallery.subjectCount() else {
            return .fail("stranger false-accept", "cannot count the stored subjects", fix: "see the database check")
        }
        return Self.strangerRisk(config.matching, residents: count)
    }

    /// The stranger check for `residents` under `matching`, as `doctor` and `list --count` state it.
    public static func strangerRisk(_ matching: FacegateConfig.Matching, residents count: Int) -> SiteCheck {
        let threshold = matching.threshold(residents: count)
        let risk = StrangerRisk.perAttempt(threshold: threshold, residents: count)
        let source =
            matching.fixedThreshold == nil
            ? "from matcher.stranger_risk \(Self.percent(matching.strangerRisk))" : "fixed by matcher.threshold"
        let line =
            "\(count) residents at threshold \(String(format: "%.3f", threshold)) (\(source)): a stranger passes for one of them with p ≈ "
            + String(
                format: "%@ per attempt (%.1e per comparison, measured on real faces); %.0f %% of genuine pairs (other days, years apart) accepted",
                Self.percent(risk), StrangerRisk.perComparison(at: threshold), StrangerRisk.genuineAcceptance(at: threshold) * 100)
        guard risk <= matching.strangerRisk * 1.001 else {
            let fix =
                matching.fixedThreshold == nil
                ? "no measured threshold holds \(Self.percent(matching.strangerRisk)) for this many residents: accept a higher matcher.stranger_risk, or split the gallery between gates"
                : "raise matcher.threshold, or remove it so that matcher.stranger_risk (\(Self.percent(matching.strangerRisk))) sets it"
            return .warn("stranger false-accept", line, fix: fix)
        }
        return .ok("stranger false-accept", line)
    }

    /// A share as a percentage with two significant digits: "0.5 %", "0.00015 %".
    static func percent(_ share: Double) -> String { String(format: "%.2g %%", share * 100) }

    /// R7 in practice: nothing stored past its retention.
    public func retentionKept(_ gallery: Gallery) -> SiteCheck {
        let expired = (try? gallery.expiredCount()) ?? 0
        let cutoff = now.addingTimeInterval(-Double(config.retention.auditDays) * 86_400)
        let oldAudit = ((try? gallery.auditEntries(until: cutoff)) ?? []).count
        guard expired == 0, oldAudit == 0 else {
            return .warn(
                "retention kept", "\(expired) expired subjects and \(oldAudit) audit entries past their retention are still stored",
                fix: "facegate purge (the running daemon purges daily; if it is running, check its log)")
        }
        return .ok("retention kept", "nothing is stored past its retention")
    }

    public func auditChain(_ gallery: Gallery) -> SiteCheck {
        switch try? gallery.verifyAudit() {
        case .intact(let entries, let first, _)?:
            return .ok("audit chain", "\(entries) entries verify" + (first.map { " (from \($0.day))" } ?? ""))
        case .broken(_, let reason)?:
            return .fail(
                "audit chain", reason, fix: "preserve the files as evidence, restore the gallery from its last good backup, report the incident")
        case nil:
            return .fail("audit chain", "the audit log cannot be read", fix: "see the database check")
        }
    }

    public func integrity(_ gallery: Gallery) -> SiteCheck {
        do {
            let problems = try gallery.integrityProblems()
            let incomplete = try gallery.incompleteSubjects()
            guard problems.isEmpty, incomplete.isEmpty else {
                let what = problems.first.map { "SQLite integrity check: \($0)" } ?? "\(incomplete.count) subjects incomplete (e.g. \(incomplete[0]))"
                return .fail("databases", what, fix: "stop the daemon and restore gallery.sqlite and keys.sqlite from their last backup")
            }
            return .ok("databases", "gallery.sqlite and keys.sqlite pass SQLite's integrity check; every subject whole")
        } catch {
            return .fail("databases", "\(error)", fix: "stop the daemon and restore gallery.sqlite and keys.sqlite from their last backup")
        }
    }

    /// How exposed systemd rates the installed unit (lower is better).
    public func unitHardening(unit: String?) -> SiteCheck {
        let analyze = "/usr/bin/systemd-analyze"
        guard FileManager.default.isExecutableFile(atPath: analyze) else {
            return .warn("unit hardening", "not checked: systemd-analyze is not installed", fix: "apt install systemd")
        }
        let candidates = unit.map { [$0] } ?? ["/etc/systemd/system/facegate.service", "/lib/systemd/system/facegate.service"]
        guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            return .warn(
                "unit hardening", "not checked: no facegate.service in \(candidates.joined(separator: " or "))",
                fix: "install systemd/facegate.service (see systemd/README.md)")
        }
        guard let output = try? CapturedOutput.run(analyze, ["security", "--offline=yes", "--no-pager", path], quiet: true),
            let line = String(decoding: output.stdout, as: UTF8.self).split(separator: "\n").last(where: { $0.contains("Overall exposure level") }),
            let score = line.split(separator: " ").compactMap({ Double($0) }).last
        else {
            return .warn("unit hardening", "systemd-analyze could not rate \(path)", fix: "run systemd-analyze security \(path) by hand")
        }
        let detail = "systemd-analyze rates \(path) \(score) (0 safest, 10 most exposed)"
        return score <= 2 ? .ok("unit hardening", detail) : .warn("unit hardening", detail, fix: "restore the shipped unit's sandboxing settings")
    }

    /// Opens the camera as `facegate run` would and reads one frame.
    public func camera() -> SiteCheck {
        let location = FrameSourceLocation(config.gate.camera.source)
        do {
            let source = try FrameSource(location, timeout: .seconds(5))
            guard let frame = try source.nextFrame() else {
                return .fail("camera", "\(location) delivered no frame", fix: "check the camera's cable, power and address in camera.source")
            }
            return .ok("camera", "\(location) delivered a \(frame.width)×\(frame.height) frame")
        } catch {
            return .fail(
                "camera", "\(error)", fix: "check camera.source, the cable and power; while the daemon holds the camera run doctor --skip-camera")
        }
    }

    static func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
    }
}
