import Audit
import FaceVision
import Foundation
import Gallery
import Locking
import Matcher
import TestSupport
import Testing

/// What the daemon does with the network and with faces it does not know,
/// watched from outside while a resident, a stranger and a PIN go through
/// the gate.
@Suite(.serialized, .testExecutor) struct GatePrivacyTests {
    static let pin = "846201"

    /// The sockets of `pid` as `ss` lists them: protocol, state, local and peer address.
    static func sockets(of pid: Int32) throws -> [(proto: String, state: String, local: String, peer: String)] {
        let listing = try Subprocess.run("/usr/bin/ss", ["-tuanpH"]).stdout
        return listing.split(separator: "\n").filter { $0.contains("pid=\(pid),") }.compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard fields.count >= 6 else { return nil }
            return (fields[0], fields[1], fields[4], fields[5])
        }
    }

    static func port(_ address: String) -> Int { Int(address.split(separator: ":").last ?? "") ?? -1 }

    /// R9: the only connections the daemon makes are to the configured camera
    /// (and actuator, sensor and estate server, none of which is network here):
    /// no DNS, no telemetry, nothing else, while faces and a PIN are decided.
    @Test func theDaemonConnectsToNothingButWhatIsConfigured_R9() async throws {
        let scene = try GateScene.make(residents: 1, in: try Fixtures.temporaryDirectory("scene"))
        let stranger = try #require(scene.qualifyingStrangers.first)
        let camera = try MJPEGServer(scene: ["blank*5", "\(scene.residents[0].walkUpPhoto)*20", "blank*10", "\(stranger.path)*30", "blank*10"])
        let site = try GateSite(camera: camera.url)
        try site.recordAssessment()
        try site.enroll(scene.residents[0])
        try site.issuePIN(unit: "9-901", pin: Self.pin)
        let gate = try site.start()
        defer { gate.stop() }
        let pid = gate.process.processIdentifier
        let cameraPort = Self.port(URLComponents(string: camera.url).map { "x:\($0.port ?? 0)" } ?? "")
        let kioskPort = site.kioskPort
        let seen = Locked<[String]>([])
        let watching = Locked(true)
        let watcher = Thread {
            while watching.withLock({ $0 }) {
                for socket in (try? Self.sockets(of: pid)) ?? [] where !["LISTEN", "UNCONN"].contains(socket.state) || socket.proto == "udp" {
                    let inbound = Self.port(socket.local) == kioskPort
                    let toCamera = Self.port(socket.peer) == cameraPort && socket.peer.hasPrefix("127.0.0.1")
                    if !inbound && !toCamera { seen.withLock { $0.append("\(socket)") } }
                }
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
        watcher.start()
        #expect(gate.post("/api/pin", json: #"{"pin":"\#(Self.pin)"}"#).body.contains("opened"))
        let decided = await gate.settle(timeout: 90) { _ in site.openings >= 2 && ((try? site.audit(.unknown)) ?? []).isEmpty == false }
        watching.withLock { $0 = false }
        while watcher.isExecuting { try await Task.sleep(for: .milliseconds(50)) }
        #expect(decided, "the resident opened and the stranger was judged: \(site.openings) openings")
        #expect(seen.withLock { $0 }.isEmpty, "connections nobody configured: \(seen.withLock { Array($0.prefix(5)) })")
    }

    /// R16: a stranger judged "not recognised" leaves an audit line with no
    /// pseudonym and nothing else: no subject, no template, no file, no
    /// image anywhere in the site; and the daemon loads no model but
    /// detection, recognition and liveness (no age, gender or emotion).
    @Test func anUnknownFaceLeavesNoTraceAndNoAttributeIsAnalysed_R16() async throws {
        let scene = try GateScene.make(residents: 1, in: try Fixtures.temporaryDirectory("scene"))
        let stranger = try #require(scene.qualifyingStrangers.first)
        let camera = try MJPEGServer(scene: ["blank*5", "\(stranger.path)*40", "blank*10"])
        let site = try GateSite(camera: camera.url)
        try site.recordAssessment()
        try site.enroll(scene.residents[0])
        let filesBefore = Set(try FileManager.default.subpathsOfDirectory(atPath: site.site.folder))
        let gate = try site.start()
        defer { gate.stop() }
        #expect(await gate.settle(timeout: 90) { _ in ((try? site.audit(.unknown)) ?? []).isEmpty == false }, "the stranger was judged")
        let unknown = try site.audit(.unknown)
        #expect(unknown.allSatisfy { $0.event.pseudonym == nil && $0.event.actor == nil }, "no identity in the entry")
        #expect(unknown.allSatisfy { $0.event.reason == "not recognised" }, "\(unknown.map(\.event.reason))")
        #expect(try site.gallery().subjectCount() == 1, "no subject was made of the stranger")
        #expect(try site.gallery().templates().count == 1)
        gate.stop()

        let expected: Set<String> = ["daemon.log", "notify.log", "notify.sock", "opens.log", "state/audit-reserve"]
        let added = Set(try FileManager.default.subpathsOfDirectory(atPath: site.site.folder)).subtracting(filesBefore)
            .filter { !$0.hasPrefix("state/gallery.sqlite") && !$0.hasPrefix("state/keys.sqlite") }
        #expect(added.subtracting(expected).isEmpty, "files the run left: \(added.subtracting(expected).sorted())")
        for file in try FileManager.default.subpathsOfDirectory(atPath: site.site.folder) {
            guard let data = FileManager.default.contents(atPath: "\(site.site.folder)/\(file)") else { continue }
            #expect(
                data.range(of: Data([0xFF, 0xD8, 0xFF])) == nil && data.range(of: Data([0x89, 0x50, 0x4E, 0x47])) == nil,
                "\(file) holds an image")
        }
        #expect(
            ModelSpec.all.map(\.file).sorted() == [
                "MiniFASNetV1SE.onnx", "MiniFASNetV2.onnx", "face_detection_yunet_2023mar.onnx", "face_recognition_sface_2021dec.onnx",
            ], "detection, recognition and liveness only")
        let metrics = gate.log + ((try? String(contentsOfFile: "\(site.site.folder)/daemon.log", encoding: .utf8)) ?? "")
        for attribute in ["age", "gender", "emotion", "ethnicity"] {
            #expect(!metrics.lowercased().contains("\"\(attribute)\""), "no \(attribute) anywhere in what the daemon says")
        }
    }
}
