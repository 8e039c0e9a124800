import ArgumentParser
import Gallery

/// `facegate purge`: removes every subject whose retention has ended (R7).
struct Purge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remove every resident whose retention period has ended (the daemon also does this daily).")

    @OptionGroup var site: SiteOptions
    @OptionGroup var operatorOption: OperatorOption

    func run() throws {
        let gallery = try site.openGallery(site.loadConfig())
        let receipts = try gallery.purgeExpired(actor: operatorOption.resolved)
        for receipt in receipts { print("purged \(receipt.pseudonym): audit \(receipt.auditReceipt)") }
        print("\(receipts.count) expired subject\(receipts.count == 1 ? "" : "s") removed")
    }
}
