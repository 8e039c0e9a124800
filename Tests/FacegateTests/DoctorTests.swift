import Audit
import Foundation
import GRDB
import Policy
import TestSupport
import Testing

/// `facegate doctor`: one screen that shows whether a gate is set up lawfully
/// and safely, one check per rule, non-zero exit when any check fails.
@Suite(.testExecutor) struct DoctorTests {
    /// The checks by name, from `doctor --json`.
    static func checks(_ site: SiteFixture, _ extra: [String] = []) throws -> (status: Int32, overall: String, checks: [String: [String: String]]) {
        let result = try site.run(
            ["doctor", "--json", "--unit", "\(Fixtures.repositoryRoot)/systemd/facegate.service"] + extra, models: !extra.contains("--models"))
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout) \(result.stderr)")
        let list = try #require(document["checks"] as? [[String: String]])
        return (result.status, document["status"] as? String ?? "", Dictionary(uniqueKeysWithValues: list.map { ($0["check"] ?? "", $0) }))
    }

    static func site() throws -> SiteFixture {
        try SiteFixture { $0.replacingOccurrences(of: "source = \"/dev/video0\"", with: "source = \"\(Fixtures.photosPath)\"") }
    }

    @Test func R18_aSiteWithoutAnAssessmentFailsAndOneWithEverythingInPlacePasses() async throws {
        try await withBlockingSlot {
            let site = try Self.site()
            let before = try Self.checks(site)
            #expect(before.status == 1 && before.overall == "fail")
            #expect(before.checks["impact assessment"]?["status"] == "fail")
            #expect(before.checks["impact assessment"]?["fix"]?.contains("facegate pia record") == true)

            #expect(try site.run(["pia", "record", "--id", "PIA-1", "--assessor", "auditor", "--date", "2026-11-01"], models: true).status == 0)
            #expect(try site.enroll(name: "Doctor Test", unit: "3-301", photos: [try Fixtures.photo("Male_24_10_1.jpg")]).status == 0)
            let after = try Self.checks(site)
            #expect(after.status == 0, "\(after.checks.values.filter { $0["status"] != "ok" })")
            let expected = [
                "config", "alternatives", "placement", "retention", "controller token", "camera transport", "models", "key", "state directory",
                "impact assessment",
                "filing threshold", "stranger false-accept", "retention kept", "audit chain", "databases", "unit hardening", "camera",
            ]
            #expect(Set(after.checks.keys) == Set(expected))
            for name in expected { #expect(after.checks[name]?["status"] == "ok", "\(name): \(after.checks[name] ?? [:])") }
            #expect(after.checks["filing threshold"]?["detail"]?.hasPrefix("1 subjects stored") == true)
            #expect(
                after.checks["stranger false-accept"]?["detail"]?.hasPrefix(
                    "1 residents at threshold 0.510 (from matcher.stranger_risk 0.5 %): a stranger passes for one of them with p ≈ 0.00021 %")
                    == true,
                "\(after.checks["stranger false-accept"] ?? [:])")
            #expect(after.checks["stranger false-accept"]?["detail"]?.hasSuffix("of genuine pairs (other days, years apart) accepted") == true)
            let counted = try site.run(["list", "--count"]).stdout
            #expect(counted.contains("\nmatching: 1 residents at threshold 0.510 (from matcher.stranger_risk 0.5 %)"), "\(counted)")
            #expect(after.checks["unit hardening"]?["detail"]?.contains("rates") == true)
            #expect(after.checks["camera"]?["detail"]?.contains("delivered a") == true)

            let screen = try site.run(["doctor", "--skip-camera"], models: true)
            #expect(screen.stdout.contains("OK    impact assessment      PIA-1 of 2026-11-01 by auditor"))
            #expect(
                screen.stdout.hasSuffix("checks: 15 ok, 1 warn, 0 fail\n") || screen.stdout.hasSuffix("checks: 16 ok, 0 warn, 0 fail\n"),
                "\(screen.stdout)")
        }
    }

    @Test func R1_R12_R13_R17_R20_everyBrokenRuleIsNamedWithItsFix() async throws {
        try await withBlockingSlot {
            let site = try Self.site()
            #expect(try site.run(["pia", "record", "--id", "PIA-1", "--assessor", "auditor", "--date", "2026-11-01"], models: true).status == 0)
            try GalleryFixtures.tamper(site.stateDirectory, "UPDATE audit_entries SET reason = 'nothing to see' WHERE sequence = 1")
            let models = try Fixtures.temporaryDirectory("models")
            for file in try FileManager.default.contentsOfDirectory(atPath: Fixtures.modelsPath) where file.hasSuffix(".onnx") {
                try FileManager.default.copyItem(atPath: "\(Fixtures.modelsPath)/\(file)", toPath: "\(models)/\(file)")
            }
            let handle = try #require(FileHandle(forUpdatingAtPath: "\(models)/face_recognition_sface_2021dec.onnx"))
            try handle.seek(toOffset: 4096)
            try handle.write(contentsOf: Data([0x5A]))
            try handle.close()
            let damaged = try Self.checks(site, ["--models", models])
            try Self.expectFailures(damaged, ["models": "SHA-256", "audit chain": "entry 1 was changed"])
            #expect(
                damaged.checks["impact assessment"]?["status"] == "ok",
                "the assessment covers the specified models; the broken file is the models check's failure")
            #expect(!damaged.checks.values.contains { $0.values.contains { $0.contains("nothing to see") } }, "doctor shows no audit content")

            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: "\(site.folder)/master.key")
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: site.stateDirectory)
            try site.editConfig {
                $0.replacingOccurrences(of: "methods = [\"card\", \"pin\", \"guard\"]", with: "methods = []")
                    .replacingOccurrences(of: "placement = \"residential-entrance\"", with: "placement = \"changing-room\"")
                    .replacingOccurrences(of: Fixtures.photosPath, with: "/dev/video77")
            }
            let misconfigured = try Self.checks(site)
            try Self.expectFailures(
                misconfigured,
                [
                    "alternatives": "R1", "placement": "changing-room", "key": "0600", "state directory": "mode 755", "camera": "/dev/video77",
                    "gallery": "master.key",
                ])
        }
    }

    /// What could let someone else in: a controller token others can read
    /// or guess, a plain-HTTP camera on the network, and a template that no
    /// longer opens (that resident silently could not enter by face).
    @Test func R1_R12_doorsThatLetOthersInAndATemplateThatNoLongerOpensAreNamed() async throws {
        try await withBlockingSlot {
            let site = try Self.site()
            #expect(try site.run(["pia", "record", "--id", "PIA-1", "--assessor", "auditor", "--date", "2026-11-01"], models: true).status == 0)
            #expect(try site.enroll(name: "Doctor Test", unit: "3-301", photos: [try Fixtures.photo("Male_24_10_1.jpg")]).status == 0)
            let token = "\(site.folder)/controller.token"
            try "1\n".write(toFile: token, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: token)
            try site.editConfig {
                $0.replacingOccurrences(
                    of: "# controller_token_file = \"/etc/facegate/controller.token\"", with: "controller_token_file = \"\(token)\""
                )
                .replacingOccurrences(of: Fixtures.photosPath, with: "http://192.168.31.20:8081/video.mjpg")
            }
            try DatabaseQueue(path: "\(site.stateDirectory)/gallery.sqlite").write { db in
                var sealed = try #require(try Data.fetchOne(db, sql: "SELECT sealed FROM templates"))
                sealed[sealed.count / 2] ^= 0x01
                try db.execute(sql: "UPDATE templates SET sealed = ?", arguments: [sealed])
            }
            let weak = try Self.checks(site, ["--skip-camera"])
            try Self.expectFailures(weak, ["controller token": "can be guessed", "databases": "1 subjects incomplete"])
            #expect(weak.checks["camera transport"]?["status"] == "warn")
            #expect(weak.checks["camera transport"]?["detail"]?.contains("plain HTTP") == true, "\(weak.checks["camera transport"] ?? [:])")

            try "A7f1c9QeZr0pLm2XvB8sNw3T\n".write(toFile: token, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: token)
            let loose = try Self.checks(site, ["--skip-camera"])
            try Self.expectFailures(loose, ["controller token": "other users can read"])
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: token)
            #expect(try Self.checks(site, ["--skip-camera"]).checks["controller token"]?["status"] == "ok")
        }
    }

    static func expectFailures(_ result: (status: Int32, overall: String, checks: [String: [String: String]]), _ failing: [String: String]) throws {
        #expect(result.status == 1 && result.overall == "fail")
        for (name, words) in failing {
            let check = result.checks[name] ?? [:]
            #expect(check["status"] == "fail", "\(name): \(check)")
            #expect(check["detail"]?.contains(words) == true || check["fix"]?.contains(words) == true, "\(name): \(check)")
            #expect(check["fix"]?.isEmpty == false, "\(name) says how to fix it")
        }
    }

    @Test func R19_theFilingThresholdsWarnAt80000AndAlertAt100000UntilFiled() async throws {
        try await withBlockingSlot {
            #expect(FilingThreshold.level(79_999) == .below)
            #expect(FilingThreshold.level(80_000) == .approaching)
            #expect(FilingThreshold.level(99_999) == .approaching)
            #expect(FilingThreshold.level(100_000) == .filingRequired)
            #expect(FilingThreshold.level(100_000, filingReference: "CAC-1") == .filed)

            let site = try Self.site()
            #expect(try site.run(["pia", "record", "--id", "PIA-1", "--assessor", "auditor", "--date", "2026-11-01"], models: true).status == 0)
            // Subject rows alone: enrolling 100 000 real residents takes minutes
            // in a debug build, and the thresholds count rows. The databases
            // check then rightly reports them as incomplete.
            func add(_ count: Int) throws {
                try DatabaseQueue(path: "\(site.stateDirectory)/gallery.sqlite").write { db in
                    let now = Timestamp.format(Date()), later = Timestamp.format(Date().addingTimeInterval(86_400))
                    for _ in 0..<count {
                        try db.execute(
                            sql: "INSERT INTO subjects (pseudonym, status, minor, created_at, expires_at) VALUES (?, 'active', 0, ?, ?)",
                            arguments: ["s-" + UUID().uuidString.prefix(16).lowercased(), now, later])
                    }
                }
            }
            try add(80_000)
            let approaching = try Self.checks(site, ["--skip-camera"])
            #expect(approaching.checks["databases"]?["detail"]?.contains("80000 subjects incomplete") == true)
            #expect(approaching.checks["filing threshold"]?["status"] == "warn")
            #expect(approaching.checks["filing threshold"]?["detail"]?.hasPrefix("80000 subjects stored; warning") == true)
            #expect(
                approaching.checks["stranger false-accept"]?["status"] == "warn",
                "80 000 residents at 0.56, the highest threshold the calibration vouches for: a stranger passes with p ≈ 3.2 %")
            #expect(approaching.checks["stranger false-accept"]?["detail"]?.hasPrefix("80000 residents at threshold 0.560") == true)
            #expect(approaching.checks["stranger false-accept"]?["fix"]?.contains("accept a higher matcher.stranger_risk") == true)
            try add(20_000)
            let required = try Self.checks(site, ["--skip-camera"])
            #expect(required.status == 1 && required.checks["filing threshold"]?["status"] == "fail")
            #expect(required.checks["filing threshold"]?["fix"]?.contains("site.filing_reference") == true)
            try site.editConfig {
                $0.replacingOccurrences(of: "# filing_reference = \"CAC-FILING-0000\"", with: "filing_reference = \"CAC-2026-77\"")
            }
            let filed = try Self.checks(site, ["--skip-camera"])
            #expect(filed.checks["filing threshold"]?["status"] == "ok")
            #expect(filed.checks["filing threshold"]?["detail"]?.contains("filed with the CAC as CAC-2026-77") == true)
        }
    }
}
