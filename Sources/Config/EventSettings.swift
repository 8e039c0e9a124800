public import Foundation

/// Where a gate tells the estate's platform what it decided (`[events]`):
/// an MQTT broker, an HTTP webhook, both or neither. What is sent carries no
/// personal data (see `GateEvent`); the pseudonym only with `include_pseudonym`.
public struct EventSettings: Sendable {
    public var includePseudonym: Bool
    /// Events kept per destination while it is unreachable; beyond, the oldest are dropped.
    public var queueCapacity: Int
    public var mqtt: MQTTSettings?
    public var webhook: WebhookSettings?

    public init(includePseudonym: Bool = false, queueCapacity: Int = 1000, mqtt: MQTTSettings? = nil, webhook: WebhookSettings? = nil) {
        self.includePseudonym = includePseudonym
        self.queueCapacity = queueCapacity
        self.mqtt = mqtt
        self.webhook = webhook
    }
}

/// A broker (`[events.mqtt]`): Debian's mosquitto or any MQTT 3.1.1 broker.
public struct MQTTSettings: Sendable {
    /// TLS to the broker: the CA that signed its certificate, optionally a client certificate.
    public struct TLS: Sendable {
        public var caFile: String
        public var certFile: String?
        public var keyFile: String?
        /// Skips the host-name check (a broker known by address only); the certificate is still checked.
        public var insecure: Bool

        public init(caFile: String, certFile: String? = nil, keyFile: String? = nil, insecure: Bool = false) {
            self.caFile = caFile
            self.certFile = certFile
            self.keyFile = keyFile
            self.insecure = insecure
        }
    }

    public var host: String
    public var port: Int
    public var clientID: String
    public var username: String?
    /// Read from `password_file` when the config is loaded, never written in the config itself.
    public var password: String?
    /// Topics are `<topic>/<gate>/decision`, `…/mode` and `…/availability`.
    public var topic: String
    /// Home Assistant MQTT discovery of the gate's mode and last decision.
    public var homeAssistant: Bool
    public var discoveryPrefix: String
    public var keepaliveSeconds: Int
    public var tls: TLS?

    public init(
        host: String, port: Int = 1883, clientID: String, username: String? = nil, password: String? = nil, topic: String = "facegate",
        homeAssistant: Bool = true, discoveryPrefix: String = "homeassistant", keepaliveSeconds: Int = 30, tls: TLS? = nil
    ) {
        self.host = host
        self.port = port
        self.clientID = clientID
        self.username = username
        self.password = password
        self.topic = topic
        self.homeAssistant = homeAssistant
        self.discoveryPrefix = discoveryPrefix
        self.keepaliveSeconds = keepaliveSeconds
        self.tls = tls
    }
}

/// An HTTP endpoint that receives each event as a JSON POST (`[events.webhook]`).
public struct WebhookSettings: Sendable {
    public var url: URL
    /// Sent as `Authorization: Bearer …`; read from `token_file` when the config is loaded.
    public var token: String?
    public var timeoutSeconds: Double
    /// Further tries after a failed POST (no answer, 5xx, 408, 429), with a growing pause.
    public var retries: Int

    public init(url: URL, token: String? = nil, timeoutSeconds: Double = 5, retries: Int = 3) {
        self.url = url
        self.token = token
        self.timeoutSeconds = timeoutSeconds
        self.retries = retries
    }
}

extension EventSettings {
    init(_ reader: TOMLReader, gateID: String, path: (String) -> String) throws(ConfigError) {
        func secret(_ key: String) throws(ConfigError) -> String? {
            guard let file = try reader.optionalString(key).map(path) else { return nil }
            guard let data = FileManager.default.contents(atPath: file) else {
                throw reader.error("'\(key)': \(file) cannot be read")
            }
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        includePseudonym = try reader.bool("events.include_pseudonym", default: false)
        queueCapacity = try reader.int("events.queue_capacity", default: 1000, range: 1...1_000_000)
        if let host = try reader.optionalString("events.mqtt.host") {
            let tls = try reader.optionalString("events.mqtt.ca_file").map(path).map { ca throws(ConfigError) in
                MQTTSettings.TLS(
                    caFile: ca, certFile: try reader.optionalString("events.mqtt.cert_file").map(path),
                    keyFile: try reader.optionalString("events.mqtt.key_file").map(path),
                    insecure: try reader.bool("events.mqtt.tls_insecure", default: false))
            }
            let username = try reader.optionalString("events.mqtt.username")
            let password = try secret("events.mqtt.password_file")
            if password != nil && username == nil { throw reader.error("'events.mqtt.password_file' needs 'events.mqtt.username'") }
            let topic = try reader.string("events.mqtt.topic", default: "facegate")
            guard !topic.isEmpty, !topic.contains(where: { "+#".contains($0) }), !topic.hasSuffix("/") else {
                throw reader.error("'events.mqtt.topic' must be a topic prefix without '+', '#' or a trailing '/'")
            }
            mqtt = MQTTSettings(
                host: host, port: try reader.int("events.mqtt.port", default: tls == nil ? 1883 : 8883, range: 1...65535),
                clientID: try reader.string("events.mqtt.client_id", default: "facegate-\(gateID)"), username: username, password: password,
                topic: topic, homeAssistant: try reader.bool("events.mqtt.home_assistant", default: true),
                discoveryPrefix: try reader.string("events.mqtt.discovery_prefix", default: "homeassistant"),
                keepaliveSeconds: try reader.int("events.mqtt.keepalive_seconds", default: 30, range: 5...3600), tls: tls)
        } else if !(try reader.keys(of: "events.mqtt")).isEmpty {
            throw reader.error("[events.mqtt] needs 'events.mqtt.host', the broker")
        }
        if let raw = try reader.optionalString("events.webhook.url") {
            guard let url = URL(string: raw), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
                throw reader.error("'events.webhook.url' must be an http:// or https:// URL")
            }
            webhook = WebhookSettings(
                url: url, token: try secret("events.webhook.token_file"),
                timeoutSeconds: try reader.double("events.webhook.timeout_seconds", default: 5, range: 0.1...60),
                retries: try reader.int("events.webhook.retries", default: 3, range: 0...10))
        } else if !(try reader.keys(of: "events.webhook")).isEmpty {
            throw reader.error("[events.webhook] needs 'events.webhook.url'")
        }
    }
}
