import Foundation
import GRDB

extension Gallery {
    /// Reads every sealed template and wrapped key without decrypting
    /// anything: the reference `facegate bench gallery` compares loading with.
    package func readSealedRows() throws(GalleryError) -> Int {
        let templates = try database.reading(databasePath) { db in try Data.fetchAll(db, sql: "SELECT sealed FROM templates") }
        let keys = try keystore.queue.reading(keystore.path) { db in try Data.fetchAll(db, sql: "SELECT wrapped FROM subject_keys") }
        return templates.count + keys.count
    }
}
