import Audit
public import Estate
import Foundation
import Gallery
import Keys
import Logging
import ServiceLifecycle

/// `facegate bench estate`: how fast office changes reach three gates, what a
/// new gate's first copy of a large gallery costs, and the bytes it takes,
/// each against a reference measured in the same run on the same server.
public struct EstateBenchmark {
    /// An empty estate database.
    public var endpoint: EstateEndpoint
    /// Enrollments (then withdrawals) timed across the gates.
    public var changes: Int
    /// Subjects in the gallery a new gate copies.
    public var subjects: Int

    public init(endpoint: EstateEndpoint, changes: Int, subjects: Int) {
        self.endpoint = endpoint
        self.changes = changes
        self.subjects = subjects
    }

    public func run() async throws {
        let quiet = EstateOffice.quiet
        let directory = NSTemporaryDirectory() + "facegate-bench-estate-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let master = MasterKey.generate()
        let office = try Gallery.create(in: "\(directory)/office", master: master, gate: "office")
        let database = try await EstateDatabase.connect(endpoint, logger: quiet, migrate: true)
        guard try await database.header() == nil else {
            await database.close()
            throw BenchmarkError(.failed, "the benchmark needs an empty estate database (make bench-estate starts one)")
        }
        try await database.publish(header: office.header())
        print("facegate bench estate — PostgreSQL at \(endpoint.host):\(endpoint.port), TLS verified")

        let notify = try await EstateDatabase.using(endpoint, logger: quiet) { listener in
            try await database.notifyRoundTrips(to: listener, samples: 200)
        }
        let (enroll, withdraw) = try await propagation(database: database, office: office, master: master, in: directory)
        let floor = notify.map(\.milliseconds).median
        print("reference: bare NOTIFY between two connections  p50 \(ms(floor))  p95 \(ms(notify.map(\.milliseconds).percentile(95)))")
        for (what, times) in [("enroll", enroll), ("withdraw", withdraw)] {
            print(
                "\(what) → present in/gone from all 3 gates' copies: p50 \(ms(times.median))  p95 \(ms(times.percentile(95)))  max \(ms(times.max() ?? 0))  (\(times.count) samples; p50 \(String(format: "%.1f", times.median / floor))× NOTIFY)"
            )
        }
        try await fullCopy(database: database, office: office, master: master, in: directory)
        await database.close()
    }

    /// `changes` enrollments, then as many withdrawals, each published at the
    /// office and waited for in all three gates' copies.
    func propagation(
        database: EstateDatabase, office: Gallery, master: MasterKey, in directory: String
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
                    throw BenchmarkError(.failed, "a gate did not follow within 30 s")
                }
                Thread.sleep(forTimeInterval: 0.0005)
            }
            return times
        }
        var enroll: [Double] = [], withdraw: [Double] = [], pseudonyms: [String] = []
        for index in 0..<changes {
            let receipt = try office.enroll(SyntheticSubject.request(index), minorsEnabled: false)
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
    func fullCopy(database: EstateDatabase, office: Gallery, master: MasterKey, in directory: String) async throws {
        let build = ContinuousClock.now
        for start in stride(from: 0, to: subjects, by: 1000) {
            let receipts = try office.enroll((start..<min(subjects, start + 1000)).map(SyntheticSubject.request), minorsEnabled: false)
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
        sentBytes(netDev: (try? String(contentsOfFile: "/proc/net/dev", encoding: .utf8)) ?? "")
    }

    /// The `lo` interface's transmitted bytes in the text of /proc/net/dev; 0 without it.
    static func sentBytes(netDev text: String) -> Int {
        guard let line = text.split(separator: "\n").first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("lo:") }) else { return 0 }
        let fields = line.split(separator: ":")[1].split(separator: " ")
        return fields.count > 8 ? Int(fields[8]) ?? 0 : 0
    }
}
