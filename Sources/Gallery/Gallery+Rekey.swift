import Audit
import Foundation
import GRDB
public import Keys

extension Gallery {
    /// Rewraps every subject key and the audit key under `newMaster` in one
    /// keystore transaction (R11): all or nothing, no re-enrollment, templates
    /// untouched. Returns the gallery reopened with the new key; the old key
    /// opens nothing from then on.
    public func rekey(to newMaster: MasterKey, actor: String) throws(GalleryError) -> Gallery {
        guard newMaster.fingerprint != master.fingerprint else {
            throw GalleryError(.refused, "the new key is the current key; make a new one with `facegate keygen --key-file NEW`")
        }
        let subjectKeys = try keystore.subjectKeys(master: master)
        let auditKey = chain.key
        let pinSalt = try pinSalt()
        try keystore.queue.writing(keystore.path) { db in
            for (pseudonym, key) in subjectKeys {
                try db.execute(
                    sql: "UPDATE subject_keys SET wrapped = ? WHERE pseudonym = ?",
                    arguments: [SealedBox.wrap(key, with: newMaster.key, context: keystore.subjectKeyContext(pseudonym)), pseudonym])
            }
            try Keystore.setMeta(db, galleryID: galleryID, master: newMaster, auditKey: auditKey)
            try db.execute(
                sql: "UPDATE keystore_meta SET value = ? WHERE key = 'pin_salt'",
                arguments: [SealedBox.wrap(pinSalt, with: newMaster.key, context: Self.pinSaltContext)])
        }
        try keystore.queue.checkpoint(keystore.path)
        let reopened = Gallery(
            database: database, keystore: keystore, master: newMaster, auditKey: auditKey, directory: directory, gate: gate,
            now: now)
        try reopened.recordRekey(
            fingerprint: newMaster.fingerprint,
            reason: "\(subjectKeys.count) subject keys rewrapped; old key \(master.fingerprint) retired", actor: actor)
        return reopened
    }

    /// Records the fingerprint now in force and audits the rekey, once.
    func recordRekey(fingerprint: String, reason: String, actor: String?) throws(GalleryError) {
        try writing { db in
            let recorded = try String.fetchOne(db, sql: "SELECT value FROM gallery_meta WHERE key = 'master_fingerprint'")
            guard recorded != fingerprint else { return }
            try db.execute(
                sql: "INSERT OR REPLACE INTO gallery_meta (key, value) VALUES ('master_fingerprint', ?)", arguments: [fingerprint])
            try chain.append(AuditEvent(.rekey, gate: gate, reason: "now \(fingerprint); \(reason)", actor: actor), at: now(), in: db)
        }
    }
}
