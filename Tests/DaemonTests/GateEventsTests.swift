import Audit
import Foundation
import TestSupport
import Testing

/// `facegate run` publishing to a real Debian mosquitto (with a password):
/// one event per decision, none with personal data, and a broker killed
/// mid-run neither stops nor slows the gate; its events follow once it is back.
@Suite(.serialized, .testExecutor) struct GateEventsTests {
    static let pin = "604173"

    @Test func everyDecisionIsPublishedAndTheGateKeepsOpeningWhileTheBrokerIsDown_R1_R13() async throws {
        try await withBlockingSlot {
            let broker = try MQTTBroker(topics: ["facegate/#", "homeassistant/#"])
            defer { broker.stop() }
            let camera = try MJPEGServer(scene: ["blank*10"])
            let site = try GateSite(camera: camera.url) { text in
                text + """

                    [events.mqtt]
                    host = "127.0.0.1"
                    port = \(broker.port)
                    username = "\(broker.username)"
                    password_file = "\(broker.passwordFile)"
                    keepalive_seconds = 5

                    """
            }
            try site.recordAssessment()
            try site.issuePIN(unit: "6-601", pin: Self.pin)
            let gate = try site.start()
            defer { gate.stop() }
            let decisions = "facegate/north-gate/decision"
            #expect(broker.wait(timeout: 60) { $0.objects(on: "facegate/north-gate/mode").first?["type"] as? String == "mode" })
            #expect(broker.messages.contains { $0.topic == "facegate/north-gate/availability" && $0.payload == "online" })
            #expect(!broker.objects(on: "homeassistant/sensor/facegate_north-gate_last_decision/config").isEmpty)

            func enter(_ pin: String) -> String {
                let answer = gate.post("/api/pin", json: #"{"pin":"\#(pin)"}"#)
                return answer.body.split(separator: "\"").dropFirst(3).first.map(String.init) ?? "HTTP \(answer.status)"
            }
            #expect(enter(Self.pin) == "opened")
            #expect(enter("111111") == "wrong")
            #expect(enter(Self.pin) == "opened")
            #expect(broker.wait(timeout: 60) { $0.objects(on: decisions).count == 3 }, "\(broker.messages)")

            broker.kill()
            for _ in 0..<3 { #expect(enter(Self.pin) == "opened", "the gate opens with the broker down") }
            #expect(site.openings == 5)
            #expect(
                gate.wait(timeout: 30) { $0.metric(#"facegate_events_pending{sink="mqtt"}"#) == 3 },
                "the three wait on /metrics: \(gate.get("/metrics").body.split(separator: "\n").filter { $0.contains("events") })")
            try broker.start()
            #expect(
                broker.wait(timeout: 120) { $0.objects(on: decisions).count >= 6 }, "the queued events follow: \(broker.objects(on: decisions).count)"
            )

            #expect(gate.wait(timeout: 30) { $0.metric(#"facegate_events_pending{sink="mqtt"}"#) == 0 })
            #expect(gate.metric(#"facegate_events_dropped{sink="mqtt"}"#) == 0)
            let events = broker.objects(on: decisions)
            let audited = try site.audit().filter { [.alternative, .alternativeRefused].contains($0.event.kind) }
            #expect(events.count == audited.count, "one event per audited decision")
            #expect(events.compactMap { $0["outcome"] as? String } == audited.map(\.event.kind.rawValue))
            #expect(events.allSatisfy { $0["method"] as? String == "pin" && $0["gate"] as? String == "north-gate" })
            #expect(events.compactMap { $0["opened"] as? Bool } == [true, false, true, true, true, true])
            let everything = broker.messages.map(\.payload).joined(separator: "\n")
            let pseudonyms = audited.compactMap(\.event.pseudonym)
            #expect(!pseudonyms.isEmpty)
            for secret in ["6-601", Self.pin] + pseudonyms {
                #expect(!everything.contains(secret), "no personal data on the broker: \(secret)")
            }
        }
    }
}
