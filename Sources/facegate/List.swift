import ArgumentParser
import Audit
import Config
import Estate
import Foundation
import Gallery
import Policy
import SiteReview

/// `facegate list`: who is enrolled, by pseudonym and unit — never names or biometrics.
struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List enrolled residents: pseudonym, unit, consent date, expiry.",
        discussion: """
            --count prints only the number of stored subjects, where it stands against the CAC
            filing threshold (warning from 80 000, filing required from 100 000), and the matching
            threshold in force for that many residents with the stranger risk and genuine acceptance
            it implies.
            """)

    @Flag(help: "Print only the number of stored subjects and the filing status.")
    var count = false

    @OptionGroup var site: SiteOptions

    func run() async throws {
        let config = try site.loadConfig()
        let (gallery, total) = try await site.withGallery(config) { gallery, estate in
            // In an estate the thresholds count distinct people estate-wide (R19).
            (gallery, try await estate?.database.subjectCount())
        }
        if count {
            let total = try total ?? gallery.subjectCount()
            print(
                "\(total) subjects stored\(config.estate == nil ? "" : " estate-wide"); \(FilingThreshold.status(total, filingReference: config.site.filingReference))"
            )
            let matching = SiteChecker.strangerRisk(config.matching, residents: total)
            print("matching: \(matching.detail)\(matching.fix.map { "; \($0)" } ?? "")")
            return
        }
        let subjects = try gallery.subjects()
        print("pseudonym           unit        consented   expires     minor")
        for subject in subjects {
            print(
                [
                    subject.pseudonym, subject.unit.padding(toLength: 10, withPad: " ", startingAt: 0),
                    subject.consentedAt.day, subject.expires.day, subject.isMinor ? "yes" : "",
                ].joined(separator: "  "))
        }
        print("\(subjects.count) subject\(subjects.count == 1 ? "" : "s")")
    }
}
