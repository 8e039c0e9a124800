public import Foundation

/// A real Debian `mosquitto` on a free loopback port, with a password and
/// persistence (so a subscriber's queued messages survive a `kill -9`),
/// and a real `mosquitto_sub` recording every message on `topics`.
public final class MQTTBroker: @unchecked Sendable {
    // @unchecked: the processes are only touched by the test that owns them.
    public let port: Int
    public let folder: String
    public let username = "gate"
    public let password = "broker-secret-\(UInt32.random(in: 0...UInt32.max))"
    public var passwordFile: String { "\(folder)/client.password" }
    private var broker: Process?
    private let subscriber = Process()
    private var messagesFile: String { "\(folder)/messages.log" }
    private var subscribed = Date.distantFuture

    /// With TLS: the CA that signed the broker's certificate (for `localhost`), and a CA that did not.
    public var caFile: String? { tls ? "\(folder)/ca.pem" : nil }
    public var otherCAFile: String { "\(folder)/other-ca.pem" }
    private let tls: Bool

    /// Clients' address and credentials (and the CA, with TLS).
    private var client: [String] {
        ["-h", tls ? "localhost" : "127.0.0.1", "-p", "\(port)", "-u", username, "-P", password] + (caFile.map { ["--cafile", $0] } ?? [])
    }

    /// `tls`: the listener speaks only TLS, with a certificate from a CA made for the test (openssl).
    public init(topics: [String] = ["#"], tls: Bool = false) throws {
        folder = try Fixtures.temporaryDirectory("mqtt")
        port = Int.random(in: 20_000..<26_000)
        self.tls = tls
        if tls { try Self.makeCertificates(in: folder) }
        let made = try Subprocess.run("/usr/bin/mosquitto_passwd", ["-b", "-c", "\(folder)/passwd", username, password])
        guard made.status == 0 else { throw ProcessFailure("mosquitto_passwd: \(made.stderr)") }
        try password.write(toFile: passwordFile, atomically: true, encoding: .utf8)
        try """
        listener \(port) 127.0.0.1
        \(tls ? "cafile \(folder)/ca.pem\ncertfile \(folder)/server.pem\nkeyfile \(folder)/server.key" : "")
        allow_anonymous false
        password_file \(folder)/passwd
        persistence true
        persistence_location \(folder)/
        autosave_interval 1
        \(getuid() == 0 ? "user root" : "")

        """.write(toFile: "\(folder)/mosquitto.conf", atomically: true, encoding: .utf8)
        try start()
        _ = FileManager.default.createFile(atPath: messagesFile, contents: nil)
        subscriber.executableURL = URL(fileURLWithPath: "/usr/bin/mosquitto_sub")
        subscriber.arguments =
            client + ["-i", "facegate-test-subscriber", "-c", "-q", "1", "-v"]
            + (topics + ["facegate-test/ready"]).flatMap { ["-t", $0] }
        subscriber.standardOutput = FileHandle(forWritingAtPath: messagesFile)
        subscriber.standardError = FileHandle.nullDevice
        try subscriber.run()
        // Subscribed once it hears its own probe.
        let ready = client + ["-q", "1", "-t", "facegate-test/ready", "-m", "1"]
        for _ in 0..<200 where !messages.contains(where: { $0.topic == "facegate-test/ready" }) {
            _ = try Subprocess.run("/usr/bin/mosquitto_pub", ready)
            Thread.sleep(forTimeInterval: 0.1)
        }
        guard messages.contains(where: { $0.topic == "facegate-test/ready" }) else { throw ProcessFailure("mosquitto_sub never subscribed") }
        subscribed = Date()
    }

    /// Starts (or restarts) the broker and waits until it accepts connections.
    public func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/mosquitto")
        process.arguments = ["-c", "\(folder)/mosquitto.conf"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: "\(folder)/broker.log") ?? FileHandle.nullDevice
        try process.run()
        broker = process
        let deadline = Date(timeIntervalSinceNow: 20)
        while Date() < deadline {
            let probe = try Subprocess.run(
                "/usr/bin/mosquitto_pub", client + ["-t", "probe", "-n"])
            if probe.status == 0 { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw ProcessFailure("mosquitto did not start on port \(port)")
    }

    /// A CA, the broker's key and certificate for `localhost` signed by it, and an unrelated CA.
    static func makeCertificates(in folder: String) throws {
        func openssl(_ arguments: [String]) throws {
            let result = try Subprocess.run("/usr/bin/openssl", arguments)
            guard result.status == 0 else { throw ProcessFailure("openssl \(arguments.first ?? ""): \(result.stderr)") }
        }
        let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        for (name, subject) in [("ca", "facegate MQTT test CA"), ("other-ca", "facegate MQTT other CA")] {
            try openssl(
                ["req", "-x509", "-new"] + key + [
                    "-days", "2", "-subj", "/CN=\(subject)", "-keyout", "\(folder)/\(name).key", "-out", "\(folder)/\(name).pem",
                    "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-addext", "basicConstraints=critical,CA:TRUE",
                ])
        }
        try openssl(["req", "-new"] + key + ["-subj", "/CN=localhost", "-keyout", "\(folder)/server.key", "-out", "\(folder)/server.csr"])
        try "basicConstraints = critical, CA:FALSE\nextendedKeyUsage = serverAuth\nsubjectAltName = DNS:localhost\n"
            .write(toFile: "\(folder)/server.ext", atomically: true, encoding: .utf8)
        try openssl([
            "x509", "-req", "-in", "\(folder)/server.csr", "-CA", "\(folder)/ca.pem", "-CAkey", "\(folder)/ca.key", "-CAcreateserial",
            "-days", "2", "-extfile", "\(folder)/server.ext", "-out", "\(folder)/server.pem",
        ])
    }

    /// `kill -9` of the broker, as a crash or a pulled cable would end it.
    /// Waits first until the broker has saved the subscriber's session (it
    /// saves every second), so that what is published after the restart
    /// waits for the subscriber as it would for any persistent client.
    public func kill() {
        guard let broker else { return }
        let deadline = Date(timeIntervalSinceNow: 20)
        func saved() -> Bool {
            let attributes = try? FileManager.default.attributesOfItem(atPath: "\(folder)/mosquitto.db")
            return (attributes?[.modificationDate] as? Date).map { $0 > subscribed } ?? false
        }
        while Date() < deadline && !saved() { Thread.sleep(forTimeInterval: 0.1) }
        Foundation.kill(broker.processIdentifier, SIGKILL)
        broker.waitUntilExit()
        self.broker = nil
    }

    /// Every message received so far: topic and payload.
    public var messages: [(topic: String, payload: String)] {
        let text = (try? String(contentsOfFile: messagesFile, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map { line -> (topic: String, payload: String) in
            let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
    }

    /// The messages on `topic`, payloads decoded as JSON objects.
    public func objects(on topic: String) -> [[String: Any]] {
        messages.filter { $0.topic == topic }.compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.payload.utf8)) as? [String: Any]
        }
    }

    /// Polls every 50 ms until `condition` holds or `timeout` seconds pass.
    public func wait(timeout: TimeInterval, until condition: (MQTTBroker) -> Bool) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while Date() < deadline {
            if condition(self) { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return condition(self)
    }

    public func stop() {
        Foundation.kill(subscriber.processIdentifier, SIGKILL)
        subscriber.waitUntilExit()
        kill()
        try? FileManager.default.removeItem(atPath: folder)
    }
}
