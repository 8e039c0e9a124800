import Audit
import Foundation
import GRDB

extension Gallery {
    /// GRDB's `write` on `gallery.sqlite` for every change the gallery makes:
    /// when the change appended audit entries, the chain's new head is then
    /// anchored in `keys.sqlite` (`AuditHead`). The anchor is written after
    /// the commit, so a crash in between leaves it behind the chain (which
    /// verifies), never ahead of it.
    func writing<T>(_ body: (Database) throws -> T) throws(GalleryError) -> T {
        let (result, before, after) = try database.writing(databasePath) { db in
            let before = try chain.head(in: db)
            let result = try body(db)
            return (result, before, try chain.head(in: db))
        }
        if after != before {
            // A failed anchor write (a full disk) leaves the older anchor:
            // still behind the chain, so nothing false is reported.
            try? keystore.queue.writing(keystore.path) { db in
                try db.execute(
                    sql: "INSERT OR REPLACE INTO audit_anchor (id, sequence, hash, mac) VALUES (1, ?, ?, ?)",
                    arguments: [after.sequence, after.hash, chain.seal(after)])
            }
        }
        return result
    }

    /// The head anchored in `keys.sqlite`, or nil before the first anchored
    /// entry; an anchor whose MAC fails is reported, not trusted.
    func auditAnchor() throws(GalleryError) -> AuditHead? {
        let row = try keystore.queue.reading(keystore.path) { db in try Row.fetchOne(db, sql: "SELECT * FROM audit_anchor WHERE id = 1") }
        guard let row else { return nil }
        let head = AuditHead(sequence: row["sequence"], hash: row["hash"])
        guard chain.isAuthentic(head, mac: row["mac"]) else {
            throw GalleryError(
                .damaged, "\(keystore.path): the audit anchor was changed (its MAC does not verify); restore keys.sqlite from its backup")
        }
        return head
    }

    /// Refuses a `gallery.sqlite` older than its `keys.sqlite` before anything
    /// is changed: recovery would take the keys of residents enrolled since
    /// for leftovers of a crash and shred them.
    func refuseOlderGallery() throws(GalleryError) {
        guard let anchor = try auditAnchor() else { return }
        let head = try database.reading(databasePath) { db in try chain.head(in: db) }
        guard head.sequence < anchor.sequence else { return }
        throw GalleryError(
            .damaged,
            "\(databasePath) ends at audit entry \(head.sequence) but \(keystore.path) was written after entry \(anchor.sequence): "
                + "gallery.sqlite is older than keys.sqlite (restored alone from an older backup, or entries cut off, or its -wal file lost). "
                + "Nothing was changed; opening it would shred the keys of residents enrolled since. "
                + "Restore the gallery.sqlite saved together with this keys.sqlite, or both files from one backup")
    }
}
