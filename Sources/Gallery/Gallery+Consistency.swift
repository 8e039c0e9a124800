import Foundation
import GRDB
import Keys

extension Gallery {
    /// Subjects that are not whole: no key, no readable identity, no consent
    /// record, no template or a template that cannot be opened. Empty in a
    /// healthy gallery; `doctor` and the crash tests check it.
    public func incompleteSubjects() throws(GalleryError) -> [String] {
        let keys = try keystore.subjectKeys(master: master)
        let rows = try database.reading(databasePath) { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.pseudonym, i.sealed,
                        (SELECT COUNT(*) FROM consents c WHERE c.pseudonym = s.pseudonym) AS consents,
                        (SELECT COUNT(*) FROM templates t WHERE t.pseudonym = s.pseudonym) AS templates
                    FROM subjects s LEFT JOIN identities i ON i.pseudonym = s.pseudonym
                    """)
        }
        let unreadable = Set(try unreadableTemplates())
        return rows.compactMap { row in
            let pseudonym: String = row["pseudonym"]
            guard let key = keys[pseudonym], let sealed = row["sealed"] as Data?,
                SealedBox.open(sealed, with: key, context: Self.identityContext(pseudonym)) != nil,
                (row["consents"] as Int) > 0, (row["templates"] as Int) > 0, !unreadable.contains(pseudonym)
            else { return pseudonym }
            return nil
        }
    }
}
