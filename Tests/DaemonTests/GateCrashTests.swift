import Audit
import Foundation
import Gallery
import TestSupport
import Testing

/// kill -9 of the running daemon at random moments while a resident walks up
/// and the PIN pad is used (10 times; `FACEGATE_DAEMON_KILLS` for more):
/// every restart opens the gallery whole, the audit chain verifies and holds
/// every start and every opening, and face entry comes back (R1, R13).
@Suite(.serialized, .testExecutor) struct GateCrashTests {
    static let pin = "851406"

    @Test func killNineOfTheRunningDaemonLosesNoAuditEntryAndItComesBack_R1_R13() async throws {
        try await withBlockingSlot {
            let scene = try GateScene.make(residents: 1, in: try Fixtures.temporaryDirectory("scene"))
            let camera = try MJPEGServer(scene: ["\(scene.residents[0].walkUpPhoto)*10", "blank*10"])
            let site = try GateSite(camera: camera.url)
            try site.recordAssessment()
            try site.enroll(scene.residents[0])
            try site.issuePIN(unit: "5-505", pin: Self.pin)
            let rounds = Int(ProcessInfo.processInfo.environment["FACEGATE_DAEMON_KILLS"] ?? "") ?? 10
            var audited = 0
            for round in 0..<rounds {
                let gate = try site.start()
                if round % 2 == 0 { _ = gate.post("/api/pin", json: #"{"pin":"\#(Self.pin)"}"#) }
                Thread.sleep(forTimeInterval: Double.random(in: 0.1...2.5))
                gate.signal(SIGKILL)
                gate.process.waitUntilExit()
                #expect(gate.process.terminationReason == .uncaughtSignal, "round \(round)")
                gate.stop()

                let gallery = try site.gallery()
                #expect(try gallery.integrityProblems().isEmpty, "round \(round)")
                #expect(try gallery.incompleteSubjects().isEmpty, "round \(round)")
                guard case .intact = try gallery.verifyAudit() else {
                    Issue.record("round \(round): audit chain broken: \(try gallery.verifyAudit())")
                    return
                }
                #expect(
                    try site.audit(.startup).count == round + 1,
                    "round \(round): every start is in the audit: \(gate.log.split(separator: "\n").filter { $0.contains("error") }.prefix(3))")
                audited = try site.audit().filter { [.match, .alternative].contains($0.event.kind) }.count
                #expect(
                    site.openings <= audited,
                    "round \(round): every opening was audited before its pulse (\(site.openings) openings, \(audited) entries)")
            }
            let gate = try site.start()
            #expect(gate.wait(timeout: 20) { $0.faceEntry == true }, "face entry is back after \(rounds) kills: \(gate.log.suffix(400))")
            #expect(gate.post("/api/pin", json: #"{"pin":"\#(Self.pin)"}"#).body.contains("opened"))
            #expect(gate.stop() == 0)
            audited = try site.audit().filter { [.match, .alternative].contains($0.event.kind) }.count
            #expect(site.openings <= audited)
            print(
                "daemon crash test: \(rounds) SIGKILLs of facegate run; gallery and audit whole after each; \(site.openings) openings, \(audited) openings audited"
            )
        }
    }
}
