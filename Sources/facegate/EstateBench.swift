import ArgumentParser
import Audit
import Estate
import Foundation
import Gallery
import Keys
import Logging
import ServiceLifecycle

/// `facegate bench estate`: how fast office changes reach three gates, what a
/// new gate's first copy of a large gallery costs, and the bytes it takes,
/// each against a reference measured in the same run on the same server.
struct EstateBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "estate",
        abstract: "Time propagation to three gates and a full copy, against PostgreSQL's own NOTIFY and a raw read.",
        discussion: """
            Needs an empty estate database (`make bench-estate` starts a throw-away server). Three
            gate links run in this process, each with its own SQLite copy, as `facegate run` runs
            them. Propagation is timed from the office's commit to the subject being present in (or
            gone from) a gate's copy, against a bare NOTIFY between two connections. The full copy
            of --subjects synthetic subjects is timed against reading the same rows without
            decoding or applying them; bytes are counted on the loopback interface.
            """)

    @Option(help: "The estate database server.") var host = "127.0.0.1"
    @Option(help: "Its port.") var port = 5432
    @Option(help: "The database.") var database = "estate"
    @Option(help: "The user.") var user = "facegate"
    @Option(help: "A file holding the password.") var passwordFile: String
    @Option(help: "The CA that signed the server's certificate.") var caFile: String
    @Option(help: "The name in the server's certificate.") var serverName: String?
    @Option(help: "Enrollments (then withdrawals) timed across the gates.") var changes = 50
    @Option(help: "Subjects in the gallery a new gate copies.") var subjects = 100_000

    func run() async throws {
        let endpoint = EstateEndpoint(
            host: host, port: port, database: database, user: user, passwordFile: passwordFile, caFile: caFile, serverName: serverName)
        let quiet = EstateOffice.quiet
        let directory = NSTemporaryDirectory() + "facegate-bench-estate-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let master = MasterKey.generate()
        let office = try Gallery.create(in: "\(directory)/office", master: master, gate: "office")
        let database = try await EstateDatabase.connect(endpoint, logger: quiet, migrate: true)
        guard try await database.header() == nil else {
            await database.close()
            throw CommandFailure(status: .failure, description: "the benchmark needs an empty estate database (make bench-estate starts one)")
        }
        try await database.publish(header: office.header())
        print("facegate bench estate — PostgreSQL at \(host):\(port), TLS verified")

        let notify = try await EstateDatabase.using(endpoint, logger: quiet) { listener in
            try await database.notifyRoundTrips(to: listener, samples: 200)
        }
        let (enroll, withdraw) = try await propagation(database: database, office: office, endpoint: endpoint, master: master, in: directory)
        let floor = notify.map(\.milliseconds).median
        print("reference: bare NOTIFY between two connections  p50 \(ms(floor))  p95 \(ms(notify.map(\.milliseconds).percentile(95)))")
        for (what, times) in [("enroll", enroll), ("withdraw", withdraw)] {
            print(
                "\(what) → present in/gone from all 3 gates' copies: p50 \(ms(times.median))  p95 \(ms(times.percentile(95)))  max \(ms(times.max() ?? 0))  (\(times.count) samples; p50 \(String(format: "%.1f", times.median / floor))× NOTIFY)"
            )
        }
        try await fullCopy(database: database, office: office, endpoint: endpoint, master: master, in: directory)
        await database.close()
    }

    /// `changes` enrollments, then as many withdrawals, each published at the
    /// office and waited for in all three gates' copies.
    func propagation(
        database: EstateDatabase, office: Gallery, endpoint: EstateEndpoint, master: MasterKey, in directory: String
    ) async throws -> (enroll: [Double], withdraw: [Double]) {
        let links = (1...3).map {
            EstateLink(endpoint: endpoint, directory: "\(directory)/gate-\($0)", master: master, gate: "gate-\($0)", log: EstateOffice.quiet)
        }
        let group = ServiceGroup(configuration: .init(services: links, logger: EstateOffice.quiet))
        let running = Task { try await group.run() }
        while links.contains(where: { $0.status.lastSync == nil }) { try await Task.sleep(for: .milliseconds(20)) }
        let copies = try links.map { try Gallery.open(in: $0.directory, master: master, gate: "bench-reader") }
        func waitAll(_ present: Bool, _ pseudonym: String, from start: ContinuousClock.Instant) throws -> [Double] {
            var pending = Set(copies.indices), times: [Double] = []
            while !pending.isEmpty {
                for index in pending where try (copies[index].standing(of: pseudonym) != nil) == present {
                    pending.remove(index)
                    times.append((ContinuousClock.now - start).milliseconds)
                }
                guard ContinuousClock.now - start < .seconds(30) else {
                    throw CommandFailure(status: .failure, description: "a gate did not follow within 30 s")
                }
                Thread.sleep(forTimeInterval: 0.0005)
            }
            return times
        }
        var enroll: [Double] = [], withdraw: [Double] = [], pseudonyms: [String] = []
        for index in 0..<changes {
            let receipt = try office.enroll(GalleryBench.syntheticRequest(index), minorsEnabled: false)
            try await database.publish(try office.records([receipt.pseudonym]), actor: "bench")
            enroll += try waitAll(true, receipt.pseudonym, from: .now)
            pseudonyms.append(receipt.pseudonym)
        }
        for pseudonym in pseudonyms {
            _ = try await database.remove([pseudonym], kind: .withdraw, actor: "bench")
            withdraw += try waitAll(false, pseudonym, from: .now)
            _ = try office.withdraw(pseudonym, actor: "bench")
        }
        await group.triggerGracefulShutdown()
        try await running.value
        return (enroll, withdraw)
    }

    /// A new gate's first copy of a `subjects`-subject gallery.
    func fullCopy(database: EstateDatabase, office: Gallery, endpoint: EstateEndpoint, master: MasterKey, in directory: String) async throws {
        let build = ContinuousClock.now
        for start in stride(from: 0, to: subjects, by: 1000) {
            let receipts = try office.enroll((start..<min(subjects, start + 1000)).map(GalleryBench.syntheticRequest), minorsEnabled: false)
            try await database.publish(try office.records(receipts.map(\.pseudonym)), actor: "bench")
        }
        print(
            "\(subjects) subjects enrolled at the office and published in \(String(format: "%.1f", (ContinuousClock.now - build).milliseconds / 1000)) s"
        )

        let rawBytes = LoopbackCounter()
        let rawStart = ContinuousClock.now
        let raw = try await EstateDatabase.using(endpoint, logger: EstateOffice.quiet) { try await $0.readAllRecords() }
        let rawSeconds = (ContinuousClock.now - rawStart).milliseconds / 1000
        let rawWire = rawBytes.sent()

        let copyBytes = LoopbackCounter()
        let copyStart = ContinuousClock.now
        let outcome = try await EstateDatabase.using(endpoint, logger: EstateOffice.quiet) { database in
            let gallery = try await EstateReplica.open(in: "\(directory)/new-gate", database: database, master: master, gate: "new-gate")
            return try await EstateReplica(gallery: gallery, database: database, chain: "new-gate").sync()
        }
        let copySeconds = (ContinuousClock.now - copyStart).milliseconds / 1000
        let copyWire = copyBytes.sent()
        let opened = try Gallery.open(in: "\(directory)/new-gate", master: master, gate: "bench").templates().count
        print(
            String(
                format:
                    "new gate, first copy of %d subjects: %.1f s (%d added; %d templates open)   reference: reading the rows only %.1f s, ratio %.1f×",
                subjects, copySeconds, outcome.added, opened, rawSeconds, copySeconds / rawSeconds))
        print(
            String(
                format: "bytes per subject: %.0f on the wire for the copy (TLS, both directions), %.0f for the raw read; record %.0f bytes",
                Double(copyWire) / Double(subjects), Double(rawWire) / Double(raw.count), Double(raw.bytes) / Double(raw.count)))
    }

    func ms(_ value: Double) -> String { String(format: "%.1f ms", value) }
}

/// Bytes sent over the loopback interface since it was made (/proc/net/dev):
/// on loopback every byte either side sends is counted once.
struct LoopbackCounter {
    let start = Self.sentBytes()

    func sent() -> Int { Self.sentBytes() - start }

    static func sentBytes() -> Int {
        let text = (try? String(contentsOfFile: "/proc/net/dev", encoding: .utf8)) ?? ""
        guard let line = text.split(separator: "\n").first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("lo:") }) else { return 0 }
        let fields = line.split(separator: ":")[1].split(separator: " ")
        return fields.count > 8 ? Int(fields[8]) ?? 0 : 0
    }
}
