import Foundation
import TestSupport
import Testing

/// The other admin commands through the binary: withdraw by name, list,
/// the filing counter, purge, rekey, keygen and audit.
@Suite(.testExecutor) struct AdminCommandTests {
    @Test func R6_withdrawByNameAndUnitPrintsAReceiptAndTheAuditHasIt() async throws {
        try await withBlockingSlot {
            let site = try SiteFixture()
            #expect(try site.enroll(name: "王五 Wang Wu", unit: "7-707", photos: [try Fixtures.photo("Male_24_10_1.jpg")]).status == 0)
            #expect(try site.enroll(name: "Other", unit: "1-101", photos: [try Fixtures.photo("Female_42_1_5.jpg")]).status == 0)
            let withdrawn = try site.run(["withdraw", "--name", "王五 wang wu", "--unit", "7-707", "--yes"])
            #expect(withdrawn.status == 0, "\(withdrawn.stderr)")
            let receipt = try #require(withdrawn.stdout.split(separator: "\n").first { $0.hasPrefix("Receipt: audit #") })
            let sequence = receipt.dropFirst("Receipt: audit #".count).prefix { $0.isNumber }
            let audit = try site.run(["audit", "show"]).stdout
            #expect(audit.contains("#\(sequence)  ") && audit.contains("withdraw"))
            #expect(!audit.contains("Wang Wu") && !audit.contains("王五"), "no names in the audit")
            let list = try site.run(["list"]).stdout
            #expect(!list.contains("7-707") && list.contains("1-101"))
            let unknown = try site.run(["withdraw", "s-aaaaaaaaaaaaaaaa"])
            #expect(unknown.status == 1 && unknown.stderr.contains("no subject s-aaaaaaaaaaaaaaaa"))
            #expect(try site.run(["audit", "verify"]).stdout.hasPrefix("audit chain intact"))
        }
    }

    @Test func R19_listCountReportsTheFilingStatus() async throws {
        try await withBlockingSlot {
            let site = try SiteFixture()
            let count = try site.run(["list", "--count"])
            let lines = count.stdout.split(separator: "\n")
            #expect(lines.first == "0 subjects stored; below the CAC filing threshold of 100000", "\(count.stdout)")
            #expect(
                lines.dropFirst().first?.hasPrefix("matching: 0 residents at threshold 0.510 (from matcher.stranger_risk 0.5 %)") == true,
                "\(count.stdout)")
            #expect(lines.count == 2, "\(count.stdout)")
        }
    }

    @Test func R11_rekeyThroughTheCommandLine() async throws {
        try await withBlockingSlot {
            let site = try SiteFixture()
            #expect(try site.enroll(name: "Key Test", unit: "5-5", photos: [try Fixtures.photo("Male_24_10_1.jpg")]).status == 0)
            let newKey = "\(site.folder)/new.key"
            #expect(try site.run(["keygen", "--key-file", newKey]).status == 0)
            let rekey = try site.run(["rekey", "--new-key", newKey])
            #expect(rekey.status == 0, "\(rekey.stderr)")
            let stale = try site.run(["list"])
            #expect(stale.status == 78 && stale.stderr.contains("does not match this gallery"))
            try FileManager.default.removeItem(atPath: "\(site.folder)/master.key")
            try FileManager.default.moveItem(atPath: newKey, toPath: "\(site.folder)/master.key")
            #expect(try site.run(["list"]).stdout.contains("5-5"))
            let audit = try site.run(["audit", "show"]).stdout
            #expect(audit.contains("keygen") && audit.contains("rekey"))
        }
    }

    @Test func R20_keygenNeverOverwritesAndEveryErrorIsOneLine() async throws {
        try await withBlockingSlot {
            let site = try SiteFixture()
            let again = try site.run(["keygen"])
            #expect(again.status == 78 && again.stderr.contains("never overwrites"))
            try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: "\(site.folder)/master.key")
            let unsafe = try site.run(["list"])
            #expect(
                unsafe.status == 78
                    && unsafe.stderr
                        == "facegate: \(site.folder)/master.key has mode 640; others could read the master key. Fix: chmod 600 \(site.folder)/master.key\n"
            )
            let badConfig = try Subprocess.run(Subprocess.facegate, ["list", "--config", "\(site.folder)/missing.toml"])
            #expect(badConfig.status == 78 && badConfig.stderr.contains("no such config file"))
        }
    }

    /// A keygen that refuses used to leave its new master.key behind: a key
    /// no gallery uses, which the next keygen then refused to overwrite.
    @Test func R20_aRefusedKeygenLeavesNoKeyBehind() async throws {
        try await withBlockingSlot {
            let site = try SiteFixture(keygen: false)
            try "not a directory".write(toFile: site.stateDirectory, atomically: true, encoding: .utf8)
            let refused = try site.run(["keygen"])
            #expect(refused.status != 0 && refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
            #expect(!FileManager.default.fileExists(atPath: "\(site.folder)/master.key"), "no key left behind")
            try FileManager.default.removeItem(atPath: site.stateDirectory)
            #expect(try site.run(["keygen"]).status == 0, "the next keygen works")
        }
    }

    @Test func R7_purgeThroughTheCommandLineRemovesNothingUnexpired() async throws {
        try await withBlockingSlot {
            let site = try SiteFixture()
            #expect(try site.enroll(name: "P", unit: "6-6", photos: [try Fixtures.photo("Male_24_10_1.jpg")]).status == 0)
            let purge = try site.run(["purge"])
            #expect(purge.status == 0 && purge.stdout.contains("0 expired subjects removed"))
            #expect(try site.run(["list", "--count"]).stdout.hasPrefix("1 subjects"))
        }
    }

    @Test func anOperatorIsAddedWithAPasswordShownOnceThenListedUnlockedAndRemoved() async throws {
        try await withBlockingSlot {
            let site = try SiteFixture()
            let added = try site.run(["operator", "add", "wang.desk", "--role", "desk", "--operator", "admin-li"])
            #expect(added.status == 0, "\(added.stderr)")
            let password = try #require(added.stdout.split(separator: " ").drop { $0 != "Password:" }.dropFirst().first)
            #expect(password.count == 19 && password.split(separator: "-").count == 4, "four groups of four: \(added.stdout)")
            #expect(try site.run(["operator", "list"]).stdout.hasPrefix("wang.desk  desk  added "))
            let again = try site.run(["operator", "add", "wang.desk", "--role", "admin"])
            #expect(again.status == 1 && again.stderr.contains("there is already an operator wang.desk"), "\(again.stderr)")
            let badRole = try site.run(["operator", "add", "zhao", "--role", "guard"])
            #expect(badRole.status == 64, "\(badRole.stderr)")
            #expect(try site.run(["operator", "unlock", "wang.desk"]).status == 0)
            #expect(try site.run(["operator", "remove", "wang.desk", "--operator", "admin-li"]).status == 0)
            #expect(try site.run(["operator", "list"]).stdout.isEmpty)
            let audit = try site.run(["audit", "show"]).stdout
            #expect(audit.contains("operator wang.desk added as desk") && audit.contains("operator wang.desk removed"), "\(audit)")
            #expect(!audit.contains(String(password)), "the password is nowhere in the audit")
        }
    }
}
