public import Audit
public import Foundation
public import Gallery
public import Logging
import PostgresNIO

/// The estate's system of record, on its own PostgreSQL server: one open,
/// TLS-verified connection and every query facegate makes of it. The office
/// publishes enrollments and removals here; gates copy them and ship their
/// audit chains back. Only sealed rows, wrapped keys, pseudonyms and audit
/// entries are ever sent.
public final class EstateDatabase: Sendable {
    let connection: PostgresConnection
    let endpoint: EstateEndpoint
    let logger: Logger

    init(connection: PostgresConnection, endpoint: EstateEndpoint, logger: Logger) {
        self.connection = connection
        self.endpoint = endpoint
        self.logger = logger
    }

    /// Connects; with `migrate` (for `estate init`) creates or updates the
    /// schema, else refuses a database that is not set up or is newer.
    public static func connect(_ endpoint: EstateEndpoint, logger: Logger, migrate: Bool = false) async throws(EstateError) -> EstateDatabase {
        let connection = try await endpoint.connect(logger: logger)
        let database = EstateDatabase(connection: connection, endpoint: endpoint, logger: logger)
        do {
            if migrate {
                _ = try await EstateSchema.migrate(connection, logger: logger)
            } else {
                let applied = try await EstateSchema.applied(connection, logger: logger)
                let known = Set(EstateSchema.migrations.map(\.identifier))
                guard applied == known else {
                    throw EstateError(
                        applied.isEmpty
                            ? "the estate database at \(endpoint.host):\(endpoint.port) is not set up; run `facegate estate init` at the office"
                            : applied.isSuperset(of: known)
                                ? "the estate database was migrated by a newer facegate; upgrade facegate here"
                                : "the estate database needs `facegate estate init` to update its schema")
                }
            }
        } catch {
            await database.close()
            throw EstateError.from(error, endpoint)
        }
        return database
    }

    /// Connects, runs `body`, and closes the connection however `body` ends.
    public static func using<T>(
        _ endpoint: EstateEndpoint, logger: Logger, migrate: Bool = false, _ body: (EstateDatabase) async throws -> T
    ) async throws -> T {
        let database = try await connect(endpoint, logger: logger, migrate: migrate)
        do {
            let value = try await body(database)
            await database.close()
            return value
        } catch {
            await database.close()
            throw error
        }
    }

    public func close() async {
        try? await connection.close()
    }

    /// Closes the connection without waiting (a shutdown handler).
    func closeNow() {
        connection.close().whenComplete { _ in }
    }

    /// Runs `body` and maps any failure to one line naming the server.
    func run<T>(_ body: () async throws -> T) async throws(EstateError) -> T {
        do {
            return try await body()
        } catch {
            throw EstateError.from(error, endpoint)
        }
    }

    /// `body` in one transaction (rolled back on any error).
    func transaction<T>(_ begin: PostgresQuery = "BEGIN", _ body: () async throws -> T) async throws(EstateError) -> T {
        try await run {
            try await connection.query(begin, logger: logger)
            do {
                let value = try await body()
                try await connection.query("COMMIT", logger: logger)
                return value
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    // MARK: The gallery header

    /// The estate gallery's header, nil before `estate init` published one.
    public func header() async throws(EstateError) -> GalleryHeader? {
        try await run {
            var meta: [String: Data] = [:]
            for try await (key, value) in try await connection.query("SELECT key, value FROM estate_meta", logger: logger).decode((String, Data).self)
            {
                meta[key] = value
            }
            guard let id = meta["gallery_id"], let check = meta["master_check"], let audit = meta["audit_key"],
                let fingerprint = meta["master_fingerprint"]
            else { return nil }
            return GalleryHeader(
                galleryID: String(decoding: id, as: UTF8.self), masterCheck: check, wrappedAuditKey: audit,
                masterFingerprint: String(decoding: fingerprint, as: UTF8.self))
        }
    }

    /// Publishes the office gallery's header; refuses to replace another one.
    public func publish(header: GalleryHeader) async throws(EstateError) {
        if let existing = try await self.header() {
            guard existing.galleryID == header.galleryID else {
                throw EstateError(
                    "the estate database already holds gallery \(existing.galleryID) (master key \(existing.masterFingerprint)); this office's gallery is \(header.galleryID). Nothing was changed"
                )
            }
            return
        }
        try await transaction {
            for (key, value) in [
                ("gallery_id", Data(header.galleryID.utf8)), ("master_check", header.masterCheck),
                ("audit_key", header.wrappedAuditKey), ("master_fingerprint", Data(header.masterFingerprint.utf8)),
            ] {
                try await connection.query("INSERT INTO estate_meta (key, value) VALUES (\(key), \(value))", logger: logger)
            }
        }
    }

    // MARK: Subjects and changes

    /// Publishes enrollments (sealed records) in one transaction with their
    /// change numbers, and tells listening gates. Returns the last number.
    @discardableResult
    public func publish(_ records: [SubjectRecord], actor: String) async throws(EstateError) -> Int64 {
        let encoder = JSONEncoder()
        let encoded = try await run { try records.map { ($0, try encoder.encode($0)) } }
        return try await changing { () async throws -> Int64 in
            var last: Int64 = 0
            for (record, data) in encoded {
                try await connection.query(
                    "INSERT INTO estate_subjects (pseudonym, expires_at, record) VALUES (\(record.pseudonym), \(record.expires), \(data))",
                    logger: logger)
                last = try await self.change(record.pseudonym, kind: "enroll", actor: actor)
            }
            return last
        }
    }

    /// Removes subjects (`withdraw` or `purge`); returns those that existed.
    public func remove(_ pseudonyms: [String], kind: AuditEvent.Kind, actor: String) async throws(EstateError) -> [String] {
        try await changing { () async throws -> [String] in
            var removed: [String] = []
            for pseudonym in pseudonyms {
                let rows = try await connection.query(
                    "DELETE FROM estate_subjects WHERE pseudonym = \(pseudonym) RETURNING pseudonym", logger: logger)
                for try await gone in rows.decode(String.self) { removed.append(gone) }
                if removed.last == pseudonym { _ = try await self.change(pseudonym, kind: kind.rawValue, actor: actor) }
            }
            return removed
        }
    }

    /// Removes every subject whose retention ended by `time`; returns them.
    public func purgeExpired(at time: Date, actor: String) async throws(EstateError) -> [String] {
        let expired = try await run { () async throws -> [String] in
            var expired: [String] = []
            let rows = try await connection.query(
                "SELECT pseudonym FROM estate_subjects WHERE expires_at <= \(time) ORDER BY pseudonym", logger: logger)
            for try await pseudonym in rows.decode(String.self) { expired.append(pseudonym) }
            return expired
        }
        return try await remove(expired, kind: .purge, actor: actor)
    }

    /// A change transaction: changes are numbered and committed one
    /// transaction at a time (an advisory lock), so a gate that has read up to
    /// change N can never later see a change numbered below N appear.
    private func changing<T>(_ body: () async throws -> T) async throws(EstateError) -> T {
        try await transaction {
            try await connection.query("SELECT pg_advisory_xact_lock(7354201)", logger: logger)
            let value = try await body()
            try await connection.query(PostgresQuery(unsafeSQL: "NOTIFY \(EstateSchema.channel)"), logger: logger)
            return value
        }
    }

    private func change(_ pseudonym: String, kind: String, actor: String) async throws -> Int64 {
        let rows = try await connection.query(
            "INSERT INTO estate_changes (pseudonym, kind, actor) VALUES (\(pseudonym), \(kind), \(actor)) RETURNING sequence",
            logger: logger)
        for try await sequence in rows.decode(Int64.self) { return sequence }
        throw EstateError("the estate database did not number a change")
    }

    /// The number of the latest change (0 before any).
    public func latestChange() async throws(EstateError) -> Int64 {
        try await run {
            for try await latest in try await connection.query("SELECT COALESCE(MAX(sequence), 0) FROM estate_changes", logger: logger).decode(
                Int64.self)
            {
                return latest
            }
            return 0
        }
    }

    /// Up to `limit` changes after `cursor`, in order, each with the subject's
    /// record if it is still enrolled (else it counts as a removal).
    public func changes(after cursor: Int64, limit: Int) async throws(EstateError) -> [ReplicaChange] {
        try await run {
            let rows = try await connection.query(
                """
                SELECT c.sequence, c.pseudonym, c.kind, s.record FROM estate_changes c
                LEFT JOIN estate_subjects s ON s.pseudonym = c.pseudonym AND c.kind = 'enroll'
                WHERE c.sequence > \(cursor) ORDER BY c.sequence LIMIT \(limit)
                """, logger: logger)
            var changes: [ReplicaChange] = []
            let decoder = JSONDecoder()
            for try await (sequence, pseudonym, kind, record) in rows.decode((Int64, String, String, Data?).self) {
                changes.append(
                    ReplicaChange(
                        sequence: sequence, pseudonym: pseudonym, record: try record.map { try decoder.decode(SubjectRecord.self, from: $0) },
                        removal: kind == "purge" ? .purge : .withdraw))
            }
            return changes
        }
    }

    /// Every enrolled, unexpired subject as of one consistent snapshot, in
    /// chunks of `chunk` records, and the change number the snapshot is at.
    public func snapshot(at time: Date, chunk: Int, _ consume: ([SubjectRecord]) async throws -> Void) async throws(EstateError) -> Int64 {
        try await transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") {
            var latest: Int64 = 0
            for try await value in try await connection.query("SELECT COALESCE(MAX(sequence), 0) FROM estate_changes", logger: logger).decode(
                Int64.self)
            {
                latest = value
            }
            let rows = try await connection.query("SELECT record FROM estate_subjects WHERE expires_at > \(time)", logger: logger)
            let decoder = JSONDecoder()
            var batch: [SubjectRecord] = []
            for try await data in rows.decode(Data.self) {
                batch.append(try decoder.decode(SubjectRecord.self, from: data))
                if batch.count == chunk {
                    try await consume(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { try await consume(batch) }
            return latest
        }
    }

    /// Distinct subjects enrolled estate-wide: what the filing thresholds count (R19).
    public func subjectCount() async throws(EstateError) -> Int {
        try await run {
            for try await count in try await connection.query("SELECT COUNT(DISTINCT pseudonym) FROM estate_subjects", logger: logger).decode(
                Int64.self)
            {
                return Int(count)
            }
            return 0
        }
    }

    /// Waits for notifications on the gallery channel, calling `notified`
    /// for each, until the connection drops (then throws).
    func listen(_ notified: @Sendable () -> Void) async throws(EstateError) {
        try await run {
            try await connection.listen(on: EstateSchema.channel) { notifications in
                for try await _ in notifications { notified() }
            }
            throw EstateError("lost the connection to the estate database at \(endpoint.host):\(endpoint.port)")
        }
    }
}
