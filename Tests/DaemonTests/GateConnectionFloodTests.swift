import Audit
import Foundation
import TestSupport
import Testing

/// 1 100 slow connections against a daemon limited to 1 024 descriptors
/// once took every way in down: openings failed ("cannot run /bin/sh"), the
/// gate opened but was reported as an actuator error, and zombies piled up.
/// Now no client holds more than its share, slow requests are cut at their
/// deadline, and the gate program is spawned and reaped without needing a
/// descriptor (R1).
@Suite(.serialized, .testExecutor) struct GateConnectionFloodTests {
    static let pin = "518204"

    @Test func slowConnectionsFromManyAddressesLeaveThePINPadAndTheGateWorking_R1() async throws {
        let camera = try MJPEGServer(scene: ["blank*10"])
        let site = try GateSite(camera: camera.url)
        try site.recordAssessment()
        try site.issuePIN(unit: "7-701", pin: Self.pin)
        let gate = try site.start()
        defer { gate.stop() }
        let daemon = gate.process.processIdentifier
        let limited = try Subprocess.run("/usr/bin/prlimit", ["--pid", "\(daemon)", "--nofile=1024:1024"])
        #expect(limited.status == 0, "\(limited.stderr)")

        let attack = Process()
        attack.executableURL = URL(fileURLWithPath: Subprocess.python)
        attack.arguments = [
            "\(Fixtures.repositoryRoot)/Tests/TestSupport/python/hold_connections.py", "--port", "\(site.kioskPort)",
            "--addresses", "50", "--per-address", "22", "--seconds", "24", "--drip", "2",
        ]
        let output = Pipe()
        attack.standardOutput = output
        try attack.run()
        let holding = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        #expect(holding.hasPrefix("holding"), "\(holding)")

        #expect(gate.post("/api/pin", json: #"{"pin":"\#(Self.pin)"}"#).body.contains("opened"), "the PIN opens during the attack")
        #expect(site.openings == 1)
        while attack.isRunning { try await Task.sleep(for: .milliseconds(200)) }
        let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        print("connection flood: \(holding.trimmingCharacters(in: .whitespacesAndNewlines)); \(report)")
        let numbers = try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Double] ?? [:]
        #expect((numbers["opened"] ?? 0) >= 500, "the attack held many connections: \(report)")
        #expect(numbers["stillOpen"] == 0, "every slow request was cut at its deadline: \(report)")

        #expect(gate.post("/api/pin", json: #"{"pin":"\#(Self.pin)"}"#).body.contains("opened"), "and after it")
        #expect(site.openings == 2)
        #expect(try site.audit(.actuatorError).isEmpty, "no opening was reported as a gate error")
        #expect(!gate.log.contains("cannot run"), "\(gate.log.suffix(400))")
        #expect(try Self.zombies(of: daemon).isEmpty, "every gate program was reaped")
    }

    /// The children of `pid` that have exited but were never reaped.
    static func zombies(of pid: Int32) throws -> [String] {
        let tasks = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")
        let children = tasks.flatMap { task in
            ((try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/children", encoding: .utf8)) ?? "").split(separator: " ").map(String.init)
        }
        return children.filter { child in
            let stat = (try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8)) ?? ""
            return stat.split(separator: ")").last?.split(separator: " ").first == "Z"
        }
    }
}
