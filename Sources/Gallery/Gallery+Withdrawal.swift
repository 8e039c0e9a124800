import Audit
import Foundation
import GRDB

extension Gallery {
    /// Withdraws a subject for good (R6): marks it, shreds its key (from then
    /// on its template and identity cannot be opened, not even from an old
    /// copy of gallery.sqlite), deletes its rows with secure_delete, and
    /// writes the audit entry that is the withdrawal's receipt.
    public func withdraw(_ pseudonym: String, actor: String, reason: String = "withdrawn at the resident's request")
        throws(GalleryError) -> GalleryReceipt
    {
        guard try mark([pseudonym]) == [pseudonym] else {
            throw GalleryError(.unknownSubject, "no subject \(pseudonym) in this gallery (already withdrawn or purged?)")
        }
        let entries = try finishWithdrawals([pseudonym], kind: .withdraw, reason: reason, actor: actor)
        return GalleryReceipt(pseudonym: pseudonym, auditReceipt: entries.first?.receipt ?? "", expires: nil)
    }

    /// Removes every subject whose retention has expired (R7), each with its
    /// own audit entry. The daemon runs the same code daily.
    @discardableResult
    public func purgeExpired(actor: String) throws(GalleryError) -> [GalleryReceipt] {
        let expired = try database.reading(databasePath) { db in
            try String.fetchAll(
                db, sql: "SELECT pseudonym FROM subjects WHERE expires_at <= ? ORDER BY pseudonym", arguments: [Timestamp.format(now())])
        }
        let marked = try mark(expired)
        let entries = try finishWithdrawals(marked, kind: .purge, reason: "retention period ended", actor: actor)
        return zip(marked, entries).map { GalleryReceipt(pseudonym: $0, auditReceipt: $1.receipt, expires: nil) }
    }

    /// Step 1: mark subjects `withdrawing`; from now on nothing matches them.
    /// Returns those that existed.
    func mark(_ pseudonyms: [String]) throws(GalleryError) -> [String] {
        try writing { db in
            try pseudonyms.filter { pseudonym in
                try db.execute(sql: "UPDATE subjects SET status = 'withdrawing' WHERE pseudonym = ?", arguments: [pseudonym])
                return db.changesCount > 0
            }
        }
    }

    /// Steps 2 and 3: shred the keys, then delete the rows of subjects still
    /// marked and audit each deletion once. Safe to repeat after a crash.
    func finishWithdrawals(
        _ pseudonyms: [String], kind: AuditEvent.Kind, reason: String, actor: String?
    ) throws(GalleryError) -> [AuditEntry] {
        guard !pseudonyms.isEmpty else { return [] }
        try keystore.shred(pseudonyms)
        let entries = try writing { db in
            try pseudonyms.compactMap { pseudonym -> AuditEntry? in
                try db.execute(sql: "DELETE FROM subjects WHERE pseudonym = ? AND status = 'withdrawing'", arguments: [pseudonym])
                guard db.changesCount > 0 else { return nil }
                return try chain.append(
                    AuditEvent(kind, gate: gate, pseudonym: pseudonym, reason: reason, actor: actor), at: now(), in: db)
            }
        }
        try database.checkpoint(databasePath)
        return entries
    }

    /// Finishes what a crash interrupted: withdrawals that were marked but not
    /// completed, keys stored for an enrollment that never committed (older
    /// than ten minutes, so a concurrent enrollment is left alone), and a
    /// rekey whose audit entry was not written.
    func recover(keystoreFingerprint: String, galleryFingerprint: String?) throws(GalleryError) {
        let (pending, subjects) = try database.reading(databasePath) { db in
            (
                try String.fetchAll(db, sql: "SELECT pseudonym FROM subjects WHERE status = 'withdrawing'"),
                Set(try String.fetchAll(db, sql: "SELECT pseudonym FROM subjects"))
            )
        }
        _ = try finishWithdrawals(pending, kind: .withdraw, reason: "withdrawal completed after an interruption", actor: nil)
        let orphans = try keystore.pseudonyms(storedBefore: now().addingTimeInterval(-600)).filter { !subjects.contains($0) }
        if !orphans.isEmpty { try keystore.shred(orphans) }
        if galleryFingerprint != keystoreFingerprint {
            try recordRekey(fingerprint: keystoreFingerprint, reason: "rekey completed after an interruption", actor: nil)
        }
    }
}
