import Config
import Events
import Foundation
import Logging
import TestSupport
import Testing

/// The broker sink against a real Debian mosquitto with a password: events
/// arrive in order, survive a killed broker, and a wrong password or an
/// absent broker never blocks the caller.
@Suite(.serialized) struct MQTTSinkTests {
    func settings(_ broker: MQTTBroker, password: String? = nil, caFile: String? = nil) -> MQTTSettings {
        MQTTSettings(
            host: caFile == nil ? "127.0.0.1" : "localhost", port: broker.port, clientID: "facegate-test-\(UInt16.random(in: 0...9999))",
            username: broker.username, password: password ?? broker.password, keepaliveSeconds: 5,
            tls: caFile.map { MQTTSettings.TLS(caFile: $0, certFile: nil, keyFile: nil, insecure: false) })
    }

    @Test func overTLSTheBrokerIsCheckedAgainstTheSitesCA() throws {
        let broker = try MQTTBroker(topics: ["facegate/#"], tls: true)
        defer { broker.stop() }
        let impostor = MQTTSink(settings: settings(broker, caFile: broker.otherCAFile), gate: "g", capacity: 10, log: Logger(label: "test"))
        impostor.start()
        impostor.send(event(0))
        let trusted = MQTTSink(settings: settings(broker, caFile: broker.caFile), gate: "h", capacity: 10, log: Logger(label: "test"))
        trusted.start()
        trusted.send(event(1))
        #expect(broker.wait(timeout: 60) { $0.objects(on: "facegate/h/decision").count == 1 }, "delivered over TLS")
        trusted.stop()
        impostor.stop()
        #expect(broker.objects(on: "facegate/g/decision").isEmpty, "a certificate from another CA is refused")
        #expect(impostor.pending == 1)
    }

    func event(_ index: Int) -> GateEvent {
        GateEvent(type: "decision", gate: "north gate", outcome: "alternative", method: "pin", opened: true, time: Date(), mode: "face")
            .with(outcome: "alternative-\(index)")
    }

    @Test func eventsArriveInOrderAndResumeAfterTheBrokerIsKilled() throws {
        let broker = try MQTTBroker(topics: ["facegate/#", "homeassistant/#"])
        defer { broker.stop() }
        let sink = MQTTSink(settings: settings(broker), gate: "north gate", capacity: 100, log: Logger(label: "test"))
        sink.start()
        defer { sink.stop() }
        for index in 0..<3 { sink.send(event(index)) }
        let topic = "facegate/north_gate/decision"
        #expect(broker.wait(timeout: 60) { $0.objects(on: topic).count == 3 }, "\(broker.messages)")
        #expect(broker.messages.contains { $0.topic == "facegate/north_gate/availability" && $0.payload == "online" })
        let discovery = broker.objects(on: "homeassistant/binary_sensor/facegate_north_gate_face_entry/config")
        #expect(discovery.first?["state_topic"] as? String == "facegate/north_gate/mode")

        broker.kill()
        var sendTimes: [Duration] = []
        for index in 3..<8 {
            let started = ContinuousClock.now
            sink.send(event(index))
            sendTimes.append(ContinuousClock.now - started)
        }
        #expect(sendTimes.allSatisfy { $0 < .seconds(1) }, "queuing never waits for the broker: \(sendTimes)")
        try broker.start()
        #expect(broker.wait(timeout: 90) { $0.objects(on: topic).count >= 8 }, "\(broker.messages.count) messages")
        let outcomes = broker.objects(on: topic).compactMap { $0["outcome"] as? String }
        #expect(outcomes == (0..<8).map { "alternative-\($0)" }, "each event once, in order")
        #expect(sink.dropped == 0)
    }

    @Test func aWrongPasswordIsRefusedAndTheEventsWait() throws {
        let broker = try MQTTBroker(topics: ["facegate/#"])
        defer { broker.stop() }
        let sink = MQTTSink(settings: settings(broker, password: "wrong"), gate: "g", capacity: 3, log: Logger(label: "test"))
        sink.start()
        defer { sink.stop() }
        for index in 0..<5 { sink.send(event(index)) }
        Thread.sleep(forTimeInterval: 2)
        #expect(broker.objects(on: "facegate/g/decision").isEmpty, "the broker took nothing from a client it refused")
        #expect(sink.pending == 3, "the queue holds its capacity")
        #expect(sink.dropped == 2, "the oldest were dropped and counted")
    }
}

extension GateEvent {
    func with(outcome: String) -> GateEvent {
        var copy = self
        copy.outcome = outcome
        return copy
    }
}
