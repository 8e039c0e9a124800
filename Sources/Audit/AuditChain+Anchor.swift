import Crypto
public import Foundation
public import GRDB

/// The chain's last entry, as `audit_state` records it. Kept a second time
/// outside the gallery file (in `keys.sqlite`), with a MAC under the audit
/// key, so that entries cut off the end — with `audit_state` rewritten to
/// match, or with the gallery's last transactions lost alongside its
/// `-wal` file — no longer leave a chain that verifies.
public struct AuditHead: Sendable, Equatable {
    public let sequence: Int64
    public let hash: Data

    public init(sequence: Int64, hash: Data) {
        self.sequence = sequence
        self.hash = hash
    }
}

extension AuditChain {
    /// The head `audit_state` records (sequence 0 before the first entry).
    public func head(in db: Database) throws -> AuditHead {
        let state = try Row.fetchOne(db, sql: "SELECT last_sequence, last_hash FROM audit_state WHERE id = 1")!
        return AuditHead(sequence: state["last_sequence"], hash: (state["last_hash"] as Data?) ?? genesis)
    }

    /// The MAC that vouches for `head` outside the gallery file.
    public func seal(_ head: AuditHead) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Self.anchorMessage(head), using: key))
    }

    /// Whether `mac` vouches for `head` (compared in constant time).
    public func isAuthentic(_ head: AuditHead, mac: Data) -> Bool {
        HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Self.anchorMessage(head), using: key)
    }

    static func anchorMessage(_ head: AuditHead) -> Data {
        var message = Data("facegate audit anchor v1".utf8)
        withUnsafeBytes(of: head.sequence.bigEndian) { message.append(contentsOf: $0) }
        message.append(head.hash)
        return message
    }

    /// What is wrong between the chain in `db` and the anchor kept outside
    /// it, or nil when the chain reaches the anchor and holds it unchanged.
    public func anchorProblem(in db: Database, anchor: AuditHead) throws -> AuditVerification? {
        let head = try head(in: db)
        guard head.sequence >= anchor.sequence else {
            return .broken(
                sequence: head.sequence + 1,
                reason: "entries \(head.sequence + 1)…\(anchor.sequence) are missing from the end: the chain ends at entry \(head.sequence) "
                    + "but entry \(anchor.sequence) had been written (keys.sqlite's anchor)")
        }
        if anchor.sequence == head.sequence, anchor.hash != head.hash {
            return .broken(sequence: anchor.sequence, reason: "entry \(anchor.sequence) is not the one keys.sqlite's anchor recorded")
        }
        if anchor.sequence < head.sequence, anchor.sequence > 0,
            let hash = try Data.fetchOne(db, sql: "SELECT hash FROM audit_entries WHERE sequence = ?", arguments: [anchor.sequence]),
            hash != anchor.hash
        {
            return .broken(sequence: anchor.sequence, reason: "entry \(anchor.sequence) is not the one keys.sqlite's anchor recorded")
        }
        return nil
    }
}
