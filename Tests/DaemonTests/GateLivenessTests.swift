import Audit
import Foundation
import TestSupport
import Testing

/// A site's hardware liveness sensor in the running daemon (R21): under
/// `rule = "both"` a live-looking resident is still refused while the sensor
/// says "not live", and let in once it says "live".
@Suite(.serialized, .testExecutor) struct GateLivenessTests {
    @Test func theGateOpensOnlyWhenTheSensorAgrees_R21() async throws {
        try await withBlockingSlot {
            let scene = try GateScene.make(residents: 1, in: try Fixtures.temporaryDirectory("scene"))
            let camera = try MJPEGServer(scene: ["\(scene.residents[0].walkUpPhoto)*15", "blank*15"])
            let answer = "\(try Fixtures.temporaryDirectory("sensor"))/answer"
            try "1".write(toFile: answer, atomically: true, encoding: .utf8)
            let site = try GateSite(camera: camera.url) { text in
                text.replacingOccurrences(of: "rule = \"software\"", with: "rule = \"both\"")
                    .replacingOccurrences(
                        of: "# command = [\"/usr/local/bin/ir-liveness\"]",
                        with: "command = [\"/bin/sh\", \"-c\", \"exit $(cat \(answer))\"]")
            }
            try site.recordAssessment()
            try site.enroll(scene.residents[0])
            let gate = try site.start()
            let refused = gate.wait(timeout: 20) { _ in ((try? site.audit(.spoofSuspected).count) ?? 0) >= 1 }
            #expect(refused, "the sensor's 'not live' refuses a resident the camera recognised: \(gate.log)")
            #expect(site.openings == 0)
            #expect(try site.audit(.spoofSuspected).first?.event.reason == "the liveness sensor saw no live person")

            let refusedAt = Date()
            try "0".write(toFile: answer, atomically: true, encoding: .utf8)
            #expect(gate.wait(timeout: 20) { _ in site.openings >= 1 }, "the sensor's 'live' lets the resident in on the next walk-up")
            #expect(Date().timeIntervalSince(refusedAt) < 6, "the refusal left no cooldown (8 s) behind: a walk-up 3 s later opens")
            // The pulse comes before its audit entry is written; give the write a moment.
            #expect(gate.wait(timeout: 5) { _ in ((try? site.audit(.match).count) ?? 0) >= 1 })
            #expect(try site.audit(.match).count == 1)
            #expect(gate.stop() == 0)
        }
    }
}
