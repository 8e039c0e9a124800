import ArgumentParser
import Audit
import Foundation
import Gallery

/// `facegate audit …`: read and check the tamper-evident log.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Check and read the audit log.", subcommands: [Verify.self, Show.self, AuditExport.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Walk the hash chain; name the first entry that was changed, removed or reordered.")

        @OptionGroup var site: SiteOptions

        func run() throws {
            switch try site.openGallery(site.loadConfig()).verifyAudit() {
            case .intact(let entries, let first, let last):
                print("audit chain intact: \(entries) entries" + (first.map { ", \(Timestamp.format($0)) … \(Timestamp.format(last ?? $0))" } ?? ""))
            case .broken(let sequence, let reason):
                throw CommandFailure(status: .failure, description: "audit chain broken at entry \(sequence): \(reason)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print audit entries (no biometrics are ever in them).")

        @Option(help: "From this date (YYYY-MM-DD, UTC).")
        var since: String?

        @Option(help: "Before this date (YYYY-MM-DD, UTC).")
        var until: String?

        @OptionGroup var site: SiteOptions

        func run() throws {
            let gallery = try site.openGallery(site.loadConfig())
            for entry in try gallery.auditEntries(since: try since.map(Self.date), until: try until.map(Self.date)) {
                let event = entry.event
                print([
                    "#\(entry.sequence)", Timestamp.format(entry.time), event.gate, event.kind.rawValue,
                    event.pseudonym ?? "-", event.scoreBand ?? "-", event.reason, event.actor.map { "by \($0)" } ?? "",
                ].joined(separator: "  "))
            }
        }

        static func date(_ text: String) throws -> Date {
            guard let date = try? Date(text, strategy: .iso8601.year().month().day()) else {
                throw ValidationError("\(text) is not a date like 2026-11-23")
            }
            return date
        }
    }
}
