import Foundation

/// How audit entries leave the gate for an auditor, as `facegate audit
/// export` and the console's export both write them: each entry with its
/// place in the chain and its hashes, as a JSON line or a CSV row.
public enum AuditExportFormat: String, Sendable, CaseIterable {
    case jsonl
    case csv

    public static let fields = ["sequence", "time", "gate", "kind", "pseudonym", "score_band", "reason", "actor", "previous_hash", "hash"]

    /// The CSV header line; nil for JSON lines.
    public var header: String? { self == .csv ? Self.fields.joined(separator: ",") : nil }

    /// One entry as a line (no newline).
    public func line(_ entry: AuditEntry, withoutPseudonyms: Bool = false) -> String {
        let event = entry.event
        let values: [String?] = [
            "\(entry.sequence)", Timestamp.format(entry.time), event.gate, event.kind.rawValue,
            withoutPseudonyms ? nil : event.pseudonym, event.scoreBand, event.reason, event.actor,
            entry.previousHash.hex, entry.hash.hex,
        ]
        switch self {
        case .jsonl: return Self.json(values)
        case .csv: return values.map { Self.csvField($0 ?? "") }.joined(separator: ",")
        }
    }

    /// One JSON object with the fields in order; the sequence as a number, absent values as null.
    static func json(_ values: [String?]) -> String {
        let members = zip(fields, values).map { name, value -> String in
            guard let value else { return "\"\(name)\":null" }
            if name == "sequence" { return "\"\(name)\":\(value)" }
            let encoded = (try? JSONEncoder().encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
            return "\"\(name)\":\(encoded)"
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    /// RFC 4180 quoting; a field a spreadsheet would run as a formula gets a leading apostrophe.
    static func csvField(_ value: String) -> String {
        let safe = value.first.map { "=+@\t\r".contains($0) } == true ? "'" + value : value
        guard safe.contains(where: { ",\"\n\r".contains($0) }) else { return safe }
        return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
