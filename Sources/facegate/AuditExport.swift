import ArgumentParser
import Audit
import Foundation
import Gallery

/// `facegate audit export`: the chain as an auditor takes it away — every
/// entry with its place in the chain and its hashes, as JSON lines or CSV on
/// standard output. The audit never holds an image, a template, a score or
/// a name, so neither does the export; pseudonyms can be left out too.
struct AuditExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write audit entries for an auditor as JSON lines or CSV (no biometrics are ever in them).",
        discussion: """
            Fields: sequence, time (UTC), gate, kind, pseudonym, score_band, reason, actor,
            previous_hash, hash (hex). The whole chain is verified first; a broken chain is still
            exported, and then the command says where it breaks and exits 1.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case jsonl
        case csv
    }

    @Option(help: "From this date (YYYY-MM-DD, UTC).")
    var since: String?

    @Option(help: "Before this date (YYYY-MM-DD, UTC).")
    var until: String?

    @Option(help: "jsonl or csv.")
    var format: Format = .jsonl

    @Flag(help: "Leave the residents' pseudonyms out.")
    var withoutPseudonyms = false

    @OptionGroup var site: SiteOptions

    static let fields = ["sequence", "time", "gate", "kind", "pseudonym", "score_band", "reason", "actor", "previous_hash", "hash"]

    func run() throws {
        let gallery = try site.openGallery(site.loadConfig())
        let verification = try gallery.verifyAudit()
        let entries = try gallery.auditEntries(since: try since.map(AuditCommand.Show.date), until: try until.map(AuditCommand.Show.date))
        if format == .csv { print(Self.fields.joined(separator: ",")) }
        for entry in entries {
            let values = row(entry)
            switch format {
            case .jsonl: print(Self.json(values))
            case .csv: print(values.map { Self.csvField($0 ?? "") }.joined(separator: ","))
            }
        }
        let span = entries.first.map { "#\($0.sequence) … #\(entries.last!.sequence)" } ?? "none"
        switch verification {
        case .intact:
            FileHandle.standardError.write(Data("exported \(entries.count) audit entries (\(span)); the chain verifies\n".utf8))
        case .broken(let sequence, let reason):
            throw CommandFailure(
                status: .failure,
                description: "exported \(entries.count) audit entries (\(span)), but the chain is broken at entry \(sequence): \(reason)")
        }
    }

    private func row(_ entry: AuditEntry) -> [String?] {
        let event = entry.event
        return [
            "\(entry.sequence)", Timestamp.format(entry.time), event.gate, event.kind.rawValue,
            withoutPseudonyms ? nil : event.pseudonym, event.scoreBand, event.reason, event.actor,
            entry.previousHash.hex, entry.hash.hex,
        ]
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
