import Audit
import Foundation
import Gallery
import Keys
import Policy
import TestSupport
import Testing

/// The office and a gate's copy against a real PostgreSQL server with TLS:
/// what crosses the network, how it is checked, and what survives a kill.
@Suite(.serialized, .testExecutor) struct EstateCommandTests {
    static let resident = "Female_46_1_2_1.jpg"

    @Test func R6_R10_R19_officeChangesReachAGateCopyAsCiphertextOnlyAndCountOnceEstateWide() async throws {
        try await withBlockingSlot {
            let server = try EstateServer()
            let estate = try EstateOfficeSite(server: server)
            let gate = try SiteFixture(keygen: false, estate.gateConfig("gate-a", server: server))
            let photo = try Fixtures.photo(Self.resident)
            let enrolled = try estate.office.run(
                ["enroll", "--name", "Zhang Wei", "--unit", "3-402", "--consent-form", "PF-0001", "--photo", photo], models: true)
            #expect(enrolled.status == 0, "\(enrolled.stderr)")

            let synced = try gate.run(["estate", "sync"])
            #expect(synced.status == 0 && synced.stdout.contains("copied the estate gallery: 1 added"), "\(synced.stdout)\(synced.stderr)")
            #expect(try gate.run(["list"]).stdout.contains("3-402"), "the gate opens the office's rows with the estate key")
            let counted = try gate.run(["list", "--count"]).stdout
            #expect(counted.hasPrefix("1 subjects stored estate-wide"), "two copies, one person (R19): \(counted)")

            // What the estate database holds is sealed: no name, unit or template in clear.
            let hex = try server.psql("SELECT encode(record, 'hex') FROM estate_subjects").stdout
            let bytes = stride(from: 0, to: hex.count - 1, by: 2).compactMap { offset -> UInt8? in
                let start = hex.index(hex.startIndex, offsetBy: offset)
                return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)
            }
            #expect(bytes.count > 1000, "one record: \(bytes.count) bytes")
            let template = try #require(try MeasuredPhoto.all().first { $0.path.hasSuffix(Self.resident) }).embedding
            for (what, needle) in [
                ("the name", Array("Zhang Wei".utf8)), ("the unit", Array("3-402".utf8)),
                ("the template", GalleryFixtures.clearBytes(Array(template.prefix(6)))),
            ] {
                #expect(!GalleryFixtures.contains(bytes, needle), "\(what) is in clear in the estate database")
            }

            let pseudonym = String(try estate.office.run(["list"]).stdout.split(separator: "\n")[1].prefix(18))
            let withdrawn = try estate.office.run(["withdraw", pseudonym])
            #expect(withdrawn.status == 0 && withdrawn.stdout.contains("at every gate of the estate"), "\(withdrawn.stderr)")
            let resynced = try gate.run(["estate", "sync"])
            #expect(resynced.stdout.contains("synced: 0 added, 1 removed"), "\(resynced.stdout)\(resynced.stderr)")
            let copy = try Gallery.open(in: gate.stateDirectory, master: MasterKey.load(keyFile: estate.keyFile), gate: "test")
            #expect(try copy.subjectCount() == 0 && copy.templates().isEmpty)
            #expect(
                try copy.auditEntries().contains {
                    $0.event.kind == .withdraw && $0.event.pseudonym == pseudonym && $0.event.reason.contains("estate office")
                })
            let verified = try estate.office.run(["audit", "verify", "--estate"])
            #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
            #expect(verified.stdout.contains("gate-a: intact") && verified.stdout.contains("office: intact"), "\(verified.stdout)")
        }
    }

    @Test func R20_theEstateDatabaseIsReachedOnlyOverVerifiedTLSWithOneLineErrors() async throws {
        try await withBlockingSlot {
            let server = try EstateServer()
            let estate = try EstateOfficeSite(server: server)
            func gate(_ edit: @escaping (String) -> String) throws -> Subprocess.Result {
                try SiteFixture(keygen: false) { edit(estate.gateConfig("gate-x", server: server)($0)) }.run(["estate", "sync"])
            }
            let wrongCA = try gate { $0.replacingOccurrences(of: server.caFile, with: server.otherCAFile) }
            #expect(wrongCA.status == 69 && wrongCA.stderr.contains("TLS") && wrongCA.stderr.contains("estate.ca_file"), "\(wrongCA.stderr)")
            let wrongName = try gate { $0.replacingOccurrences(of: "server_name = \"localhost\"", with: "server_name = \"db.elsewhere.example\"") }
            #expect(wrongName.status == 69 && wrongName.stderr.contains("TLS"), "\(wrongName.stderr)")
            let address = try gate { $0.replacingOccurrences(of: "server_name = \"localhost\"\n", with: "") }
            #expect(address.status == 69 && address.stderr.contains("set estate.server_name"), "\(address.stderr)")
            let password = try Fixtures.temporaryDirectory("password") + "/password"
            try "not-the-password".write(toFile: password, atomically: true, encoding: .utf8)
            let wrongPassword = try gate { $0.replacingOccurrences(of: server.passwordFile, with: password) }
            #expect(wrongPassword.status == 69 && wrongPassword.stderr.contains("refused user facegate"), "\(wrongPassword.stderr)")
            let otherKey = try SiteFixture(keygen: true) { $0 + server.configSection() }
            let foreign = try otherKey.run(["estate", "init"])
            #expect(foreign.status != 0 && foreign.stderr.contains("already holds gallery"), "another office's gallery is refused: \(foreign.stderr)")
            let wrongKey = try SiteFixture(keygen: true) { $0 + server.configSection() }
            try FileManager.default.removeItem(atPath: wrongKey.stateDirectory)
            let refused = try wrongKey.run(["estate", "sync"])
            #expect(refused.status != 0 && refused.stderr.contains("is not the estate's"), "\(refused.stderr)")

            try server.kill()
            // A gate stopped during an outage stops at once, not after its
            // reconnect back-off (7.5 s in by now: a 4 s wait has begun).
            let offline = try SiteFixture(keygen: false, estate.gateConfig("gate-y", server: server))
            let daemon = Process()
            daemon.executableURL = URL(fileURLWithPath: Subprocess.facegate)
            daemon.arguments = ["run", "--config", offline.config, "--models", Fixtures.modelsPath]
            daemon.standardOutput = FileHandle.nullDevice
            daemon.standardError = FileHandle.nullDevice
            try daemon.run()
            Thread.sleep(forTimeInterval: 9)
            let stopping = Date()
            daemon.terminate()
            daemon.waitUntilExit()
            let stopSeconds = Date().timeIntervalSince(stopping)
            print("estate: facegate run stopped \(String(format: "%.2f", stopSeconds)) s after SIGTERM during an outage")
            #expect(daemon.terminationStatus == 0 && stopSeconds < 3, "stopped in \(stopSeconds) s, status \(daemon.terminationStatus)")
            let down = try gate { $0 }
            #expect(down.status == 69 && down.stderr.contains("cannot reach the estate database at 127.0.0.1:\(server.port)"), "\(down.stderr)")
            for result in [wrongCA, wrongName, address, wrongPassword, foreign, refused, down] {
                #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
            }
        }
    }

    @Test func R13_theEstateAuditIsAppendOnlyAndAnEditIsFound() async throws {
        try await withBlockingSlot {
            let server = try EstateServer()
            let estate = try EstateOfficeSite(server: server)
            let gate = try SiteFixture(keygen: false, estate.gateConfig("gate-a", server: server))
            #expect(try estate.office.enroll(name: "Li Na", unit: "2-201", photos: [try Fixtures.photo(Self.resident)]).status == 0)
            #expect(try gate.run(["estate", "sync"]).status == 0)
            let update = try server.psql("UPDATE estate_audit SET reason = 'edited'")
            #expect(update.status != 0 && update.stderr.contains("append-only"), "\(update.stderr)")
            #expect(try server.psql("DELETE FROM estate_audit").stderr.contains("append-only"))
            #expect(try server.psql("TRUNCATE estate_audit").stderr.contains("append-only"))
            #expect(try estate.office.run(["audit", "verify", "--estate"]).status == 0)

            let edit = try server.psql(
                """
                ALTER TABLE estate_audit DISABLE TRIGGER estate_audit_no_change;
                UPDATE estate_audit SET reason = 'nothing happened' WHERE chain = 'gate-a' AND sequence = 1;
                ALTER TABLE estate_audit ENABLE TRIGGER estate_audit_no_change;
                """)
            #expect(edit.status == 0, "\(edit.stderr)")
            let verified = try estate.office.run(["audit", "verify", "--estate"])
            #expect(verified.status == 1)
            #expect(verified.stdout.contains("gate-a: BROKEN at entry 1: entry 1 was changed after it was written"), "\(verified.stdout)")
            #expect(verified.stdout.contains("office: intact"))
        }
    }

    @Test func R6_killingAGateDuringItsCopyLeavesACopyTheNextSyncCompletes() async throws {
        try await withBlockingSlot {
            // kill -9 of the copying process, twelve times, at random moments.
            let server = try EstateServer()
            let office = try SiteFixture {
                $0.replacingOccurrences(of: "gate_id = \"north-gate\"", with: "gate_id = \"office\"") + server.configSection()
            }
            let master = try MasterKey.load(keyFile: "\(office.folder)/master.key")
            let gallery = try Gallery.open(in: office.stateDirectory, master: master, gate: "office")
            let total = 3000
            for start in stride(from: 0, to: total, by: 1000) {
                _ = try gallery.enroll((start..<start + 1000).map { GalleryFixtures.request(unit: "\($0)") }, minorsEnabled: false)
            }
            #expect(try office.run(["estate", "init"]).stdout.contains("its \(total) residents"))
            let gate = try SiteFixture(keygen: false) {
                $0.replacingOccurrences(of: "\"/etc/facegate/master.key\"", with: "\"\(office.folder)/master.key\"") + server.configSection()
            }
            var kills = 0
            var withdrawn: String?
            for round in 1...12 {
                // Odd rounds kill `facegate estate sync`, even rounds the daemon
                // itself while its link makes the first copy.
                let daemon = round % 2 == 0
                let sync = Process()
                sync.executableURL = URL(fileURLWithPath: Subprocess.facegate)
                sync.arguments = (daemon ? ["run", "--models", Fixtures.modelsPath] : ["estate", "sync"]) + ["--config", gate.config]
                sync.standardOutput = FileHandle.nullDevice
                sync.standardError = FileHandle.nullDevice
                try sync.run()
                Thread.sleep(forTimeInterval: daemon ? Double.random(in: 1.0...3.0) : Double.random(in: 0.1...0.9))
                if sync.isRunning {
                    kill(sync.processIdentifier, SIGKILL)
                    kills += 1
                }
                sync.waitUntilExit()
                if round == 6 {
                    withdrawn = try gallery.pseudonyms().sorted().first
                    #expect(try office.run(["withdraw", withdrawn!]).status == 0)
                }
                // Killed before the copy's files were made: nothing to check yet.
                guard Gallery.exists(in: gate.stateDirectory) else { continue }
                let copy = try Gallery.open(in: gate.stateDirectory, master: master, gate: "test")
                #expect(try copy.integrityProblems().isEmpty, "round \(round)")
                #expect(try copy.incompleteSubjects().isEmpty, "round \(round): every subject whole")
                #expect(try copy.verifyAudit().isIntact, "round \(round)")
            }
            let finished = try gate.run(["estate", "sync"])
            #expect(finished.status == 0, "\(finished.stderr)")
            let copy = try Gallery.open(in: gate.stateDirectory, master: master, gate: "test")
            print("estate kill test: \(kills) kills of `estate sync` and `run` during a \(total)-subject copy; then: \(finished.stdout)")
            #expect(kills >= 6, "the copy was interrupted")
            #expect(try copy.subjectCount() == total - 1 && copy.templates().count == total - 1, "every key opens every template")
            #expect(try !copy.pseudonyms().contains(withdrawn!), "the withdrawal made meanwhile is applied")
            #expect(try copy.replicaState().cursor == total + 1)
        }
    }

    @Test func R6_aGateOutOfStepForLongerThanTheBoundStopsFaceEntry() async throws {
        try await withBlockingSlot {
            let now = Date()
            #expect(SyncFreshness.problem(lastSync: now.addingTimeInterval(-599), now: now, bound: 600, connection: "down") == nil)
            let stale = SyncFreshness.problem(lastSync: now.addingTimeInterval(-601), now: now, bound: 600, connection: "down")
            #expect(stale?.contains("longer than 10 min") == true && stale?.hasSuffix(": down") == true)
            #expect(SyncFreshness.problem(lastSync: nil, now: now, bound: 600, connection: nil) != nil, "never synced: no face entry")
            #expect(
                SyncFreshness.problem(lastSync: now.addingTimeInterval(-700), now: now, bound: 600, connection: nil)
                    == SyncFreshness.problem(lastSync: now.addingTimeInterval(-900), now: now, bound: 600, connection: nil),
                "the reason does not change every second (each change is audited)")
        }
    }
}
