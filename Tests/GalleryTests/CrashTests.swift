import Audit
import Crypto
import Foundation
import Gallery
import Keys
import TestSupport
import Testing

/// kill -9 in the middle of enroll, withdraw, rekey, purge or audit purge,
/// again and again (100 times; `FACEGATE_CRASH_ROUNDS` for more): afterwards
/// SQLite's integrity check passes, the audit chain verifies, and every
/// subject is either whole or gone (R6, R7, R10, R13).
@Suite(.testExecutor) struct CrashTests {
    @Test func killNineDuringEnrollWithdrawRekeyAndPurgesLosesNothing_R6_R7_R13() async throws {
        try await withBlockingSlot {
            let folder = try Fixtures.temporaryDirectory("crash")
            let directory = "\(folder)/state"
            let keys = [MasterKey.generate(), MasterKey.generate()]
            for (index, key) in keys.enumerated() { try key.write(to: "\(folder)/key\(index)") }
            _ = try Gallery.create(in: directory, master: keys[0], gate: "crash")
            let stress = URL(fileURLWithPath: Subprocess.facegate).deletingLastPathComponent().appendingPathComponent("gallery-stress").path
            var kills = 0
            var totalSubjects = 0
            let rounds = Int(ProcessInfo.processInfo.environment["FACEGATE_CRASH_ROUNDS"] ?? "") ?? 100
            for round in 0..<rounds {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: stress)
                process.arguments = [directory, "\(folder)/key0", "\(folder)/key1"]
                let output = Pipe()
                process.standardOutput = output
                try process.run()
                _ = output.fileHandleForReading.availableData  // "running": at least one operation done
                usleep(UInt32.random(in: 20_000...250_000))
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                #expect(process.terminationReason == .uncaughtSignal, "round \(round): the stress tool ended by itself")
                kills += 1

                let opened = keys.lazy.compactMap { try? Gallery.open(in: directory, master: $0, gate: "check") }.first
                let gallery = try #require(opened, "round \(round): neither key opens the gallery")
                #expect(try gallery.integrityProblems().isEmpty, "round \(round)")
                guard case .intact = try gallery.verifyAudit() else {
                    Issue.record("round \(round): audit chain broken: \(try gallery.verifyAudit())")
                    return
                }
                #expect(try gallery.incompleteSubjects().isEmpty, "round \(round): half-stored subjects")
                totalSubjects = try gallery.subjectCount()
                #expect(try gallery.templates().count == totalSubjects)
            }
            let opened = keys.lazy.compactMap { try? Gallery.open(in: directory, master: $0, gate: "check") }.first
            let kinds = Set(try #require(opened).auditEntries().map(\.event.kind.rawValue))
            let days = (try? String(contentsOfFile: "\(folder)/clock-days", encoding: .utf8)) ?? "?"
            print(
                "crash test: \(kills) SIGKILLs; gallery whole after each; \(totalSubjects) subjects at the end; \(days) simulated days; kinds seen: \(kinds.sorted())"
            )
            #expect(kills == rounds)
        }
    }
}
