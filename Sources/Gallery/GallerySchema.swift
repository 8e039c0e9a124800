import Audit
import Foundation
import GRDB

/// Every table facegate keeps, with their migrations, in one place.
///
/// Two files: `gallery.sqlite` (subjects, identities, consents, templates and
/// the audit chain) and `keys.sqlite` (the wrapped per-subject keys, the
/// wrapped audit key and the master-key check). Keeping the keys apart is
/// what makes a withdrawal final even against an old copy of
/// `gallery.sqlite`: the key that opened the template is no longer anywhere.
enum GallerySchema {
    static var gallery: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("gallery-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE gallery_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE subjects (
                        pseudonym TEXT PRIMARY KEY,
                        status TEXT NOT NULL CHECK (status IN ('active', 'withdrawing')),
                        minor INTEGER NOT NULL CHECK (minor IN (0, 1)),
                        created_at TEXT NOT NULL,
                        expires_at TEXT NOT NULL
                    );
                    CREATE INDEX subjects_expiry ON subjects (expires_at);
                    CREATE TABLE identities (
                        pseudonym TEXT PRIMARY KEY REFERENCES subjects (pseudonym) ON DELETE CASCADE,
                        sealed BLOB NOT NULL
                    );
                    CREATE TABLE consents (
                        id INTEGER PRIMARY KEY,
                        pseudonym TEXT NOT NULL REFERENCES subjects (pseudonym) ON DELETE CASCADE,
                        notice_version TEXT NOT NULL,
                        notice_sha256 TEXT NOT NULL CHECK (length(notice_sha256) = 64),
                        purpose TEXT NOT NULL,
                        language TEXT NOT NULL,
                        method TEXT NOT NULL CHECK (method IN ('typed', 'paper-form')),
                        form_reference TEXT,
                        operator TEXT NOT NULL,
                        consented_at TEXT NOT NULL,
                        guardian_sealed BLOB,
                        guardian_relation TEXT
                    );
                    CREATE TABLE templates (
                        id INTEGER PRIMARY KEY,
                        pseudonym TEXT NOT NULL REFERENCES subjects (pseudonym) ON DELETE CASCADE,
                        sealed BLOB NOT NULL,
                        model_id TEXT NOT NULL,
                        quality REAL NOT NULL,
                        created_at TEXT NOT NULL
                    );
                    CREATE INDEX templates_subject ON templates (pseudonym);
                    """)
        }
        AuditChain.registerMigrations(in: &migrator)
        migrator.registerMigration("gallery-v2") { db in
            try db.execute(
                sql: """
                    CREATE TABLE pins (
                        identifier TEXT PRIMARY KEY,
                        digest TEXT NOT NULL UNIQUE,
                        unit_sealed BLOB NOT NULL,
                        created_at TEXT NOT NULL
                    );
                    CREATE TABLE assessments (
                        identifier TEXT PRIMARY KEY,
                        assessor TEXT NOT NULL,
                        assessed_on TEXT NOT NULL,
                        purpose TEXT NOT NULL,
                        model_hashes TEXT NOT NULL,
                        recorded_at TEXT NOT NULL
                    );
                    """)
        }
        AuditChain.registerRetentionMigration(in: &migrator)
        migrator.registerMigration("gallery-v3-consent-index") { db in
            // Without it every withdrawal's cascade and every whole-subject
            // check scanned all consents: minutes at 100 000 residents.
            try db.execute(sql: "CREATE INDEX consents_subject ON consents (pseudonym)")
        }
        migrator.registerMigration("gallery-v4-operators") { db in
            // The web console's staff (`OperatorAccount`): never a password, only its scrypt.
            try db.execute(
                sql: """
                    CREATE TABLE operators (
                        name TEXT PRIMARY KEY,
                        role TEXT NOT NULL CHECK (role IN ('desk', 'auditor', 'admin')),
                        salt BLOB NOT NULL,
                        digest TEXT NOT NULL,
                        created_at TEXT NOT NULL,
                        failures INTEGER NOT NULL DEFAULT 0,
                        locked_until TEXT
                    );
                    """)
        }
        migrator.registerMigration("gallery-v5-on-screen-consent") { db in
            // The console's desk enrollment records consent given on its
            // screen; SQLite changes a CHECK only by rebuilding the table.
            try db.execute(
                sql: """
                    CREATE TABLE consents_v5 (
                        id INTEGER PRIMARY KEY,
                        pseudonym TEXT NOT NULL REFERENCES subjects (pseudonym) ON DELETE CASCADE,
                        notice_version TEXT NOT NULL,
                        notice_sha256 TEXT NOT NULL CHECK (length(notice_sha256) = 64),
                        purpose TEXT NOT NULL,
                        language TEXT NOT NULL,
                        method TEXT NOT NULL CHECK (method IN ('typed', 'paper-form', 'on-screen')),
                        form_reference TEXT,
                        operator TEXT NOT NULL,
                        consented_at TEXT NOT NULL,
                        guardian_sealed BLOB,
                        guardian_relation TEXT
                    );
                    INSERT INTO consents_v5 SELECT * FROM consents;
                    DROP TABLE consents;
                    ALTER TABLE consents_v5 RENAME TO consents;
                    CREATE INDEX consents_subject ON consents (pseudonym);
                    """)
        }
        return migrator
    }

    static var keystore: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("keys-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE keystore_meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
                    CREATE TABLE subject_keys (
                        pseudonym TEXT PRIMARY KEY,
                        wrapped BLOB NOT NULL,
                        created_at TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("keys-v2-audit-anchor") { db in
            // The audit chain's head, outside gallery.sqlite (`AuditHead`).
            try db.execute(
                sql: """
                    CREATE TABLE audit_anchor (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        sequence INTEGER NOT NULL,
                        hash BLOB NOT NULL,
                        mac BLOB NOT NULL
                    );
                    """)
        }
        return migrator
    }

    /// Opens one of the two files with the settings both need: WAL, foreign
    /// keys, `secure_delete` (deleted rows are overwritten, not just unlinked),
    /// full fsync at every commit (a withdrawal's receipt must survive a power
    /// cut), a busy timeout for the daemon and the CLI working at once, and
    /// the schema migrated. An existing file is first examined read-only, so a
    /// damaged file or one from a newer facegate is refused untouched.
    static func open(_ path: String, migrator: DatabaseMigrator, label: String) throws(GalleryError) -> DatabaseQueue {
        do {
            if FileManager.default.fileExists(atPath: path) {
                try examine(path, migrator: migrator)
            }
            var configuration = Configuration()
            configuration.journalMode = .wal
            configuration.foreignKeysEnabled = true
            configuration.busyMode = .timeout(10)
            configuration.label = label
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA secure_delete = ON")
            }
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            try migrator.migrate(queue)
            return queue
        } catch {
            throw GalleryError.storage(path, error)
        }
    }

    /// A read-only look before anything writes: newer schema? damaged?
    static func examine(_ path: String, migrator: DatabaseMigrator) throws(GalleryError) {
        do {
            try examineUnchecked(path, migrator: migrator)
        } catch {
            throw GalleryError.storage(path, error)
        }
    }

    private static func examineUnchecked(_ path: String, migrator: DatabaseMigrator) throws {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.read { db in
            guard try String.fetchOne(db, sql: "PRAGMA quick_check") == "ok" else {
                throw GalleryError(.damaged, "\(path) is damaged (SQLite quick_check failed); restore it from a backup")
            }
            guard try db.tableExists("grdb_migrations") else { return }
            let unknown = try migrator.appliedIdentifiers(db).subtracting(migrator.migrations)
            guard unknown.isEmpty else {
                throw GalleryError(
                    .newerSchema,
                    "\(path) was written by a newer facegate (schema \(unknown.sorted().joined(separator: ", "))); upgrade facegate, nothing was changed"
                )
            }
        }
    }
}

extension GalleryError {
    /// A SQLite or file-system failure, worded without bound values (which
    /// could hold ciphertexts or pseudonyms).
    static func storage(_ path: String, _ error: any Error) -> GalleryError {
        if let error = error as? GalleryError { return error }
        if let database = error as? DatabaseError, [.SQLITE_NOTADB, .SQLITE_CORRUPT].contains(database.resultCode) {
            return GalleryError(.damaged, "\(path) is damaged or not a facegate database (\(database.resultCode)); restore it from a backup")
        }
        if let database = error as? DatabaseError, [.SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_AUTH].contains(database.resultCode) {
            var volume = statvfs()
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            if statvfs(folder, &volume) == 0, volume.f_flag & UInt(ST_RDONLY) != 0 {
                return GalleryError(
                    .storage,
                    "\(path): the file system holding \(folder) is read-only; nothing was changed. Remount it read-write (mount -o remount,rw) or check the disk"
                )
            }
            return GalleryError(
                .storage,
                "\(path): permission denied (\(database.resultCode)); run as root or as the user facegate runs as, e.g. sudo -u facegate facegate …")
        }
        if let database = error as? DatabaseError {
            let reason = database.resultCode == .SQLITE_FULL ? "the disk is full" : (database.message ?? "\(database.resultCode)")
            return GalleryError(.storage, "\(path): \(reason); nothing was changed")
        }
        return GalleryError(.storage, "\(path): \(error)")
    }
}

extension DatabaseQueue {
    /// GRDB's `read`, any failure reported as a `GalleryError` naming `path`.
    func reading<T>(_ path: String, _ body: (Database) throws -> T) throws(GalleryError) -> T {
        do {
            return try read(body)
        } catch {
            throw GalleryError.storage(path, error)
        }
    }

    /// GRDB's `write` (one transaction), any failure reported as a `GalleryError` naming `path`.
    func writing<T>(_ path: String, _ body: (Database) throws -> T) throws(GalleryError) -> T {
        do {
            return try write(body)
        } catch {
            throw GalleryError.storage(path, error)
        }
    }

    /// Moves everything in the WAL into the main file and empties the WAL, so
    /// deleted rows linger nowhere (secure_delete has zeroed them there).
    func checkpoint(_ path: String) throws(GalleryError) {
        do {
            try writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        } catch {
            throw GalleryError.storage(path, error)
        }
    }
}
