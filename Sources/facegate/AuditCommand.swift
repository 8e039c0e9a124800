import ArgumentParser
import Audit
import Config
import Estate
import Foundation
import Gallery

/// `facegate audit …`: read and check the tamper-evident log.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Check and read the audit log.", subcommands: [Verify.self, Show.self, AuditExport.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Walk the hash chain; name the first entry that was changed, removed or reordered.",
            discussion: """
                --estate walks every box's chain as shipped to the estate database instead, each with the
                estate's audit key (opened here with the master key), and fails if any is broken.
                """)

        @Flag(help: "Verify every gate's chain in the estate database.")
        var estate = false

        @OptionGroup var site: SiteOptions

        func run() async throws {
            let config = try site.loadConfig()
            if estate { return try await verifyEstate(config) }
            switch try site.openGallery(config).verifyAudit() {
            case .intact(let entries, let first, let last):
                print("audit chain intact: \(entries) entries" + (first.map { ", \(Timestamp.format($0)) … \(Timestamp.format(last ?? $0))" } ?? ""))
            case .broken(let sequence, let reason):
                throw CommandFailure(status: .failure, description: "audit chain broken at entry \(sequence): \(reason)")
            }
        }

        func verifyEstate(_ config: FacegateConfig) async throws {
            try EstateCommand.requireEstate(config)
            guard let settings = config.estate else { return }
            let gallery = try site.openGallery(config)
            let (header, chains) = try await EstateDatabase.using(EstateOffice.endpoint(settings), logger: EstateOffice.quiet) { database in
                (try await database.header(), try await database.shippedChains())
            }
            guard header?.galleryID == gallery.galleryID else {
                throw CommandFailure(
                    status: .failure, description: "the estate database holds another gallery than this box; its chains cannot be verified here")
            }
            var broken: [String] = []
            for (chain, records) in chains.sorted(by: { $0.key < $1.key }) {
                switch gallery.verifyShipped(records) {
                case .intact(let entries, let first, let last):
                    let start = records.first.map { $0.sequence == 1 ? "" : " from entry \($0.sequence)" } ?? ""
                    print(
                        "\(chain): intact, \(entries) entries\(start)"
                            + (first.map { ", \(Timestamp.format($0)) … \(Timestamp.format(last ?? $0))" } ?? ""))
                case .broken(let sequence, let reason):
                    print("\(chain): BROKEN at entry \(sequence): \(reason)")
                    broken.append(chain)
                }
            }
            print("\(chains.count) chain\(chains.count == 1 ? "" : "s") in the estate database, \(chains.values.reduce(0) { $0 + $1.count }) entries")
            guard broken.isEmpty else {
                throw CommandFailure(status: .failure, description: "estate audit chains broken: \(broken.joined(separator: ", "))")
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
                print(
                    [
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
