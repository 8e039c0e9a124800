import Audit
import Foundation
import Gallery
import Keys
import Locking
import Matcher
import TestSupport
import Testing

/// The state directory on a small tmpfs that fills up under a running
/// daemon, then turns read-only: admin changes are refused in one line,
/// nothing is corrupted, and a way in still opens the gate (R1) — the PIN
/// with the disk full, the card reader with the gallery unreadable.
@Suite(.serialized, .testExecutor) struct GateStorageFaultTests {
    static let pin = "392817"
    static let token = "card-reader-secret-5d1f"

    /// A fresh 16 MB tmpfs (the test runs as root, as CI does).
    static func mountTmpfs() throws -> String {
        let folder = try Fixtures.temporaryDirectory("tmpfs")
        let mounted = try Subprocess.run("/bin/mount", ["-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs", folder])
        guard mounted.status == 0 else { throw ProcessFailure("cannot mount a tmpfs at \(folder): \(mounted.stderr)") }
        return folder
    }

    /// Writes zeros until the filesystem says it is full (in large chunks, then in pages).
    static func fill(_ path: String) throws {
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        for size in [256 * 1024, 4096] {
            let chunk = Data(count: size)
            while (try? handle.write(contentsOf: chunk)) != nil {}
        }
        try? handle.close()
    }

    /// The audit entries of `kind` in the gallery at `state`.
    static func audit(_ site: GateSite, in state: String, _ kind: AuditEvent.Kind) throws -> [AuditEntry] {
        let gallery = try Gallery.open(in: state, master: MasterKey.load(keyFile: "\(site.site.folder)/master.key"), gate: "test")
        return try gallery.auditEntries().filter { $0.event.kind == kind }
    }

    static func expectWhole(_ site: GateSite, in state: String, subjects: Int, _ moment: String) throws {
        let gallery = try Gallery.open(in: state, master: MasterKey.load(keyFile: "\(site.site.folder)/master.key"), gate: "test")
        #expect(try gallery.integrityProblems().isEmpty, "\(moment)")
        #expect(try gallery.incompleteSubjects().isEmpty, "\(moment)")
        #expect(try gallery.subjectCount() == subjects, "\(moment)")
        guard case .intact = try gallery.verifyAudit() else {
            Issue.record("\(moment): audit chain broken: \(try gallery.verifyAudit())")
            return
        }
    }

    @Test func aFullThenReadOnlyStateDirectoryLosesNothingAndAWayInStillOpens_R1_R13() async throws {
        try await withBlockingSlot {
            let mount = try Self.mountTmpfs()
            defer { _ = try? Subprocess.run("/bin/umount", ["-l", mount]) }
            let camera = try MJPEGServer(scene: ["blank*10"])
            let tokenFile = "\(try Fixtures.temporaryDirectory("token"))/controller.token"
            try Self.token.write(toFile: tokenFile, atomically: true, encoding: .utf8)
            let site = try GateSite(camera: camera.url) {
                $0.replacingOccurrences(of: "\"/var/lib/facegate\"", with: "\"\(mount)/state\"")
                    .replacingOccurrences(
                        of: "# controller_token_file = \"/etc/facegate/controller.token\"", with: "controller_token_file = \"\(tokenFile)\"")
            }
            try site.recordAssessment()
            #expect(try site.site.enroll(name: "Full Disk", unit: "4-404", photos: [try Fixtures.photo("Male_24_10_1.jpg")]).status == 0)
            try site.issuePIN(unit: "4-404", pin: Self.pin)
            let gate = try site.start()
            // Up and audited first: a daemon still starting when the disk
            // fills spends its audit reserve on its own entries, and the
            // space freed would let the enrollment below through.
            #expect(gate.wait(timeout: 60) { $0.faceEntry == true }, "the gate is up before the disk fills")

            try Self.fill("\(mount)/filler")
            #expect(gate.post("/api/pin", json: #"{"pin":"\#(Self.pin)"}"#).body.contains("opened"), "the PIN opens with the disk full")
            #expect(site.openings == 1)
            #expect(gate.log.contains("audit written from the reserve"), "the opening's entry used the audit reserve: \(gate.log.suffix(300))")
            // What the reserve gave back is filled too: the daemon may have
            // spent it before the PIN (its camera's scene ends, a mode
            // change is audited), and an enrollment would fit in it.
            try Self.fill("\(mount)/filler-2")
            let enroll = try site.site.enroll(name: "No Room", unit: "4-405", photos: [try Fixtures.photo("Female_40-2_1.jpg")])
            #expect(enroll.status != 0)
            #expect(
                enroll.stderr.split(separator: "\n").count == 1 && enroll.stderr.contains("full"), "one line naming the full disk: \(enroll.stderr)")
            #expect(gate.wait(timeout: 30) { $0.faceEntry == false }, "no face decision may go unaudited: face entry is off")
            try FileManager.default.removeItem(atPath: "\(mount)/filler")
            try FileManager.default.removeItem(atPath: "\(mount)/filler-2")
            #expect(gate.wait(timeout: 60) { $0.faceEntry == true }, "face entry comes back once the audit log can be written")
            try Self.expectWhole(site, in: "\(mount)/state", subjects: 1, "after the disk was full")
            #expect(try Self.audit(site, in: "\(mount)/state", .alternative).count == 1, "the opening with the disk full is audited")

            #expect(gate.stop() == 0)

            let readOnly = try Subprocess.run("/bin/mount", ["-o", "remount,ro", mount])
            #expect(readOnly.status == 0, "\(readOnly.stderr)")
            let withdraw = try site.site.run(["withdraw", "--name", "Full Disk", "--unit", "4-404", "--yes"])
            #expect(withdraw.status != 0)
            #expect(
                withdraw.stderr.split(separator: "\n").count == 1 && withdraw.stderr.contains("read-only"),
                "one line naming the read-only disk: \(withdraw.stderr)")
            let restarted = try site.start()
            #expect(restarted.wait(timeout: 30) { $0.faceEntry == false }, "face entry is off while the audit log cannot be written")
            #expect(restarted.log.contains("read-only"), "the log says why: \(restarted.log.suffix(400))")
            let card = restarted.post("/api/alternative", json: #"{"method":"card"}"#, headers: ["Authorization": "Bearer \(Self.token)"])
            #expect(card.body.contains("opened"), "the card reader still opens the gate: \(card)")
            #expect(site.openings == 2)
            #expect(restarted.stop() == 0)
            _ = try Subprocess.run("/bin/mount", ["-o", "remount,rw", mount])
            try Self.expectWhole(site, in: "\(mount)/state", subjects: 1, "after the disk was read-only")
            let gallery = try Gallery.open(in: "\(mount)/state", master: MasterKey.load(keyFile: "\(site.site.folder)/master.key"), gate: "test")
            #expect(try gallery.auditEntries().contains { $0.event.kind == .pinAdded }, "what was written before the faults is kept")
        }
    }

    /// Eight threads posting wrong PINs wrote a synced row per refusal and
    /// filled a small state directory in seconds. Now a flood leaves a few
    /// rows and a summary that counts the rest, and the resident's PIN
    /// afterwards opens the gate and is audited (R13, R1).
    @Test func aFloodOfRefusalsIsSummarisedAndTheNextOpeningIsAudited_R13_R1() async throws {
        let mount = try Self.mountTmpfs()
        defer { _ = try? Subprocess.run("/bin/umount", ["-l", mount]) }
        let camera = try MJPEGServer(scene: ["blank*10"])
        let site = try GateSite(camera: camera.url) {
            $0.replacingOccurrences(of: "\"/var/lib/facegate\"", with: "\"\(mount)/state\"")
                .replacingOccurrences(of: "pin_lockout_seconds = 60.0", with: "pin_lockout_seconds = 1.0")
        }
        try site.recordAssessment()
        try site.issuePIN(unit: "4-404", pin: Self.pin)
        let gate = try site.start()
        defer { gate.stop() }
        #expect(
            await gate.settle(timeout: 30) { _ in FileManager.default.fileExists(atPath: "\(mount)/state/audit-reserve") },
            "the daemon keeps an audit reserve")

        let answers = Locked<[String: Int]>([:])
        // 8 threads until 200 refusals (or 30 s on a very busy machine).
        let until = Date().addingTimeInterval(30)
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            var guess = thread * 10_000
            while Date() < until, answers.withLock({ $0.values.reduce(0, +) }) < 200 {
                guess += 1
                let body = gate.post("/api/pin", json: #"{"pin":"\#(String(format: "%06d", 100_000 + guess))"}"#).body
                let result = ["wrong", "locked", "opened"].first { body.contains($0) } ?? "other"
                answers.withLock { $0[result, default: 0] += 1 }
            }
        }
        let counted = answers.withLock { $0 }
        let refused = (counted["wrong"] ?? 0) + (counted["locked"] ?? 0)
        print("flood: \(counted)")
        #expect(counted["opened"] == nil && counted["other"] == nil, "\(counted)")
        #expect(refused >= 100, "the flood was a flood: \(counted)")
        let state = "\(mount)/state"
        let master = try MasterKey.load(keyFile: "\(site.site.folder)/master.key")
        let countedNow = { ((try? Gallery.open(in: state, master: master, gate: "test").auditEntries()) ?? []).refusals(.alternativeRefused) }
        #expect(
            await gate.settle(timeout: 90) { _ in countedNow() == refused },
            "every refusal is counted once its window is summarised: \(countedNow()) of \(refused)")
        #expect(try Self.audit(site, in: state, .refusalsSummarised).isEmpty == false, "the held refusals are summarised")
        let rows = try Self.audit(site, in: state, .alternativeRefused).count
        #expect(rows <= 60, "a few rows per window, not one per refusal: \(rows)")

        // The flooding client is locked out for longer each time; the resident's pad is another client.
        let resident = try Subprocess.run(
            "/usr/bin/curl",
            [
                "-s", "--interface", "127.0.0.2", "-H", "Content-Type: application/json", "--data", #"{"pin":"\#(Self.pin)"}"#,
                "\(gate.kiosk)/api/pin",
            ])
        #expect(resident.stdout.contains("opened"), "the resident's PIN after the flood: \(resident.stdout)")
        #expect(
            await gate.settle(timeout: 30) { _ in ((try? Self.audit(site, in: state, .alternative)) ?? []).count == 1 }, "and its opening is audited")
    }
}
