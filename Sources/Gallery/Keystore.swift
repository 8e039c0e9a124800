import Audit
import Crypto
import Foundation
import GRDB
import Keys

/// `keys.sqlite`: the per-subject keys and the audit key, each wrapped
/// (AES-256-GCM) by the master key, plus a check value that tells at once
/// whether a master key is the right one. Deleting a subject's row here is
/// the crypto-shred of a withdrawal (R6).
struct Keystore: Sendable {
    let queue: DatabaseQueue
    let path: String
    let galleryID: String

    static func checkContext(_ galleryID: String) -> String { "facegate/master-check/v1/\(galleryID)" }
    static func auditKeyContext(_ galleryID: String) -> String { "facegate/audit-key/v1/\(galleryID)" }
    func subjectKeyContext(_ pseudonym: String) -> String { "facegate/subject-key/v1/\(galleryID)/\(pseudonym)" }

    /// Writes a new keystore bound to `galleryID` under `master` with `auditKey`; returns it.
    static func create(
        _ queue: DatabaseQueue, path: String, galleryID: String, master: MasterKey, auditKey: SymmetricKey
    ) throws(GalleryError) -> SymmetricKey {
        try queue.writing(path) { db in try setMeta(db, galleryID: galleryID, master: master, auditKey: auditKey) }
        return auditKey
    }

    static func setMeta(_ db: Database, galleryID: String, master: MasterKey, auditKey: SymmetricKey) throws {
        let check = SealedBox.seal(Data("facegate".utf8), with: master.key, context: checkContext(galleryID))
        let wrappedAudit = SealedBox.wrap(auditKey, with: master.key, context: auditKeyContext(galleryID))
        for (key, value) in [
            ("gallery_id", Data(galleryID.utf8)), ("master_check", check), ("audit_key", wrappedAudit),
            ("master_fingerprint", Data(master.fingerprint.utf8)),
        ] {
            try db.execute(sql: "INSERT OR REPLACE INTO keystore_meta (key, value) VALUES (?, ?)", arguments: [key, value])
        }
    }

    /// Proves `master` opens the keystore at `path`, reading it read-only so
    /// a wrong key leaves every byte as it was; returns the gallery id, the
    /// audit key and the fingerprint the keystore records.
    static func unlock(
        _ path: String, master: MasterKey
    ) throws(GalleryError) -> (galleryID: String, auditKey: SymmetricKey, fingerprint: String) {
        let meta: [String: Data]
        do {
            var configuration = Configuration()
            configuration.readonly = true
            configuration.busyMode = .timeout(10)
            meta = try DatabaseQueue(path: path, configuration: configuration).read { db in
                Dictionary(
                    uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT key, value FROM keystore_meta").map {
                        ($0["key"] as String, $0["value"] as Data)
                    })
            }
        } catch {
            throw GalleryError.storage(path, error)
        }
        guard let id = meta["gallery_id"], let check = meta["master_check"], let wrappedAudit = meta["audit_key"],
            let fingerprint = meta["master_fingerprint"]
        else {
            throw GalleryError(.damaged, "\(path) holds no keystore header; restore it from a backup")
        }
        let galleryID = String(decoding: id, as: UTF8.self)
        guard SealedBox.open(check, with: master.key, context: checkContext(galleryID)) != nil,
            let auditKey = SealedBox.unwrap(wrappedAudit, with: master.key, context: auditKeyContext(galleryID))
        else {
            throw GalleryError(
                .wrongKey,
                "the master key (\(master.origin), fingerprint \(master.fingerprint)) does not match this gallery, which expects fingerprint \(String(decoding: fingerprint, as: UTF8.self)); nothing was changed. If a rekey was interrupted, use the new key"
            )
        }
        return (galleryID, auditKey, String(decoding: fingerprint, as: UTF8.self))
    }

    func store(_ keys: [(pseudonym: String, key: SymmetricKey)], master: MasterKey, at time: Date) throws(GalleryError) {
        try queue.writing(path) { db in
            for (pseudonym, key) in keys {
                try db.execute(
                    sql: "INSERT INTO subject_keys (pseudonym, wrapped, created_at) VALUES (?, ?, ?)",
                    arguments: [
                        pseudonym, SealedBox.wrap(key, with: master.key, context: subjectKeyContext(pseudonym)),
                        Timestamp.format(time),
                    ])
            }
        }
    }

    /// Keys already wrapped under the estate master key (a copy of the estate
    /// gallery); a key left by an interrupted copy is replaced.
    func storeWrapped(_ keys: [(pseudonym: String, wrapped: Data)], at time: Date) throws(GalleryError) {
        guard !keys.isEmpty else { return }
        try queue.writing(path) { db in
            for (pseudonym, wrapped) in keys {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO subject_keys (pseudonym, wrapped, created_at) VALUES (?, ?, ?)",
                    arguments: [pseudonym, wrapped, Timestamp.format(time)])
            }
        }
    }

    /// A creation killed after the key file and before the gallery file
    /// leaves a key file holding no subject key and no gallery beside it;
    /// it is removed so the creation can run again. A key file that holds
    /// any subject key is never touched.
    static func removeLeftover(of directory: String, galleryFile: String, keystoreFile: String) {
        let path = "\(directory)/\(keystoreFile)"
        guard !FileManager.default.fileExists(atPath: "\(directory)/\(galleryFile)"), FileManager.default.fileExists(atPath: path) else { return }
        var configuration = Configuration()
        configuration.readonly = true
        let subjectKeys = try? DatabaseQueue(path: path, configuration: configuration).read { db in
            try db.tableExists("subject_keys") ? Int.fetchOne(db, sql: "SELECT COUNT(*) FROM subject_keys") ?? 0 : 0
        }
        guard subjectKeys == 0 else { return }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// Every subject key that `master` unwraps, by pseudonym.
    func subjectKeys(master: MasterKey) throws(GalleryError) -> [String: SymmetricKey] {
        let rows = try queue.reading(path) { db in try Row.fetchAll(db, sql: "SELECT pseudonym, wrapped FROM subject_keys") }
        var keys: [String: SymmetricKey] = [:]
        keys.reserveCapacity(rows.count)
        for row in rows {
            let pseudonym: String = row["pseudonym"]
            if let key = SealedBox.unwrap(row["wrapped"], with: master.key, context: subjectKeyContext(pseudonym)) {
                keys[pseudonym] = key
            }
        }
        return keys
    }

    func subjectKey(_ pseudonym: String, master: MasterKey) throws(GalleryError) -> SymmetricKey? {
        let wrapped = try queue.reading(path) { db in
            try Data.fetchOne(db, sql: "SELECT wrapped FROM subject_keys WHERE pseudonym = ?", arguments: [pseudonym])
        }
        return wrapped.flatMap { SealedBox.unwrap($0, with: master.key, context: subjectKeyContext(pseudonym)) }
    }

    /// The crypto-shred: removes the wrapped keys and pushes the change out of
    /// the WAL into the (secure-deleted) main file at once.
    func shred(_ pseudonyms: [String]) throws(GalleryError) {
        try queue.writing(path) { db in
            for pseudonym in pseudonyms {
                try db.execute(sql: "DELETE FROM subject_keys WHERE pseudonym = ?", arguments: [pseudonym])
            }
        }
        try queue.checkpoint(path)
    }

    /// Pseudonyms whose key was stored before `cutoff` (for the orphan sweep).
    func pseudonyms(storedBefore cutoff: Date) throws(GalleryError) -> [String] {
        try queue.reading(path) { db in
            try String.fetchAll(
                db, sql: "SELECT pseudonym FROM subject_keys WHERE created_at < ?", arguments: [Timestamp.format(cutoff)])
        }
    }
}
