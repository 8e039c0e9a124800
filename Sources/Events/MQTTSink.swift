public import Config
import Foundation
public import Logging

/// Publishes a gate's events to an MQTT broker from a thread of its own.
/// The gate only queues (`EventQueue`); while the broker is down the sink
/// reconnects with a growing pause (1 s up to 30 s) and the queue keeps the
/// newest events, which follow once the broker is back. An event the broker
/// will not take is tried three times, then dropped and counted.
///
/// Topics, under `<topic>/<gate>`: `decision` (one JSON message per
/// decision, QoS 1), `mode` (retained) and `availability` (retained
/// `online`, and `offline` as the connection's will).
public final class MQTTSink: QueuedSink, @unchecked Sendable {
    // @unchecked: `lastMode` is only touched by the sink's thread; the rest is immutable or locked.
    let settings: MQTTSettings
    let gate: String
    private var lastMode: GateEvent?

    public init(settings: MQTTSettings, gate: String, capacity: Int, log: Logger) {
        self.settings = settings
        self.gate = gate
        super.init(kind: "mqtt", name: "mqtt \(settings.host):\(settings.port)", thread: "facegate-mqtt", capacity: capacity, log: log)
    }

    /// `<topic>/<gate>/…`, with the gate's id reduced to what a topic level may hold.
    var base: String { "\(settings.topic)/\(Self.topicLevel(gate))" }

    static func topicLevel(_ text: String) -> String {
        String(text.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
    }

    override func run() {
        var pause: TimeInterval = 1
        var reported = false
        while !queue.isClosed {
            do {
                let link = try MQTTLink(settings: settings, willTopic: "\(base)/availability", willPayload: "offline")
                try link.connect(host: settings.host, port: settings.port, keepalive: settings.keepaliveSeconds, timeout: .seconds(10))
                log.notice("events: connected to the MQTT broker", metadata: ["broker": "\(name)"])
                reported = false
                pause = 1
                try announce(on: link)
                try deliver(on: link)
                link.disconnect()
            } catch {
                if !reported {
                    log.warning(
                        "events: MQTT broker unavailable; events are queued and sent when it is back",
                        metadata: ["broker": "\(name)", "error": "\(error)", "queued": "\(queue.count)"])
                    reported = true
                }
                guard queue.pause(pause) else { return }
                pause = min(pause * 2, 30)
            }
        }
    }

    /// On each connection: availability, Home Assistant discovery, the mode in force.
    private func announce(on link: MQTTLink) throws(MQTTLink.Failure) {
        try link.publish(topic: "\(base)/availability", payload: Array("online".utf8), retain: true, timeout: .seconds(10))
        if settings.homeAssistant {
            for (topic, config) in HomeAssistantDiscovery(base: base, gate: gate, prefix: settings.discoveryPrefix).messages {
                try link.publish(topic: topic, payload: Array(config), retain: true, timeout: .seconds(10))
            }
        }
        if let lastMode {
            try link.publish(topic: "\(base)/mode", payload: Array(lastMode.json), retain: true, timeout: .seconds(10))
        }
    }

    /// Sends queued events until the link fails or the sink stops.
    private func deliver(on link: MQTTLink) throws(MQTTLink.Failure) {
        var failures = 0
        while true {
            guard let event = queue.first(waiting: Double(settings.keepaliveSeconds) / 2) else {
                if queue.isClosed { return }
                try link.service(timeout: .milliseconds(100))
                continue
            }
            let isMode = event.type == "mode"
            do {
                try link.publish(topic: "\(base)/\(isMode ? "mode" : "decision")", payload: Array(event.json), retain: isMode, timeout: .seconds(10))
                if isMode { lastMode = event }
                queue.removeFirst()
                failures = 0
            } catch {
                failures += 1
                if failures >= 3 {
                    queue.removeFirst(givenUp: true)
                    log.error("events: MQTT event dropped after 3 tries", metadata: ["broker": "\(name)", "error": "\(error)"])
                    failures = 0
                }
                throw error
            }
        }
    }
}

/// Home Assistant's MQTT discovery for one gate: a binary sensor "face
/// entry" from the mode topic and a sensor "last decision" from the decision
/// topic, both unavailable when the gate's will says `offline`.
struct HomeAssistantDiscovery {
    let base: String
    let gate: String
    let prefix: String

    var messages: [(topic: String, payload: Data)] {
        let id = "facegate_\(MQTTSink.topicLevel(gate))"
        let device: [String: any Sendable] = [
            "identifiers": [id], "name": "facegate \(gate)", "manufacturer": "facegate", "model": "face entry gate",
        ]
        let common: [String: any Sendable] = ["availability_topic": "\(base)/availability", "device": device]
        let faceEntry = common.merging([
            "name": "Face entry", "unique_id": "\(id)_face_entry", "state_topic": "\(base)/mode",
            "value_template": "{{ value_json.mode }}", "payload_on": "face", "payload_off": "alternatives-only",
        ]) { $1 }
        let lastDecision = common.merging([
            "name": "Last decision", "unique_id": "\(id)_last_decision", "state_topic": "\(base)/decision",
            "value_template": "{{ value_json.outcome }}", "json_attributes_topic": "\(base)/decision",
        ]) { $1 }
        return [
            ("\(prefix)/binary_sensor/\(id)_face_entry/config", Self.json(faceEntry)),
            ("\(prefix)/sensor/\(id)_last_decision/config", Self.json(lastDecision)),
        ]
    }

    static func json(_ object: [String: any Sendable]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }
}
