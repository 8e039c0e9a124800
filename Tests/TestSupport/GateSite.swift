public import Audit
public import Foundation
public import Gallery
import Keys
import Locking
import Matcher

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A whole gate for end-to-end tests: a `SiteFixture` whose camera is a
/// URL, whose gate is an `exec` actuator appending a line to `opens.log`,
/// and whose kiosk listens on a free port; `start()` runs `facegate run`
/// with a stand-in systemd notification socket.
public final class GateSite {
    public let site: SiteFixture
    public let kioskPort: Int
    public var opensFile: String { "\(site.folder)/opens.log" }

    /// `edit` changes the config text further (after the gate's own edits).
    /// `challenge` is `liveness.challenge`: "never" unless a test asks,
    /// because the scenes are recordings and photos, which cannot answer a
    /// liveness challenge (GateChallengeTests runs it).
    public init(camera: String, keygen: Bool = true, challenge: String = "never", edit: @escaping (String) -> String = { $0 }) throws {
        // Below the ephemeral range (32768…) the tests' client connections use.
        let port = Int.random(in: 26_000..<32_000)
        let opens = "OPENS_FILE"
        kioskPort = port
        site = try SiteFixture(keygen: keygen) { text in
            edit(
                text.replacingOccurrences(of: "source = \"/dev/video0\"", with: "source = \"\(camera)\"")
                    .replacingOccurrences(
                        of: "command = [\"/usr/local/bin/open-gate\", \"north\"]",
                        with: "command = [\"/bin/sh\", \"-c\", \"echo \\\"$FACEGATE_GATE $FACEGATE_PULSE_MS\\\" >> \(opens)\"]"
                    )
                    .replacingOccurrences(of: "port = 8080", with: "port = \(port)")
                    .replacingOccurrences(of: "challenge = \"on-doubt\"", with: "challenge = \"\(challenge)\""))
        }
        try editConfig { $0.replacingOccurrences(of: opens, with: opensFile) }
    }

    /// Rewrites the config file (e.g. to break it on purpose).
    public func editConfig(_ edit: (String) -> String) throws { try site.editConfig(edit) }

    /// How many times the gate was opened.
    public var openings: Int {
        ((try? String(contentsOfFile: opensFile, encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    /// The site's gallery, opened in this process (the daemon may be running).
    public func gallery() throws -> Gallery {
        try Gallery.open(in: site.stateDirectory, master: MasterKey.load(keyFile: keyFile), gate: "test")
    }

    /// The master key file the config names (an estate's gates share the office's).
    public var keyFile: String {
        let config = (try? String(contentsOfFile: site.config, encoding: .utf8)) ?? ""
        let line = config.split(separator: "\n").first { $0.hasPrefix("key_file = ") }
        return line.map { String($0.dropFirst("key_file = ".count).dropFirst().dropLast()) } ?? "\(site.folder)/master.key"
    }

    /// Every audit entry so far.
    public func audit() throws -> [AuditEntry] { try gallery().auditEntries() }

    /// The audit entries of one kind.
    public func audit(_ kind: AuditEvent.Kind) throws -> [AuditEntry] { try audit().filter { $0.event.kind == kind } }

    /// Records an impact assessment of the installed models (R18).
    public func recordAssessment() throws {
        let result = try site.run(["pia", "record", "--id", "PIA-TEST-1", "--assessor", "test", "--date", "2026-11-01"], models: true)
        guard result.status == 0 else { throw ProcessFailure("pia record: \(result.stderr)") }
    }

    /// Enrolls a resident (paper consent form) and checks it worked.
    public func enroll(_ resident: GateScene.Resident) throws {
        let result = try site.enroll(name: resident.name, unit: resident.unit, photos: [resident.enrollPhoto])
        guard result.status == 0 else { throw ProcessFailure("enroll \(resident.name): \(result.stderr)") }
    }

    /// Issues a PIN for `unit`; returns it.
    public func issuePIN(unit: String, pin: String) throws {
        let result = try site.run(["pin", "add", "--unit", unit, "--pin", pin])
        guard result.status == 0 else { throw ProcessFailure("pin add: \(result.stderr)") }
    }

    /// `facegate run` on this site, waiting until it told systemd READY=1.
    /// `environment` entries are added to the daemon's (e.g. systemd's CREDENTIALS_DIRECTORY).
    public func start(extra: [String] = [], environment: [String: String] = [:]) throws -> RunningGate {
        try RunningGate(site: self, arguments: ["run", "--config", site.config, "--models", Fixtures.modelsPath] + extra, environment: environment)
    }
}

/// A running `facegate run`: its log, its notifications, its kiosk.
public final class RunningGate: @unchecked Sendable {
    // @unchecked: the processes are only touched by the test that owns them.
    public let process = Process()
    public let logFile: String
    public let notifyFile: String
    public let kiosk: String
    private let sink = Process()

    init(site: GateSite, arguments: [String], environment extra: [String: String] = [:]) throws {
        let folder = site.site.folder
        logFile = "\(folder)/daemon.log"
        notifyFile = "\(folder)/notify.log"
        kiosk = "http://127.0.0.1:\(site.kioskPort)"
        let socket = "\(folder)/notify.sock"
        // A restart must not mistake the previous run's READY=1 for its own.
        try? FileManager.default.removeItem(atPath: notifyFile)
        sink.executableURL = URL(fileURLWithPath: Subprocess.python)
        sink.arguments = ["\(Fixtures.repositoryRoot)/Tests/TestSupport/python/notify_sink.py", socket, notifyFile]
        let ready = Pipe()
        sink.standardOutput = ready
        try sink.run()
        _ = ready.fileHandleForReading.availableData
        guard FileManager.default.createFile(atPath: logFile, contents: nil) else { throw ProcessFailure("cannot create \(logFile)") }
        process.executableURL = URL(fileURLWithPath: Subprocess.facegate)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        environment["NOTIFY_SOCKET"] = socket
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: logFile)
        process.standardError = FileHandle(forWritingAtPath: logFile)
        try process.run()
        // Generous: a CI box with both cores busy once took over 30 s.
        guard wait(timeout: 90, until: { $0.notifications.contains { $0.contains("READY=1") } }) else {
            let running = process.isRunning
            stop()
            throw ProcessFailure("facegate run did not become ready in 90 s (\(running ? "still running" : "exited")): \(log)")
        }
    }

    public var log: String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }
    public var notifications: [String] {
        ((try? String(contentsOfFile: notifyFile, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// Polls `condition` every 50 ms until it holds or `timeout` seconds pass.
    @discardableResult
    public func wait(timeout: TimeInterval, until condition: (RunningGate) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(self) { return true }
            guard process.isRunning else { return condition(self) }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return condition(self)
    }

    /// `wait(timeout:until:)` for async tests: polls with awaited sleeps, so
    /// a long wait leaves the cooperative pool to the other suites.
    public func settle(timeout: TimeInterval, until condition: (RunningGate) -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(self) { return true }
            guard process.isRunning else { return condition(self) }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition(self)
    }

    /// GET `path` on the kiosk server: status and body.
    public func get(_ path: String) -> (status: Int, body: String) {
        request(path, method: "GET", body: nil, headers: [:])
    }

    /// POST JSON to the kiosk server: status and body.
    public func post(_ path: String, json: String, headers: [String: String] = [:]) -> (status: Int, body: String) {
        request(path, method: "POST", body: Data(json.utf8), headers: headers.merging(["Content-Type": "application/json"]) { $1 })
    }

    /// The kiosk's state: whether face entry is on, and what the screen says.
    public var faceEntry: Bool? {
        let body = get("/api/state").body
        return body.contains("\"faceEntry\":true") ? true : body.contains("\"faceEntry\":false") ? false : nil
    }

    /// The value of an unlabelled metric on /metrics (e.g. `facegate_frames_stale_total`); nil if absent.
    public func metric(_ name: String) -> Double? {
        get("/metrics").body.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    private func request(_ path: String, method: String, body: Data?, headers: [String: String]) -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: kiosk + path)!, timeoutInterval: 10)
        request.httpMethod = method
        request.httpBody = body
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let result = Locked<(Int, String)>((0, ""))
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, _ in
            result.withLock { $0 = ((response as? HTTPURLResponse)?.statusCode ?? 0, data.map { String(decoding: $0, as: UTF8.self) } ?? "") }
            done.signal()
        }.resume()
        done.wait()
        return result.withLock { $0 }
    }

    public func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// SIGTERM and wait; returns the exit status, or 137 when the daemon
    /// had not stopped 20 s after SIGTERM (it is then killed, as systemd would).
    @discardableResult
    public func stop() -> Int32 {
        var hung = false
        if process.isRunning {
            signal(SIGTERM)
            let deadline = Date().addingTimeInterval(20)
            while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            if process.isRunning {
                hung = true
                signal(SIGKILL)
            }
            process.waitUntilExit()
        }
        if sink.isRunning {
            kill(sink.processIdentifier, SIGKILL)
            sink.waitUntilExit()
        }
        return hung ? 137 : process.terminationStatus
    }

    deinit { stop() }
}

extension [AuditEntry] {
    /// Refusals of `kind`: the entries written one by one plus those that
    /// `refusals-summarised` entries count (a flood is summarised).
    public func refusals(_ kind: AuditEvent.Kind) -> Int {
        let summarised = filter { $0.event.kind == .refusalsSummarised && $0.event.reason.contains(" more \(kind) entries ") }
            .compactMap { Int($0.event.reason.prefix { $0.isNumber }) }.reduce(0, +)
        return filter { $0.event.kind == kind }.count + summarised
    }
}
