public import ArgumentParser
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

    @Option(help: "From this date (YYYY-MM-DD, UTC).")
    var since: String?

    @Option(help: "Before this date (YYYY-MM-DD, UTC).")
    var until: String?

    @Option(help: "jsonl or csv.")
    var format: AuditExportFormat = .jsonl

    @Flag(help: "Leave the residents' pseudonyms out.")
    var withoutPseudonyms = false

    @OptionGroup var site: SiteOptions

    func run() throws {
        let gallery = try site.openGallery(site.loadConfig())
        let verification = try gallery.verifyAudit()
        let entries = try gallery.auditEntries(since: try since.map(AuditCommand.Show.date), until: try until.map(AuditCommand.Show.date))
        if let header = format.header { print(header) }
        for entry in entries { print(format.line(entry, withoutPseudonyms: withoutPseudonyms)) }
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
}

extension AuditExportFormat: ExpressibleByArgument {}
