import Config
import FaceVision
import Foundation
import Gallery
import Keys
import SiteReview
import TestSupport
import Testing

/// `facegate doctor`'s checks, called directly on real files: a config over
/// a fresh gallery, its key and state directory, tampered with one at a time.
/// (The command itself is tested through the binary in DoctorTests.)
@Suite(.testExecutor) struct SiteCheckerTests {
    /// A site whose config points at a fresh gallery and its key file; `toml` is added to the config.
    static func site(_ toml: String = "[alternatives]\nmethods = [\"card\"]\n") throws -> (SiteChecker, Gallery, String) {
        let (gallery, key, state) = try GalleryFixtures.make()
        let folder = URL(fileURLWithPath: state).deletingLastPathComponent().path
        try key.write(to: "\(folder)/master.key")
        let config = try FacegateConfig(
            toml: "[storage]\nstate_directory = \"\(state)\"\nkey_file = \"\(folder)/master.key\"\n" + toml, source: "\(folder)/facegate.toml",
            baseDirectory: folder)
        return (SiteChecker(config: config, modelDirectory: Fixtures.models), gallery, folder)
    }

    static func chmod(_ mode: Int, _ path: String) throws {
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    @Test func noAlternativeOrAPrivatePlaceFails_R1_R17() async throws {
        try await withBlockingSlot {
            let (withoutAlternative, _, _) = try Self.site("")
            #expect(withoutAlternative.alternatives().status == .fail)
            #expect(withoutAlternative.alternatives().fix?.contains("R1") == true)
            let (bathroom, _, _) = try Self.site("[alternatives]\nmethods = [\"card\", \"pin\"]\n[site]\nplacement = \"bathroom\"\n")
            #expect(bathroom.alternatives() == .ok("alternatives", "face is one way in of 3: also card, pin"))
            #expect(bathroom.placement().status == .fail && bathroom.placement().fix?.contains("R17") == true)
        }
    }

    @Test func openStateFilesOrAReadableKeyFail_R10_R12() async throws {
        try await withBlockingSlot {
            let (checker, _, folder) = try Self.site()
            let state = checker.config.storage.stateDirectory
            #expect(checker.stateDirectory().status == .ok, "\(checker.stateDirectory())")
            #expect(checker.key().status == .ok && checker.key().detail.contains("fingerprint"))
            try Self.chmod(0o644, "\(state)/gallery.sqlite")
            #expect(checker.stateDirectory().status == .fail && checker.stateDirectory().detail.contains("gallery.sqlite"))
            try Self.chmod(0o600, "\(state)/gallery.sqlite")
            try Self.chmod(0o755, state)
            #expect(checker.stateDirectory().fix == "chmod 700 \(state) && chmod 600 \(state)/*.sqlite*")
            try Self.chmod(0o644, "\(folder)/master.key")
            #expect(checker.key().status == .fail && checker.key().detail.contains("chmod 600"))
        }
    }

    @Test func aTamperedAuditChainFailsAndAnIntactOneCounts_R13() async throws {
        try await withBlockingSlot {
            let (checker, gallery, _) = try Self.site()
            for index in 0..<3 { _ = try gallery.enroll(GalleryFixtures.request(unit: "1-10\(index)"), minorsEnabled: false) }
            let intact = checker.auditChain(gallery)
            #expect(intact.status == .ok && intact.detail.hasPrefix("3 entries verify"), "three enrollments: \(intact)")
            #expect(checker.integrity(gallery).status == .ok)
            try GalleryFixtures.tamper(checker.config.storage.stateDirectory, "UPDATE audit_entries SET reason = 'nothing' WHERE sequence = 2")
            let broken = checker.auditChain(gallery)
            #expect(broken.status == .fail && broken.fix?.contains("evidence") == true, "\(broken)")
        }
    }

    @Test func faceEntryNeedsAnAssessmentOfTheInstalledModels_R18() async throws {
        try await withBlockingSlot {
            let (checker, gallery, _) = try Self.site()
            #expect(checker.assessment(gallery, modelsVerified: true).detail.contains("R18"))
            let hashes = ModelSpec.all.map(\.sha256)
            try gallery.recordAssessment(
                ImpactAssessment(
                    identifier: "PIA-7", assessor: "auditor", date: "2026-11-01", purpose: checker.config.site.purpose, modelHashes: hashes,
                    recordedAt: Date()),
                actor: "test")
            #expect(checker.assessment(gallery, modelsVerified: true).status == .ok)
            try gallery.recordAssessment(
                ImpactAssessment(
                    identifier: "PIA-8", assessor: "auditor", date: "2026-11-02", purpose: checker.config.site.purpose,
                    modelHashes: Array(hashes.dropFirst()), recordedAt: Date()),
                actor: "test")
            #expect(checker.assessment(gallery, modelsVerified: true).status == .fail, "the latest assessment does not cover every model")
        }
    }

    @Test func aGuessableOrReadableControllerTokenFails() async throws {
        try await withBlockingSlot {
            let (_, _, folder) = try Self.site()
            let path = "\(folder)/controller.token"
            let (checker, _, _) = try Self.site("[alternatives]\nmethods = [\"card\"]\ncontroller_token_file = \"\(path)\"\n")
            #expect(checker.controllerToken().status == .fail && checker.controllerToken().detail.contains("cannot be read"))
            _ = FileManager.default.createFile(
                atPath: path, contents: Data("aaaaaaaaaaaaaaaaaaaaaaaaaa\n".utf8), attributes: [.posixPermissions: 0o600])
            #expect(checker.controllerToken().detail.contains("can be guessed"))
            try Data("k3J9x-Qm2vLw8ZtR4pYc7NbH\n".utf8).write(to: URL(fileURLWithPath: path))
            #expect(checker.controllerToken().status == .ok)
            try Self.chmod(0o644, path)
            #expect(checker.controllerToken().status == .fail && checker.controllerToken().fix?.hasPrefix("chmod 600") == true)
        }
    }

    @Test func aPlainHTTPCameraOnTheNetworkWarns() async throws {
        try await withBlockingSlot { () throws -> Void in
            func transport(_ source: String) throws -> SiteCheck.Status {
                try Self.site("[alternatives]\nmethods = [\"card\"]\n[camera]\nsource = \"\(source)\"\n").0.cameraTransport().status
            }
            #expect(try transport("http://10.0.0.5/stream.mjpg") == .warn)
            #expect(try transport("http://127.0.0.1:8080/stream.mjpg") == .ok)
            #expect(try transport("rtsp://10.0.0.5/stream") == .ok)
            #expect(try transport("/dev/video0") == .ok)
        }
    }

    @Test func everyCheckRunsInOrderAndAGalleryThatFailsIsOneLine() async throws {
        try await withBlockingSlot {
            struct Unopened: Error, CustomStringConvertible { var description: String { "gallery.sqlite is damaged" } }
            let (checker, gallery, _) = try Self.site()
            let opened = checker.all(gallery: .success(gallery), unit: "/nonexistent/facegate.service", camera: false).map(\.check)
            #expect(
                opened == [
                    "config", "alternatives", "placement", "retention", "controller token", "camera transport", "models", "key", "state directory",
                    "impact assessment", "filing threshold", "stranger false-accept", "retention kept", "audit chain", "databases",
                    "unit hardening",
                ])
            let failed = checker.all(gallery: .failure(Unopened()), unit: "/nonexistent/facegate.service", camera: true)
            #expect(
                failed.filter { $0.check == "gallery" } == [
                    .fail("gallery", "gallery.sqlite is damaged", fix: failed.first { $0.check == "gallery" }?.fix ?? "")
                ])
            #expect(failed.last?.check == "camera" && !failed.contains { $0.check == "audit chain" })
        }
    }

    @Test func aReportStandsAsItsWorstCheckAndSaysHowToFixIt() async throws {
        try await withBlockingSlot {
            let checks: [SiteCheck] = [
                .ok("models", "3 models"), .warn("filing threshold", "90 000 stored", fix: "prepare the filing"),
                .fail("key", "mode 644", fix: "chmod 600"),
            ]
            let report = SiteCheckReport(checks)
            #expect(report.status == .fail && SiteCheckReport(Array(checks.prefix(2))).status == .warn && SiteCheckReport([]).status == .ok)
            let lines = report.text.split(separator: "\n").map(String.init)
            #expect(lines.count == 6 && lines.last == "3 checks: 1 ok, 1 warn, 1 fail")
            #expect(lines[0].hasPrefix("OK    models") && lines[4].hasSuffix("fix: chmod 600"))
            let decoded = try JSONDecoder().decode(SiteCheckReport.self, from: Data(report.json.utf8))
            #expect(decoded.checks == checks && decoded.status == .fail)
        }
    }
}
