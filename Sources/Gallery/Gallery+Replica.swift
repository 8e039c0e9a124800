public import Audit
import Crypto
public import Foundation
import GRDB
public import Keys

/// What makes a gallery the estate's gallery: its id and the keystore
/// header (the master-key check and the wrapped audit key). Every copy of the
/// estate gallery has the same header, so a subject's sealed rows and
/// wrapped key open at every gate under the one estate master key, which the
/// header itself never holds.
public struct GalleryHeader: Sendable, Equatable {
    public var galleryID: String
    public var masterCheck: Data
    public var wrappedAuditKey: Data
    public var masterFingerprint: String

    public init(galleryID: String, masterCheck: Data, wrappedAuditKey: Data, masterFingerprint: String) {
        self.galleryID = galleryID
        self.masterCheck = masterCheck
        self.wrappedAuditKey = wrappedAuditKey
        self.masterFingerprint = masterFingerprint
    }
}

/// One subject exactly as the gallery stores it: the sealed identity,
/// consents and templates and the wrapped key. Nothing in it is decrypted;
/// it is what crosses the network between the office and the gates.
public struct SubjectRecord: Sendable, Codable, Equatable {
    public struct Consent: Sendable, Codable, Equatable {
        var noticeVersion: String, noticeSHA256: String, purpose: String, language: String, method: String
        var formReference: String?, operatorName: String, consentedAt: String
        var guardianSealed: Data?, guardianRelation: String?
    }

    public struct Template: Sendable, Codable, Equatable {
        var sealed: Data, modelID: String, quality: Double, createdAt: String
    }

    public var pseudonym: String
    public var minor: Bool
    public var createdAt: String
    public var expiresAt: String
    public var identity: Data
    public var consents: [Consent]
    public var templates: [Template]
    public var wrappedKey: Data

    /// When its retention ends.
    public var expires: Date { Timestamp.parse(expiresAt) ?? .distantPast }
}

/// A change to apply to a copy of the estate gallery, in the estate's order.
public struct ReplicaChange: Sendable {
    public var sequence: Int64
    public var pseudonym: String
    /// The subject to add, or nil when it was removed.
    public var record: SubjectRecord?
    /// Why it was removed (`withdraw` or `purge`).
    public var removal: AuditEvent.Kind

    public init(sequence: Int64, pseudonym: String, record: SubjectRecord?, removal: AuditEvent.Kind = .withdraw) {
        self.sequence = sequence
        self.pseudonym = pseudonym
        self.record = record
        self.removal = removal
    }
}

extension Gallery {
    /// This gallery's header, to publish as the estate's.
    public func header() throws(GalleryError) -> GalleryHeader {
        let meta = try keystore.queue.reading(keystore.path) { db in
            Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT key, value FROM keystore_meta").map {
                    ($0["key"] as String, $0["value"] as Data)
                })
        }
        guard let check = meta["master_check"], let audit = meta["audit_key"], let fingerprint = meta["master_fingerprint"] else {
            throw GalleryError(.damaged, "\(keystore.path) holds no keystore header; restore it from a backup")
        }
        return GalleryHeader(
            galleryID: galleryID, masterCheck: check, wrappedAuditKey: audit,
            masterFingerprint: String(decoding: fingerprint, as: UTF8.self))
    }

    /// Creates an empty copy of the estate gallery in `directory`: the same
    /// id and audit key, after proving `master` opens the header.
    public static func createReplica(
        in directory: String, header: GalleryHeader, master: MasterKey, gate: String, now: @escaping @Sendable () -> Date = Date.init
    ) throws(GalleryError) -> Gallery {
        guard SealedBox.open(header.masterCheck, with: master.key, context: Keystore.checkContext(header.galleryID)) != nil,
            let auditKey = SealedBox.unwrap(header.wrappedAuditKey, with: master.key, context: Keystore.auditKeyContext(header.galleryID))
        else {
            throw GalleryError(
                .wrongKey,
                "the master key (\(master.origin), fingerprint \(master.fingerprint)) is not the estate's (fingerprint \(header.masterFingerprint)); nothing was changed"
            )
        }
        return try create(in: directory, master: master, gate: gate, now: now, identity: (header.galleryID, auditKey))
    }

    /// Every stored subject's pseudonym.
    public func pseudonyms() throws(GalleryError) -> Set<String> {
        try database.reading(databasePath) { db in Set(try String.fetchAll(db, sql: "SELECT pseudonym FROM subjects")) }
    }

    /// Active subjects as stored, sealed, for publishing to the estate database.
    public func records(_ pseudonyms: [String]) throws(GalleryError) -> [SubjectRecord] {
        let keys = try keystore.queue.reading(keystore.path) { db in
            Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT pseudonym, wrapped FROM subject_keys").compactMap { row in
                    pseudonyms.contains(row["pseudonym"]) ? (row["pseudonym"] as String, row["wrapped"] as Data) : nil
                })
        }
        return try database.reading(databasePath) { db in
            try pseudonyms.compactMap { pseudonym -> SubjectRecord? in
                guard let key = keys[pseudonym],
                    let subject = try Row.fetchOne(
                        db, sql: "SELECT * FROM subjects WHERE pseudonym = ? AND status = 'active'", arguments: [pseudonym]),
                    let identity = try Data.fetchOne(db, sql: "SELECT sealed FROM identities WHERE pseudonym = ?", arguments: [pseudonym])
                else { return nil }
                let consents = try Row.fetchAll(db, sql: "SELECT * FROM consents WHERE pseudonym = ? ORDER BY id", arguments: [pseudonym]).map {
                    SubjectRecord.Consent(
                        noticeVersion: $0["notice_version"], noticeSHA256: $0["notice_sha256"], purpose: $0["purpose"],
                        language: $0["language"], method: $0["method"], formReference: $0["form_reference"],
                        operatorName: $0["operator"], consentedAt: $0["consented_at"], guardianSealed: $0["guardian_sealed"],
                        guardianRelation: $0["guardian_relation"])
                }
                let templates = try Row.fetchAll(db, sql: "SELECT * FROM templates WHERE pseudonym = ? ORDER BY id", arguments: [pseudonym]).map {
                    SubjectRecord.Template(sealed: $0["sealed"], modelID: $0["model_id"], quality: $0["quality"], createdAt: $0["created_at"])
                }
                return SubjectRecord(
                    pseudonym: pseudonym, minor: subject["minor"], createdAt: subject["created_at"], expiresAt: subject["expires_at"],
                    identity: identity, consents: consents, templates: templates, wrappedKey: key)
            }
        }
    }

    /// Where this copy stands: the last estate change applied and when the
    /// estate database last confirmed nothing newer exists.
    public func replicaState() throws(GalleryError) -> (cursor: Int64, syncedAt: Date?) {
        try database.reading(databasePath) { db in
            let meta = Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(
                    db, sql: "SELECT key, value FROM gallery_meta WHERE key IN ('estate_cursor', 'estate_synced_at')"
                ).map { ($0["key"] as String, $0["value"] as String) })
            return (Int64(meta["estate_cursor"] ?? "") ?? 0, meta["estate_synced_at"].flatMap(Timestamp.parse))
        }
    }

    /// Records that the estate database had nothing newer at `time`.
    public func markSynced(at time: Date) throws(GalleryError) {
        try writing { db in try Self.setMeta("estate_synced_at", Timestamp.format(time), in: db) }
    }

    /// Applies estate changes in order; only the net effect per subject
    /// counts (enrolled then withdrawn in one batch: nothing to add). Keys
    /// go first and the cursor moves in the same transaction as the rows,
    /// so a crash at any point leaves a copy that the next sync completes:
    /// an orphan key is replaced or swept, a marked withdrawal is finished
    /// on opening. `cursor` nil leaves the cursor where it is (a snapshot
    /// being copied in chunks). Returns how many were added and removed.
    @discardableResult
    public func apply(_ changes: [ReplicaChange], cursor: Int64?, at time: Date) throws(GalleryError) -> (added: Int, removed: Int) {
        var last: [String: ReplicaChange] = [:]
        for change in changes { last[change.pseudonym] = change }
        let present = try database.reading(databasePath) { db in
            Set(try last.keys.filter { try Bool.fetchOne(db, sql: "SELECT 1 FROM subjects WHERE pseudonym = ?", arguments: [$0]) ?? false })
        }
        let added = last.values.compactMap { $0.record }.filter { !present.contains($0.pseudonym) }.sorted { $0.pseudonym < $1.pseudonym }
        let removed = last.values.filter { $0.record == nil && present.contains($0.pseudonym) }.sorted { $0.sequence < $1.sequence }
        try keystore.storeWrapped(added.map { ($0.pseudonym, $0.wrappedKey) }, at: time)
        let marked = try writing { db in
            for record in added { try Self.insert(record, in: db) }
            for change in removed {
                try db.execute(sql: "UPDATE subjects SET status = 'withdrawing' WHERE pseudonym = ?", arguments: [change.pseudonym])
            }
            if let cursor {
                try Self.setMeta("estate_cursor", String(cursor), in: db)
                try Self.setMeta("estate_synced_at", Timestamp.format(time), in: db)
            }
            if !added.isEmpty {
                let through = cursor.map { " up to estate change #\($0)" } ?? " (copying the estate gallery)"
                try chain.append(
                    AuditEvent(
                        .estateSync, gate: gate, reason: "\(added.count) enrollment\(added.count == 1 ? "" : "s") from the estate database\(through)"),
                    at: time, in: db)
            }
            return removed
        }
        for kind in [AuditEvent.Kind.withdraw, .purge] {
            let group = marked.filter { $0.removal == kind }
            guard let first = group.first else { continue }
            let what =
                kind == .purge
                ? "retention period ended (estate change #\(first.sequence))" : "withdrawn at the estate office (estate change #\(first.sequence))"
            _ = try finishWithdrawals(group.map(\.pseudonym), kind: kind, reason: what, actor: nil)
        }
        return (added.count, removed.count)
    }

    private static func insert(_ record: SubjectRecord, in db: Database) throws {
        try insertRows(
            pseudonym: record.pseudonym, minor: record.minor, createdAt: record.createdAt, expiresAt: record.expiresAt,
            identity: record.identity, consents: record.consents, templates: record.templates, in: db)
    }

    /// A subject's rows in gallery.sqlite, already sealed: what an enrollment
    /// writes and what a copy of the estate gallery receives.
    static func insertRows(
        pseudonym: String, minor: Bool, createdAt: String, expiresAt: String, identity: Data,
        consents: [SubjectRecord.Consent], templates: [SubjectRecord.Template], in db: Database
    ) throws {
        try db.execute(
            sql: "INSERT INTO subjects (pseudonym, status, minor, created_at, expires_at) VALUES (?, 'active', ?, ?, ?)",
            arguments: [pseudonym, minor, createdAt, expiresAt])
        try db.execute(sql: "INSERT INTO identities (pseudonym, sealed) VALUES (?, ?)", arguments: [pseudonym, identity])
        for consent in consents {
            try db.execute(
                sql: """
                    INSERT INTO consents (pseudonym, notice_version, notice_sha256, purpose, language, method,
                        form_reference, operator, consented_at, guardian_sealed, guardian_relation)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    pseudonym, consent.noticeVersion, consent.noticeSHA256, consent.purpose, consent.language, consent.method,
                    consent.formReference, consent.operatorName, consent.consentedAt, consent.guardianSealed, consent.guardianRelation,
                ])
        }
        for template in templates {
            try db.execute(
                sql: "INSERT INTO templates (pseudonym, sealed, model_id, quality, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [pseudonym, template.sealed, template.modelID, template.quality, template.createdAt])
        }
    }

    static func setMeta(_ key: String, _ value: String, in db: Database) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO gallery_meta (key, value) VALUES (?, ?)", arguments: [key, value])
    }
}

extension Gallery {
    /// Up to `limit` audit entries after `sequence`, as stored (for shipping).
    public func auditRecords(after sequence: Int64, limit: Int) throws(GalleryError) -> [AuditRecord] {
        try database.reading(databasePath) { db in try AuditChain.records(in: db, after: sequence, limit: limit) }
    }

    /// Verifies a chain shipped from any gate of this estate (same audit key).
    public func verifyShipped(_ records: [AuditRecord]) -> AuditVerification {
        chain.verify(records: records)
    }
}
