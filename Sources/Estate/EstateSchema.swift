import PostgresNIO

/// The estate database's tables, with versioned migrations recorded in
/// `estate_migrations` like the gallery's own (`grdb_migrations`): applied
/// once, in order, and a database migrated by a newer facegate is refused.
///
/// Only what the gates need crosses to them: `estate_subjects` holds each
/// subject's sealed rows and wrapped key (`record`), `estate_changes` the
/// order of enrollments and removals, `estate_meta` the gallery header (the
/// master-key check and the wrapped audit key, never the master key), and
/// `estate_audit` every box's shipped chain (named by its `site.gate_id`),
/// append-only.
enum EstateSchema {
    /// The channel gates LISTEN on; the payload is the change's number.
    static let channel = "facegate_gallery"

    static let migrations: [(identifier: String, statements: [String])] = [
        (
            "estate-v1",
            [
                "CREATE TABLE estate_meta (key text PRIMARY KEY, value bytea NOT NULL)",
                """
                CREATE TABLE estate_subjects (
                    pseudonym text PRIMARY KEY,
                    expires_at timestamptz NOT NULL,
                    record bytea NOT NULL,
                    published_at timestamptz NOT NULL DEFAULT now()
                )
                """,
                """
                CREATE TABLE estate_changes (
                    sequence bigserial PRIMARY KEY,
                    pseudonym text NOT NULL,
                    kind text NOT NULL CHECK (kind IN ('enroll', 'withdraw', 'purge')),
                    actor text NOT NULL,
                    changed_at timestamptz NOT NULL DEFAULT now()
                )
                """,
                """
                CREATE TABLE estate_audit (
                    chain text NOT NULL,
                    gate text NOT NULL,
                    sequence bigint NOT NULL,
                    time text NOT NULL,
                    event text NOT NULL,
                    pseudonym text,
                    score_band text,
                    reason text NOT NULL,
                    actor text,
                    previous_hash bytea NOT NULL,
                    hash bytea NOT NULL,
                    received_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (chain, sequence)
                )
                """,
                """
                CREATE FUNCTION estate_audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'estate audit entries are append-only'; END $$
                """,
                """
                CREATE TRIGGER estate_audit_no_change BEFORE UPDATE OR DELETE ON estate_audit
                    FOR EACH ROW EXECUTE FUNCTION estate_audit_refuse()
                """,
                """
                CREATE TRIGGER estate_audit_no_truncate BEFORE TRUNCATE ON estate_audit
                    FOR EACH STATEMENT EXECUTE FUNCTION estate_audit_refuse()
                """,
            ]
        )
    ]

    /// Applies what is missing; returns the identifiers applied now.
    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws -> [String] {
        try await connection.query(
            "CREATE TABLE IF NOT EXISTS estate_migrations (identifier text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
            logger: logger)
        let known = Set(migrations.map(\.identifier))
        let applied = try await self.applied(connection, logger: logger)
        let unknown = applied.subtracting(known)
        guard unknown.isEmpty else {
            throw EstateError(
                "the estate database was migrated by a newer facegate (\(unknown.sorted().joined(separator: ", "))); upgrade facegate here")
        }
        var done: [String] = []
        for migration in migrations where !applied.contains(migration.identifier) {
            try await connection.query("BEGIN", logger: logger)
            do {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO estate_migrations (identifier) VALUES (\(migration.identifier))", logger: logger)
                try await connection.query("COMMIT", logger: logger)
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
            done.append(migration.identifier)
        }
        return done
    }

    /// The migrations recorded in the database (none before `estate init`).
    static func applied(_ connection: PostgresConnection, logger: Logger) async throws -> Set<String> {
        let exists = try await connection.query("SELECT to_regclass('estate_migrations') IS NOT NULL", logger: logger)
        for try await present in exists.decode(Bool.self) where !present { return [] }
        var identifiers: Set<String> = []
        for try await identifier in try await connection.query("SELECT identifier FROM estate_migrations", logger: logger).decode(String.self) {
            identifiers.insert(identifier)
        }
        return identifiers
    }
}
