internal import CMQTT
import Config

/// The thin Swift wrapper over CMQTT (libmosquitto): one connection to a
/// broker, driven by one thread. Every call blocks for at most its timeout.
final class MQTTLink {
    /// A broker's refusal or a failed call, in one line.
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ code: Int32) { description = String(cString: fg_mqtt_error(code)) }
    }

    private let client: OpaquePointer

    init(settings: MQTTSettings, willTopic: String, willPayload: String) throws(Failure) {
        var error: Int32 = 0
        let made = fg_mqtt_new(
            settings.clientID, settings.username, settings.password, settings.tls?.caFile, settings.tls?.certFile,
            settings.tls?.keyFile, settings.tls?.insecure == true ? 1 : 0, willTopic, willPayload, &error)
        guard let made else { throw Failure(error) }
        client = made
    }

    deinit { fg_mqtt_free(client) }

    func connect(host: String, port: Int, keepalive: Int, timeout: Duration) throws(Failure) {
        let code = fg_mqtt_connect(client, host, Int32(port), Int32(keepalive), Self.milliseconds(timeout))
        guard code == 0 else { throw Failure(code) }
    }

    /// Publishes and waits for the broker's acknowledgement (QoS 1).
    func publish(topic: String, payload: [UInt8], retain: Bool, timeout: Duration) throws(Failure) {
        let code = fg_mqtt_publish(client, topic, payload, Int32(payload.count), 1, retain ? 1 : 0, Self.milliseconds(timeout))
        guard code == 0 else { throw Failure(code) }
    }

    /// Answers pings for up to `timeout`; throws once the link is gone.
    func service(timeout: Duration) throws(Failure) {
        let code = fg_mqtt_service(client, Self.milliseconds(timeout))
        guard code == 0 else { throw Failure(code) }
    }

    func disconnect() { fg_mqtt_disconnect(client) }

    private static func milliseconds(_ duration: Duration) -> Int32 {
        Int32(clamping: duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }
}
