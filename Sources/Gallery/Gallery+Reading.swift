import Audit
public import Foundation
import GRDB
import Keys

extension Gallery {
    /// How many subjects are stored: the number the filing thresholds count (R19).
    public func subjectCount() throws(GalleryError) -> Int {
        try database.reading(databasePath) { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM subjects") ?? 0 }
    }

    /// How many subjects are past their expiry and still stored (the daily
    /// purge removes them; more than none for long means it is not running).
    public func expiredCount() throws(GalleryError) -> Int {
        try database.reading(databasePath) { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM subjects WHERE expires_at <= ?", arguments: [Timestamp.format(now())]) ?? 0
        }
    }

    /// Every subject with its unit, consent date and expiry — never a name or
    /// a biometric — sorted by unit.
    public func subjects() throws(GalleryError) -> [SubjectSummary] {
        try subjectRows().map { row, identity in
            SubjectSummary(
                pseudonym: row.pseudonym, unit: identity?.unit ?? "(unreadable)", consentedAt: row.consentedAt,
                expires: row.expires, isMinor: row.isMinor)
        }.sorted { ($0.unit, $0.pseudonym) < ($1.unit, $1.pseudonym) }
    }

    /// Subjects whose name and/or unit match exactly (names compared without
    /// regard to case or surrounding spaces), for `withdraw --name --unit`.
    public func subjects(named name: String?, unit: String?) throws(GalleryError) -> [SubjectSummary] {
        func same(_ a: String, _ b: String) -> Bool {
            a.trimmingCharacters(in: .whitespaces).lowercased() == b.trimmingCharacters(in: .whitespaces).lowercased()
        }
        return try subjectRows().compactMap { row, identity in
            guard let identity, name.map({ same($0, identity.name) }) ?? true, unit.map({ same($0, identity.unit) }) ?? true
            else { return nil }
            return SubjectSummary(
                pseudonym: row.pseudonym, unit: identity.unit, consentedAt: row.consentedAt, expires: row.expires,
                isMinor: row.isMinor)
        }
    }

    /// Every active subject's templates, decrypted, for the matcher and the
    /// duplicate check. Subjects being withdrawn are left out.
    public func templates() throws(GalleryError) -> [StoredTemplate] {
        try openTemplates().readable
    }

    /// Active subjects whose template cannot be opened (a damaged or altered
    /// row): they cannot enter by face, and `doctor` and the daemon say so.
    public func unreadableTemplates() throws(GalleryError) -> [String] {
        try openTemplates().unreadable
    }

    func openTemplates() throws(GalleryError) -> (readable: [StoredTemplate], unreadable: [String]) {
        let keys = try keystore.subjectKeys(master: master)
        let rows = try database.reading(databasePath) { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT t.pseudonym, t.sealed, t.model_id, s.expires_at, s.minor FROM templates t
                    JOIN subjects s ON s.pseudonym = t.pseudonym WHERE s.status = 'active' ORDER BY t.id
                    """)
        }
        var readable: [StoredTemplate] = [], unreadable: [String] = []
        for row in rows {
            let pseudonym: String = row["pseudonym"], modelID: String = row["model_id"]
            guard let key = keys[pseudonym],
                let plain = SealedBox.open(row["sealed"], with: key, context: Self.templateContext(pseudonym, modelID: modelID)),
                let values = TemplateCoding.decode(plain)
            else {
                unreadable.append(pseudonym)
                continue
            }
            readable.append(
                StoredTemplate(
                    pseudonym: pseudonym, values: values, modelID: modelID, expires: Timestamp.parse(row["expires_at"]) ?? .distantPast,
                    isMinor: row["minor"]))
        }
        return (readable, unreadable)
    }

    struct SubjectRow {
        let pseudonym: String
        let consentedAt: Date
        let expires: Date
        let isMinor: Bool
    }

    /// Active subjects with their decrypted identity (nil if it cannot be opened).
    func subjectRows() throws(GalleryError) -> [(SubjectRow, Identity?)] {
        let keys = try keystore.subjectKeys(master: master)
        let rows = try database.reading(databasePath) { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.pseudonym, s.expires_at, s.minor, i.sealed,
                        (SELECT MIN(consented_at) FROM consents c WHERE c.pseudonym = s.pseudonym) AS consented_at
                    FROM subjects s LEFT JOIN identities i ON i.pseudonym = s.pseudonym WHERE s.status = 'active'
                    """)
        }
        return rows.map { row in
            let pseudonym: String = row["pseudonym"]
            let identity = keys[pseudonym].flatMap { key in
                (row["sealed"] as Data?).flatMap { SealedBox.open($0, with: key, context: Self.identityContext(pseudonym)) }
            }.flatMap { try? JSONDecoder().decode(Identity.self, from: $0) }
            let summary = SubjectRow(
                pseudonym: pseudonym, consentedAt: Timestamp.parse(row["consented_at"] ?? "") ?? .distantPast,
                expires: Timestamp.parse(row["expires_at"]) ?? .distantPast, isMinor: row["minor"])
            return (summary, identity)
        }
    }
}

extension Gallery {
    /// Whether a subject may still be let in: present and active, its
    /// expiry, whether a minor. nil when the subject is gone. The daemon asks
    /// this of the database itself right before opening the gate.
    public func standing(of pseudonym: String) throws(GalleryError) -> (active: Bool, expires: Date, isMinor: Bool)? {
        try database.reading(databasePath) { db in
            try Row.fetchOne(db, sql: "SELECT status, expires_at, minor FROM subjects WHERE pseudonym = ?", arguments: [pseudonym]).map {
                (($0["status"] as String) == "active", Timestamp.parse($0["expires_at"]) ?? .distantPast, $0["minor"] as Bool)
            }
        }
    }

    /// A subject's name and unit, decrypted, for a welcome on sites that
    /// greet by unit or first name; nil for a withdrawn subject.
    public func identity(of pseudonym: String) throws(GalleryError) -> Identity? {
        guard let key = try keystore.subjectKey(pseudonym, master: master) else { return nil }
        let sealed = try database.reading(databasePath) { db in
            try Data.fetchOne(db, sql: "SELECT sealed FROM identities WHERE pseudonym = ?", arguments: [pseudonym])
        }
        return sealed.flatMap { SealedBox.open($0, with: key, context: Self.identityContext(pseudonym)) }
            .flatMap { try? JSONDecoder().decode(Identity.self, from: $0) }
    }

    /// SQLite's data_version: changes whenever another process commits to
    /// gallery.sqlite, so the daemon notices an enrollment or a withdrawal.
    public func dataVersion() throws(GalleryError) -> Int {
        try database.reading(databasePath) { db in try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
    }
}
