import ArgumentParser
import Audit
import Config
import Estate
import Foundation
import Gallery
import Keys

/// `facegate estate …`: set up the estate database and look after this
/// box's copy of the estate gallery.
struct EstateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "estate", abstract: "An estate with several gates: set up the estate database, sync this box's copy.",
        subcommands: [Setup.self, Sync.self, Status.self])

    struct Setup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create or update the estate database's schema and publish this office's gallery to it.",
            discussion: """
                Run once at the office, after `facegate keygen`, with [estate] in the config. Publishes the
                gallery's header (its id, the master-key check and the wrapped audit key; never the master
                key) and every resident already enrolled here. Safe to repeat: later runs only apply new
                schema migrations. Refuses a database that already holds another gallery.
                """)

        @OptionGroup var site: SiteOptions
        @OptionGroup var operatorOption: OperatorOption

        func run() async throws {
            let config = try site.loadConfig()
            try EstateCommand.requireEstate(config)
            guard let estate = config.estate else { return }
            let gallery = try site.openGallery(config)
            try await EstateDatabase.using(EstateOffice.endpoint(estate), logger: EstateOffice.quiet, migrate: true) { database in
                let fresh = try await database.header() == nil
                try await database.publish(header: gallery.header())
                var published = 0
                if fresh {
                    let pseudonyms = try gallery.pseudonyms().sorted()
                    for start in stride(from: 0, to: pseudonyms.count, by: 1000) {
                        let records = try gallery.records(Array(pseudonyms[start..<min(start + 1000, pseudonyms.count)]))
                        try await database.publish(records, actor: operatorOption.resolved)
                        published += records.count
                    }
                }
                let office = EstateReplica(gallery: gallery, database: database, chain: config.site.gateID)
                _ = try await office.sync()
                try await office.shipAudit()
                let count = try await database.subjectCount()
                print(
                    "estate database ready at \(estate.host):\(estate.port)/\(estate.database): gallery \(gallery.galleryID), master key \(gallery.masterFingerprint)"
                )
                print(
                    fresh
                        ? "published this gallery and its \(published) resident\(published == 1 ? "" : "s")"
                        : "the gallery was already published; \(count) residents estate-wide")
            }
        }
    }

    struct Sync: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bring this box's copy of the estate gallery up to date now, and ship its audit entries.",
            discussion: """
                A new gate's first copy can be made with this before the service starts (the daemon also
                syncs by itself). --full copies the whole gallery again from one snapshot and removes
                whatever the estate no longer holds.
                """)

        @Flag(help: "Copy the whole estate gallery again from one snapshot.")
        var full = false

        @OptionGroup var site: SiteOptions

        func run() async throws {
            let config = try site.loadConfig()
            try await EstateCommand.withCopy(config, site) { gallery, office in
                let started = Date()
                let outcome = try await full ? office.replica.copySnapshot() : office.replica.sync()
                let seconds = Date().timeIntervalSince(started)
                try gallery.markSynced(at: Date())
                let shipped = try await office.replica.shipAudit()
                print(
                    "\(outcome.full ? "copied the estate gallery" : "synced"): \(outcome.added) added, \(outcome.removed) removed, at estate change #\(outcome.cursor) in \(String(format: "%.1f", seconds)) s; \(shipped) audit entries shipped"
                )
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "How this box's copy stands against the estate database.")

        @OptionGroup var site: SiteOptions

        func run() async throws {
            let config = try site.loadConfig()
            try await EstateCommand.withCopy(config, site) { gallery, office in
                let state = try gallery.replicaState()
                let latest = try await office.database.latestChange()
                let head = try await office.database.shippedHead(chain: config.site.gateID)
                let waiting = try gallery.auditRecords(after: head?.sequence ?? 0, limit: 1_000_000).count
                let total = try await office.database.subjectCount()
                print("copy at estate change #\(state.cursor) of #\(latest); \(try gallery.subjectCount()) subjects here, \(total) estate-wide")
                print("last confirmed in step: \(state.syncedAt.map(Timestamp.format) ?? "never")")
                print("audit: \(head.map { "shipped up to entry \($0.sequence)" } ?? "nothing shipped yet"), \(waiting) waiting")
            }
        }
    }

    /// `body` on this box's copy as it stands (not synced first), with the
    /// session to the estate database; refuses a config without [estate].
    static func withCopy(_ config: FacegateConfig, _ site: SiteOptions, _ body: (Gallery, EstateOffice) async throws -> Void) async throws {
        try requireEstate(config)
        try await site.withGallery(config, sync: false) { gallery, office in
            guard let office else { return }
            try await body(gallery, office)
        }
    }

    static func requireEstate(_ config: FacegateConfig) throws {
        guard config.estate != nil else {
            throw CommandFailure(status: .configuration, description: "\(config.source) has no [estate] section (estate.host …); see README")
        }
    }
}
