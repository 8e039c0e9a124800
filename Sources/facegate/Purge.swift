import ArgumentParser
import Audit
import Config
import Estate
import Foundation
import Gallery

/// `facegate purge`: removes every subject whose retention has ended and the
/// audit entries past their own retention (R7).
struct Purge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remove every resident whose retention period has ended, and audit entries past theirs (the daemon also does this daily).")

    @OptionGroup var site: SiteOptions
    @OptionGroup var operatorOption: OperatorOption

    func run() async throws {
        let config = try site.loadConfig()
        try await site.withGallery(config) { gallery, estate in
            if let estate {
                let removed = try await estate.database.purgeExpired(at: Date(), actor: operatorOption.resolved)
                print("\(removed.count) expired subject\(removed.count == 1 ? "" : "s") removed from the estate database")
            }
            let receipts = try gallery.purgeExpired(actor: operatorOption.resolved)
            for receipt in receipts { print("purged \(receipt.pseudonym): audit \(receipt.auditReceipt)") }
            print("\(receipts.count) expired subject\(receipts.count == 1 ? "" : "s") removed")
            let days = config.retention.auditDays
            if let purge = try gallery.purgeAudit(retentionDays: days, actor: operatorOption.resolved) {
                print(
                    "\(purge.removed) audit entries older than \(days) days removed; the chain now starts at entry \(purge.firstKept) (audit \(purge.entry.receipt))"
                )
            } else {
                print("no audit entry is older than \(days) days")
            }
        }
    }
}
