import Audit
import Crypto
import CryptoExtras
public import Foundation
import GRDB
import Keys

/// A resident's PIN for the built-in alternative way in (R1): usable by
/// anyone, with or without face entry. The PIN itself is never stored: only
/// scrypt(PIN, site salt), and the site salt lives sealed in keys.sqlite.
public struct PINEntry: Sendable, Equatable {
    public var identifier: String
    public var unit: String
    public var created: Date
}

extension Gallery {
    static let pinSaltContext = "facegate/pin-salt/v1"

    /// Creates a PIN for a unit: `pin` if given (6–8 digits), else a random
    /// 6-digit one; refuses a PIN already in use. Returns its id and the PIN,
    /// which is shown once and kept nowhere.
    public func addPIN(unit: String, pin requested: String? = nil, actor: String) throws(GalleryError) -> (identifier: String, pin: String) {
        let salt = try pinSalt()
        for _ in 0..<20 {
            let pin = requested ?? String(format: "%06d", Int.random(in: 0..<1_000_000))
            guard Self.isWellFormedPIN(pin) else {
                throw GalleryError(.refused, "a PIN has 6 to 8 digits")
            }
            let digest = try Self.pinDigest(pin, salt: salt)
            let identifier = "p-" + Pseudonym.random().dropFirst(2).prefix(10)
            let sealedUnit = SealedBox.seal(Data(unit.utf8), with: salt, context: "facegate/pin-unit/v1/\(identifier)")
            let stored = try writing { db -> Bool in
                guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM pins WHERE digest = ?", arguments: [digest]) == 0 else {
                    return false
                }
                try db.execute(
                    sql: "INSERT INTO pins (identifier, digest, unit_sealed, created_at) VALUES (?, ?, ?, ?)",
                    arguments: [identifier, digest, sealedUnit, Timestamp.format(now())])
                try chain.append(AuditEvent(.pinAdded, gate: gate, pseudonym: identifier, reason: "PIN issued", actor: actor), at: now(), in: db)
                return true
            }
            if stored { return (identifier, pin) }
            if requested != nil { throw GalleryError(.refused, "that PIN is already in use; choose another") }
        }
        throw GalleryError(.storage, "could not find an unused PIN")
    }

    /// Removes a PIN (audited).
    public func removePIN(_ identifier: String, actor: String) throws(GalleryError) {
        let removed = try writing { db -> Bool in
            try db.execute(sql: "DELETE FROM pins WHERE identifier = ?", arguments: [identifier])
            guard db.changesCount > 0 else { return false }
            try chain.append(AuditEvent(.pinRemoved, gate: gate, pseudonym: identifier, reason: "PIN removed", actor: actor), at: now(), in: db)
            return true
        }
        guard removed else { throw GalleryError(.unknownSubject, "no PIN \(identifier)") }
    }

    /// What a PIN looks like: 6 to 8 ASCII digits. Anything else entered at a
    /// pad is not an attempt at a PIN (the pad does not count it).
    public static func isWellFormedPIN(_ pin: String) -> Bool {
        (6...8).contains(pin.utf8.count) && pin.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// The id of the PIN entered, or nil. One scrypt and one indexed lookup.
    public func matchPIN(_ pin: String) throws(GalleryError) -> String? {
        guard Self.isWellFormedPIN(pin) else { return nil }
        let digest = try Self.pinDigest(pin, salt: try pinSalt())
        return try database.reading(databasePath) { db in
            try String.fetchOne(db, sql: "SELECT identifier FROM pins WHERE digest = ?", arguments: [digest])
        }
    }

    public func pins() throws(GalleryError) -> [PINEntry] {
        let salt = try pinSalt()
        let rows = try database.reading(databasePath) { db in try Row.fetchAll(db, sql: "SELECT * FROM pins ORDER BY created_at") }
        return rows.map { row in
            let identifier: String = row["identifier"]
            let unit = SealedBox.open(row["unit_sealed"], with: salt, context: "facegate/pin-unit/v1/\(identifier)")
            return PINEntry(
                identifier: identifier, unit: unit.map { String(decoding: $0, as: UTF8.self) } ?? "(unreadable)",
                created: Timestamp.parse(row["created_at"]) ?? .distantPast)
        }
    }

    /// scrypt (N = 2¹⁴, r = 8, p = 1): about 50 ms per guess, on top of the
    /// kiosk's lockout, and useless without the sealed site salt.
    static func pinDigest(_ pin: String, salt: SymmetricKey) throws(GalleryError) -> String {
        try scryptDigest(pin, salt: salt.withUnsafeBytes { Data($0) }, of: "the PIN")
    }

    /// scrypt (N = 2¹⁴, r = 8, p = 1) of `secret` with `salt`, as hex: the
    /// one slow hash of PINs and operators' passwords.
    static func scryptDigest(_ secret: String, salt: Data, of what: String) throws(GalleryError) -> String {
        let key: SymmetricKey
        do {
            key = try KDF.Scrypt.deriveKey(
                from: Data(secret.utf8), salt: salt, outputByteCount: 32, rounds: 1 << 14, blockSize: 8, parallelism: 1)
        } catch {
            // scrypt fails only when it cannot get its 16 MB of memory.
            throw GalleryError(.storage, "cannot derive the scrypt digest of \(what): \(error)")
        }
        return key.withUnsafeBytes { Data($0) }.map { String(format: "%02x", $0) }.joined()
    }

    /// The site's PIN salt: made on first use, sealed by the master key in keys.sqlite.
    func pinSalt() throws(GalleryError) -> SymmetricKey {
        try keystore.queue.writing(keystore.path) { db in
            if let wrapped = try Data.fetchOne(db, sql: "SELECT value FROM keystore_meta WHERE key = 'pin_salt'") {
                guard let salt = SealedBox.unwrap(wrapped, with: master.key, context: Self.pinSaltContext) else {
                    throw GalleryError(.damaged, "the PIN salt in keys.sqlite cannot be opened")
                }
                return salt
            }
            let salt = SymmetricKey(size: .bits256)
            try db.execute(
                sql: "INSERT INTO keystore_meta (key, value) VALUES ('pin_salt', ?)",
                arguments: [SealedBox.wrap(salt, with: master.key, context: Self.pinSaltContext)])
            return salt
        }
    }
}
