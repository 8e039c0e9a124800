public import Audit
public import Foundation
import PostgresNIO

extension EstateDatabase {
    /// The last entry of a box's chain (its gate id) the estate database holds.
    public func shippedHead(chain: String) async throws(EstateError) -> (sequence: Int64, hash: Data)? {
        try await run {
            let rows = try await connection.query(
                "SELECT sequence, hash FROM estate_audit WHERE chain = \(chain) ORDER BY sequence DESC LIMIT 1", logger: logger)
            for try await (sequence, hash) in rows.decode((Int64, Data).self) { return (sequence, hash) }
            return nil
        }
    }

    /// Appends entries of a box's chain, in order, in one transaction. The
    /// key (chain, sequence) makes a repeated shipment fail rather than
    /// duplicate; the table refuses updates and deletes.
    public func ship(_ records: [AuditRecord], chain: String) async throws(EstateError) {
        guard !records.isEmpty else { return }
        try await transaction {
            for record in records {
                let event = record.event
                try await connection.query(
                    """
                    INSERT INTO estate_audit (chain, gate, sequence, time, event, pseudonym, score_band, reason, actor, previous_hash, hash)
                    VALUES (\(chain), \(event.gate), \(record.sequence), \(record.time), \(event.kind.rawValue), \(event.pseudonym), \(event.scoreBand),
                        \(event.reason), \(event.actor), \(record.previousHash), \(record.hash))
                    """, logger: logger)
            }
        }
    }

    /// Every box's shipped chain, by its gate id, in order.
    public func shippedChains() async throws(EstateError) -> [String: [AuditRecord]] {
        try await run {
            let rows = try await connection.query(
                """
                SELECT chain, gate, sequence, time, event, pseudonym, score_band, reason, actor, previous_hash, hash
                FROM estate_audit ORDER BY chain, sequence
                """, logger: logger)
            var chains: [String: [AuditRecord]] = [:]
            for try await (chain, gate, sequence, time, event, pseudonym, band, reason, actor, previous, hash) in rows.decode(
                (String, String, Int64, String, String, String?, String?, String, String?, Data, Data).self)
            {
                chains[chain, default: []].append(
                    AuditRecord(
                        sequence: sequence, time: time,
                        event: AuditEvent(
                            AuditEvent.Kind(rawValue: event), gate: gate, pseudonym: pseudonym, scoreBand: band, reason: reason, actor: actor),
                        previousHash: previous, hash: hash))
            }
            return chains
        }
    }
}
