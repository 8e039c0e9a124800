import ArgumentParser
import Audit
import Estate
import Foundation
import Gallery

/// `facegate withdraw`: a resident's face data gone for good, with a receipt.
struct Withdraw: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Withdraw a resident: shred their key, delete their template, identity and consent.",
        discussion: """
            By pseudonym, or by --name and/or --unit (which lists the matches and asks to confirm by
            typing the pseudonym; --yes skips that for scripts when exactly one subject matches). The
            receipt printed is the audit entry that records the withdrawal.
            """)

    @Argument(help: "The subject's pseudonym (s-…).")
    var pseudonym: String?

    @Option(help: "Find the subject by name.")
    var name: String?

    @Option(help: "Find the subject by unit.")
    var unit: String?

    @Flag(help: "Do not ask for confirmation when --name/--unit match exactly one subject.")
    var yes = false

    @OptionGroup var site: SiteOptions
    @OptionGroup var operatorOption: OperatorOption

    func validate() throws {
        guard (pseudonym == nil) != (name == nil && unit == nil) else {
            throw ValidationError("give a pseudonym, or --name and/or --unit")
        }
        if let pseudonym, !Pseudonym.isValid(pseudonym) {
            throw ValidationError("\(pseudonym) is not a pseudonym (they look like s-k7q2m9x4tf8a3bcd)")
        }
    }

    func run() async throws {
        try await site.withGallery(site.loadConfig()) { gallery, estate in try await withdraw(in: gallery, estate: estate) }
    }

    func withdraw(in gallery: Gallery, estate: EstateOffice?) async throws {
        let target = try pseudonym ?? choose(gallery)
        // The estate database first: once it has removed the subject, no gate
        // can copy them again, and every gate removes them within seconds.
        var removedFromEstate = false
        if let estate {
            removedFromEstate = try await estate.database.remove([target], kind: .withdraw, actor: operatorOption.resolved) == [target]
        }
        if removedFromEstate, try gallery.standing(of: target) == nil {
            print("Withdrawn \(target) from the estate database (this box held no copy); every gate removes it within seconds.")
            return
        }
        let receipt = try gallery.withdraw(target, actor: operatorOption.resolved)
        print(
            "Withdrawn \(target): key shredded, template, identity and consent deleted\(estate == nil ? "" : ", at every gate of the estate within seconds")."
        )
        print("Receipt: audit \(receipt.auditReceipt)")
    }

    func choose(_ gallery: Gallery) throws -> String {
        let matches = try gallery.subjects(named: name, unit: unit)
        guard !matches.isEmpty else {
            throw CommandFailure(status: .failure, description: "no enrolled resident matches; nothing was changed")
        }
        for match in matches {
            print("\(match.pseudonym)  unit \(match.unit)  consented \(match.consentedAt.day)  expires \(match.expires.day)")
        }
        if yes {
            guard matches.count == 1 else {
                throw CommandFailure(status: .failure, description: "\(matches.count) residents match; give the pseudonym")
            }
            return matches[0].pseudonym
        }
        print("Type the pseudonym to withdraw (anything else cancels): ", terminator: "")
        let answer = readLine()?.trimmingCharacters(in: .whitespaces) ?? ""
        guard matches.contains(where: { $0.pseudonym == answer }) else {
            throw CommandFailure(status: .failure, description: "cancelled; nothing was changed")
        }
        return answer
    }
}
