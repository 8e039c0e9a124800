import Config
import Foundation
import TestSupport
import Testing

/// `[events]`: off unless configured, secrets read from their files, and
/// every mistake named by its key.
@Suite(.testExecutor) struct EventSettingsTests {
    func config(_ extra: String, folder: String = "/") throws(ConfigError) -> FacegateConfig {
        let example = (try? String(contentsOfFile: ConfigTests.example, encoding: .utf8)) ?? ""
        return try FacegateConfig(toml: example + "\n" + extra, source: "site.toml", baseDirectory: folder)
    }

    @Test func nothingIsSentUnlessASiteConfiguresIt() throws {
        let events = try config("").events
        #expect(events.mqtt == nil && events.webhook == nil && !events.includePseudonym)
    }

    @Test func theBrokerAndWebhookAreReadWithTheirSecretsFromFiles() throws {
        let folder = try Fixtures.temporaryDirectory("events-config")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "s3cret\n".write(toFile: "\(folder)/mqtt.password", atomically: true, encoding: .utf8)
        try "hook\n".write(toFile: "\(folder)/hook.token", atomically: true, encoding: .utf8)
        let events = try config(
            """
            [events.mqtt]
            host = "broker.lan"
            username = "gate"
            password_file = "mqtt.password"
            ca_file = "ca.pem"
            [events.webhook]
            url = "https://platform.lan/events"
            token_file = "hook.token"
            """, folder: folder
        ).events
        #expect(events.mqtt?.password == "s3cret")
        #expect(events.mqtt?.port == 8883, "TLS's port when a CA is given")
        #expect(events.mqtt?.clientID == "facegate-north-gate")
        #expect(events.mqtt?.tls?.caFile == "\(folder)/ca.pem")
        #expect(events.webhook?.token == "hook")
        #expect(events.webhook?.retries == 3)
    }

    @Test(arguments: [
        ("[events.mqtt]\nport = 1883", "[events.mqtt] needs 'events.mqtt.host'"),
        (
            "[events.mqtt]\nhost = \"b\"\npassword_file = \"/nonexistent/pw\"\nusername = \"u\"",
            "'events.mqtt.password_file': /nonexistent/pw cannot be read"
        ),
        ("[events.mqtt]\nhost = \"b\"\ntopic = \"estate/#\"", "'events.mqtt.topic' must be a topic prefix"),
        ("[events.webhook]\nurl = \"ftp://x/y\"", "'events.webhook.url' must be an http:// or https:// URL"),
        ("[events.webhook]\nurl = \"https://x/y\"\nretries = 99", "'events.webhook.retries' must be between"),
        ("[events]\nqueue = 5", "unknown key 'events.queue'"),
    ])
    func mistakesAreNamedByKey(text: String, message: String) {
        let error = #expect(throws: ConfigError.self) { try config(text) }
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "no error")")
    }
}
