public import Crypto
public import Foundation
public import GRDB

/// The tamper-evident, append-only audit log (R13).
///
/// Each entry's hash is HMAC-SHA256(audit key, previous hash ‖ canonical
/// entry), so changing, removing or reordering any entry breaks every hash
/// after it, and nobody without the audit key can forge a replacement. The
/// first entry chains to a genesis value derived from the gallery id. The
/// table refuses UPDATE and DELETE by trigger as a guard against accidents;
/// the HMAC is what detects deliberate edits. Works inside the caller's
/// transaction, so an action and its audit entry commit together.
public struct AuditChain: Sendable {
    package let key: SymmetricKey
    let genesis: Data

    public init(key: SymmetricKey, galleryID: String) {
        self.key = key
        genesis = Data(SHA256.hash(data: Data("facegate audit genesis v1 \(galleryID)".utf8)))
    }

    /// The audit tables; registered in the gallery's one list of migrations.
    public static func registerMigrations(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("audit-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE audit_entries (
                        sequence INTEGER PRIMARY KEY,
                        time TEXT NOT NULL,
                        gate TEXT NOT NULL,
                        event TEXT NOT NULL,
                        pseudonym TEXT,
                        score_band TEXT,
                        reason TEXT NOT NULL,
                        actor TEXT,
                        previous_hash BLOB NOT NULL,
                        hash BLOB NOT NULL
                    );
                    CREATE TABLE audit_state (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        first_sequence INTEGER NOT NULL,
                        first_previous_hash BLOB,
                        last_sequence INTEGER NOT NULL,
                        last_hash BLOB
                    );
                    INSERT INTO audit_state VALUES (1, 1, NULL, 0, NULL);
                    CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
                        BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
                    CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
                        BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
                    """)
        }
    }

    /// Appends `event` and returns the stored entry.
    @discardableResult
    public func append(_ event: AuditEvent, at time: Date, in db: Database) throws -> AuditEntry {
        let state = try Row.fetchOne(db, sql: "SELECT last_sequence, last_hash FROM audit_state WHERE id = 1")!
        let sequence = (state["last_sequence"] as Int64) + 1
        let previous = (state["last_hash"] as Data?) ?? genesis
        let text = Timestamp.format(time)
        let hash = link(previous: previous, sequence: sequence, time: text, event: event)
        try db.execute(
            sql: """
                INSERT INTO audit_entries (sequence, time, gate, event, pseudonym, score_band, reason, actor, previous_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                sequence, text, event.gate, event.kind.rawValue, event.pseudonym, event.scoreBand, event.reason,
                event.actor, previous, hash,
            ])
        try db.execute(sql: "UPDATE audit_state SET last_sequence = ?, last_hash = ? WHERE id = 1", arguments: [sequence, hash])
        return AuditEntry(
            sequence: sequence, time: Timestamp.parse(text) ?? time, event: event, previousHash: previous, hash: hash)
    }

    /// HMAC over the previous hash and the canonical entry: every field
    /// length-prefixed, so no two different entries encode alike.
    func link(previous: Data, sequence: Int64, time: String, event: AuditEvent) -> Data {
        var message = previous
        for field in [
            String(sequence), time, event.gate, event.kind.rawValue, event.pseudonym, event.scoreBand, event.reason,
            event.actor,
        ] {
            guard let field else {
                message.append(contentsOf: [0xFF, 0xFF, 0xFF, 0xFF])
                continue
            }
            let bytes = Data(field.utf8)
            withUnsafeBytes(of: UInt32(bytes.count).bigEndian) { message.append(contentsOf: $0) }
            message.append(bytes)
        }
        return Data(HMAC<SHA256>.authenticationCode(for: message, using: key))
    }
}
