public import Audit
import Crypto
public import Foundation
import GRDB
public import Keys

/// The consent-only, encrypted gallery of residents (R3–R7, R10–R13).
///
/// A subject's template exists only together with its consent record, only
/// sealed under the subject's own key, only until its expiry, and vanishes
/// for good on withdrawal. Two files in the state directory (see
/// `GallerySchema`): `gallery.sqlite` and `keys.sqlite`. Every change is
/// audited in the same transaction as the change itself.
///
/// Changes that touch both files run in an order that leaves nothing
/// half-done after a crash (kill -9, power loss): a key is stored before its
/// subject, and a subject is marked `withdrawing` before its key is shredded.
/// Opening the gallery finishes whatever such a crash interrupted.
public final class Gallery: Sendable {
    public static let galleryFile = "gallery.sqlite"
    public static let keystoreFile = "keys.sqlite"

    let database: DatabaseQueue
    let keystore: Keystore
    let master: MasterKey
    let chain: AuditChain
    public let directory: String
    public let galleryID: String
    /// The gate id written into audit entries made through this gallery.
    public let gate: String
    let now: @Sendable () -> Date

    /// The fingerprint of the master key this gallery is open with.
    public var masterFingerprint: String { master.fingerprint }

    var databasePath: String { "\(directory)/\(Self.galleryFile)" }

    init(
        database: DatabaseQueue, keystore: Keystore, master: MasterKey, auditKey: SymmetricKey, directory: String,
        gate: String, now: @escaping @Sendable () -> Date
    ) {
        self.database = database
        self.keystore = keystore
        self.master = master
        chain = AuditChain(key: auditKey, galleryID: keystore.galleryID)
        self.directory = directory
        galleryID = keystore.galleryID
        self.gate = gate
        self.now = now
    }

    /// Whether `directory` already holds a gallery.
    public static func exists(in directory: String) -> Bool {
        FileManager.default.fileExists(atPath: "\(directory)/\(galleryFile)")
    }

    /// Creates an empty gallery bound to `master` in `directory` (made 0700 if missing).
    public static func create(
        in directory: String, master: MasterKey, gate: String, now: @escaping @Sendable () -> Date = Date.init
    ) throws(GalleryError) -> Gallery {
        try create(in: directory, master: master, gate: gate, now: now, identity: nil)
    }

    /// `identity` nil makes a new gallery id and audit key; a copy of the
    /// estate gallery passes the estate's.
    static func create(
        in directory: String, master: MasterKey, gate: String, now: @escaping @Sendable () -> Date,
        identity: (galleryID: String, auditKey: SymmetricKey)?
    ) throws(GalleryError) -> Gallery {
        Keystore.removeLeftover(of: directory, galleryFile: galleryFile, keystoreFile: keystoreFile)
        guard !exists(in: directory), !FileManager.default.fileExists(atPath: "\(directory)/\(keystoreFile)") else {
            throw GalleryError(.refused, "\(directory) already holds a gallery; facegate never replaces one")
        }
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw GalleryError(.storage, "cannot create \(directory): \(error.localizedDescription)")
        }
        let galleryID = identity?.galleryID ?? UUID().uuidString.lowercased()
        let keysPath = "\(directory)/\(keystoreFile)"
        let keysQueue = try GallerySchema.open(keysPath, migrator: GallerySchema.keystore, label: "keystore")
        let auditKey = try Keystore.create(
            keysQueue, path: keysPath, galleryID: galleryID, master: master, auditKey: identity?.auditKey ?? SymmetricKey(size: .bits256))
        let database = try GallerySchema.open("\(directory)/\(galleryFile)", migrator: GallerySchema.gallery, label: "gallery")
        try database.writing("\(directory)/\(galleryFile)") { db in
            for (key, value) in [
                ("gallery_id", galleryID), ("created_at", Timestamp.format(now())), ("master_fingerprint", master.fingerprint),
            ] {
                try db.execute(sql: "INSERT INTO gallery_meta (key, value) VALUES (?, ?)", arguments: [key, value])
            }
        }
        try restrictPermissions(in: directory)
        let keystore = Keystore(queue: keysQueue, path: keysPath, galleryID: galleryID)
        return Gallery(
            database: database, keystore: keystore, master: master, auditKey: auditKey, directory: directory, gate: gate,
            now: now)
    }

    /// Opens the gallery in `directory` with `master`, refusing a wrong key or
    /// mismatched files before touching anything, then finishes any change a
    /// crash interrupted.
    public static func open(
        in directory: String, master: MasterKey, gate: String, now: @escaping @Sendable () -> Date = Date.init
    ) throws(GalleryError) -> Gallery {
        let galleryPath = "\(directory)/\(galleryFile)", keysPath = "\(directory)/\(keystoreFile)"
        guard exists(in: directory) else {
            throw GalleryError(.missing, "no gallery in \(directory); create one with `facegate keygen`")
        }
        guard FileManager.default.fileExists(atPath: keysPath) else {
            throw GalleryError(
                .damaged, "\(keysPath) is missing: without it no template can be opened; restore it from its backup")
        }
        try GallerySchema.examine(keysPath, migrator: GallerySchema.keystore)
        let (galleryID, auditKey, fingerprint) = try Keystore.unlock(keysPath, master: master)
        let keysQueue = try GallerySchema.open(keysPath, migrator: GallerySchema.keystore, label: "keystore")
        let keystore = Keystore(queue: keysQueue, path: keysPath, galleryID: galleryID)
        let database = try GallerySchema.open(galleryPath, migrator: GallerySchema.gallery, label: "gallery")
        let meta = try database.reading(galleryPath) { db in
            Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT key, value FROM gallery_meta").map {
                    ($0["key"] as String, $0["value"] as String)
                })
        }
        guard meta["gallery_id"] == keystore.galleryID else {
            throw GalleryError(.damaged, "\(keysPath) belongs to a different gallery than \(galleryPath); restore the matching pair")
        }
        let gallery = Gallery(
            database: database, keystore: keystore, master: master, auditKey: auditKey, directory: directory, gate: gate,
            now: now)
        try gallery.refuseOlderGallery()
        try gallery.recover(keystoreFingerprint: fingerprint, galleryFingerprint: meta["master_fingerprint"])
        return gallery
    }

    /// The gallery and key files readable by their owner only (R12).
    static func restrictPermissions(in directory: String) throws(GalleryError) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names where name.hasPrefix(galleryFile) || name.hasPrefix(keystoreFile) {
            try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: "\(directory)/\(name)")
        }
    }

    /// Appends an audit entry (daemon decisions, admin actions outside the gallery).
    @discardableResult
    public func audit(_ event: AuditEvent) throws(GalleryError) -> AuditEntry {
        try writing { db in try chain.append(event, at: now(), in: db) }
    }

    /// Removes audit entries older than `retentionDays` (R7), leaving an
    /// audited anchor so the rest still verifies. The daemon runs it daily.
    @discardableResult
    public func purgeAudit(retentionDays: Int, actor: String?) throws(GalleryError) -> AuditPurge? {
        let time = now()
        let cutoff = time.addingTimeInterval(-Double(retentionDays) * 86_400)
        let purge = try writing { db in
            try chain.purge(before: cutoff, retentionDays: retentionDays, actor: actor, gate: gate, at: time, in: db)
        }
        if purge != nil { try database.checkpoint(databasePath) }
        return purge
    }

    /// Walks the audit chain, and checks that it reaches the head anchored in `keys.sqlite`.
    public func verifyAudit() throws(GalleryError) -> AuditVerification {
        let anchor = try auditAnchor()
        return try database.reading(databasePath) { db in
            let walked = try chain.verify(in: db)
            guard case .intact = walked, let anchor else { return walked }
            return try chain.anchorProblem(in: db, anchor: anchor) ?? walked
        }
    }

    /// Audit entries from `since` up to `until`.
    public func auditEntries(since: Date? = nil, until: Date? = nil) throws(GalleryError) -> [AuditEntry] {
        try database.reading(databasePath) { db in try AuditChain.entries(in: db, since: since, until: until) }
    }

    /// SQLite's full integrity check of both files: "ok" or the problems found.
    public func integrityProblems() throws(GalleryError) -> [String] {
        let gallery = try database.reading(databasePath) { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        let keys = try keystore.queue.reading(keystore.path) { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        return (gallery + keys).filter { $0 != "ok" }
    }
}
