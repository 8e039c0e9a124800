import Audit
import Crypto
public import Foundation
import GRDB

/// A member of staff who may sign in to the web console (issue 29): a login
/// name, a role, and a password kept only as scrypt(password, its own salt
/// and the sealed site salt), so a copy of `gallery.sqlite` alone cannot
/// even be guessed against.
public struct OperatorAccount: Sendable, Equatable {
    /// What an operator may do: the desk enrolls and withdraws residents and
    /// issues PINs; the auditor reads and exports the audit and reports; the
    /// admin does both and manages operators.
    public enum Role: String, Sendable, CaseIterable {
        case desk, auditor, admin
    }

    public var name: String
    public var role: Role
    public var created: Date
    /// Until when wrong passwords keep the account locked; nil when it is not.
    public var lockedUntil: Date?

    public init(name: String, role: Role, created: Date, lockedUntil: Date? = nil) {
        self.name = name
        self.role = role
        self.created = created
        self.lockedUntil = lockedUntil
    }
}

/// What a sign-in attempt found. An unknown name and a wrong password are
/// the same answer, so the console cannot be used to find login names.
public enum OperatorSignIn: Sendable, Equatable {
    case accepted(OperatorAccount)
    case refused
    case locked(until: Date)
}

extension Gallery {
    /// Wrong passwords in a row that lock an account, and for how long.
    public static let operatorLockout = (failures: 5, seconds: 900.0)

    /// A login name: 2–32 of a–z, 0–9, '.', '-' and '_', starting with a letter.
    public static func isWellFormedOperatorName(_ name: String) -> Bool {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.-_")
        return (2...32).contains(name.count) && name.first?.isLetter == true && name.allSatisfy { allowed.contains($0) }
    }

    /// Adds an operator (audited with `actor`); refuses a name in use or a password under 12 characters.
    public func addOperator(_ name: String, role: OperatorAccount.Role, password: String, actor: String) throws(GalleryError) {
        guard Self.isWellFormedOperatorName(name) else {
            throw GalleryError(.refused, "an operator name has 2–32 of a–z, 0–9, '.', '-' and '_', starting with a letter")
        }
        let (salt, digest) = try newOperatorDigest(password)
        let added = try writing { db -> Bool in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM operators WHERE name = ?", arguments: [name]) == 0 else { return false }
            try db.execute(
                sql: "INSERT INTO operators (name, role, salt, digest, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [name, role.rawValue, salt, digest, Timestamp.format(now())])
            try chain.append(
                AuditEvent(.operatorAdded, gate: gate, reason: "operator \(name) added as \(role.rawValue)", actor: actor), at: now(), in: db)
            return true
        }
        guard added else { throw GalleryError(.refused, "there is already an operator \(name)") }
    }

    /// Gives an operator a new password and unlocks the account (audited).
    public func setOperatorPassword(_ name: String, password: String, actor: String) throws(GalleryError) {
        let (salt, digest) = try newOperatorDigest(password)
        try changeOperator(name, actor: actor, reason: "new password for operator \(name)") { db in
            try db.execute(
                sql: "UPDATE operators SET salt = ?, digest = ?, failures = 0, locked_until = NULL WHERE name = ?", arguments: [salt, digest, name])
        }
    }

    /// Unlocks an account that wrong passwords locked (audited).
    public func unlockOperator(_ name: String, actor: String) throws(GalleryError) {
        try changeOperator(name, actor: actor, reason: "operator \(name) unlocked") { db in
            try db.execute(sql: "UPDATE operators SET failures = 0, locked_until = NULL WHERE name = ?", arguments: [name])
        }
    }

    /// Removes an operator (audited); their past actions stay in the audit under their name.
    public func removeOperator(_ name: String, actor: String) throws(GalleryError) {
        try changeOperator(name, actor: actor, reason: "operator \(name) removed") { db in
            try db.execute(sql: "DELETE FROM operators WHERE name = ?", arguments: [name])
        }
    }

    public func operators() throws(GalleryError) -> [OperatorAccount] {
        try database.reading(databasePath) { db in
            try Row.fetchAll(db, sql: "SELECT * FROM operators ORDER BY name").compactMap(Self.account)
        }
    }

    /// Checks a sign-in at `now`: one scrypt whether or not the name exists.
    /// `lockout.failures` wrong passwords in a row lock the account for
    /// `lockout.seconds` (audited once, when it locks); a locked account
    /// refuses even the right password until then. A success is audited.
    public func signIn(_ name: String, password: String) throws(GalleryError) -> OperatorSignIn {
        let time = now()
        let row = try database.reading(databasePath) { db in try Row.fetchOne(db, sql: "SELECT * FROM operators WHERE name = ?", arguments: [name]) }
        guard let row, let account = Self.account(row) else {
            _ = try operatorDigest(password, salt: Data(count: 16))
            return .refused
        }
        if let until = account.lockedUntil, until > time { return .locked(until: until) }
        let salt: Data = row["salt"], stored: String = row["digest"]
        let right = Self.constantTimeEqual(try operatorDigest(password, salt: salt), stored)
        let lockout = Self.operatorLockout
        return try writing { db -> OperatorSignIn in
            // Read again under the write lock: a parallel attempt may have locked the account meanwhile.
            let locked = try String.fetchOne(db, sql: "SELECT locked_until FROM operators WHERE name = ?", arguments: [name])
            if let until = locked.flatMap(Timestamp.parse), until > time { return .locked(until: until) }
            if right {
                try db.execute(sql: "UPDATE operators SET failures = 0, locked_until = NULL WHERE name = ?", arguments: [name])
                try chain.append(
                    AuditEvent(.operatorSignIn, gate: gate, reason: "signed in as \(account.role.rawValue)", actor: name), at: time, in: db)
                return .accepted(OperatorAccount(name: name, role: account.role, created: account.created, lockedUntil: nil))
            }
            let failures = (try Int.fetchOne(db, sql: "SELECT failures FROM operators WHERE name = ?", arguments: [name]) ?? 0) + 1
            guard failures >= lockout.failures else {
                try db.execute(sql: "UPDATE operators SET failures = ? WHERE name = ?", arguments: [failures, name])
                return .refused
            }
            let stored = Timestamp.format(time.addingTimeInterval(lockout.seconds))
            let until = Timestamp.parse(stored) ?? time.addingTimeInterval(lockout.seconds)
            try db.execute(sql: "UPDATE operators SET failures = 0, locked_until = ? WHERE name = ?", arguments: [stored, name])
            try chain.append(
                AuditEvent(
                    .operatorLocked, gate: gate,
                    reason: "\(failures) wrong passwords in a row; operator \(name) locked for \(Int(lockout.seconds / 60)) min", actor: name),
                at: time, in: db)
            return .locked(until: until)
        }
    }

    private func changeOperator(_ name: String, actor: String, reason: String, _ change: (Database) throws -> Void) throws(GalleryError) {
        let changed = try writing { db -> Bool in
            try change(db)
            guard db.changesCount > 0 else { return false }
            try chain.append(AuditEvent(.operatorChanged, gate: gate, reason: reason, actor: actor), at: now(), in: db)
            return true
        }
        guard changed else { throw GalleryError(.refused, "no operator \(name)") }
    }

    private static func account(_ row: Row) -> OperatorAccount? {
        guard let role = OperatorAccount.Role(rawValue: row["role"]) else { return nil }
        let locked: String? = row["locked_until"]
        return OperatorAccount(
            name: row["name"], role: role, created: Timestamp.parse(row["created_at"]) ?? .distantPast, lockedUntil: locked.flatMap(Timestamp.parse))
    }

    /// A fresh 128-bit salt for an account and the password's digest with it.
    private func newOperatorDigest(_ password: String) throws(GalleryError) -> (salt: Data, digest: String) {
        let salt = Data(SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) })
        return (salt, try operatorDigest(password, salt: salt))
    }

    /// scrypt of the password with the account's salt and the sealed site
    /// salt (the PINs' digest); refuses a password under 12 characters.
    private func operatorDigest(_ password: String, salt: Data) throws(GalleryError) -> String {
        guard password.count >= 12 else { throw GalleryError(.refused, "an operator's password has at least 12 characters") }
        let site = try pinSalt().withUnsafeBytes { Data($0) }
        return try Self.scryptDigest(password, salt: salt + site, of: "an operator's password")
    }

    private static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8), right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        return zip(left, right).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
