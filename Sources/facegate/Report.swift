import ArgumentParser
import Audit
import Foundation
import SiteReview

/// `facegate report`: the yearly summary an estate hands to a regulator —
/// who is stored, enrollments, withdrawals with their receipts, purges,
/// decisions by outcome, alternative uses, impact assessments — as plain
/// text or a printable HTML page. Pseudonyms only; never a name.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A yearly summary for the regulator: subjects, enrollments, withdrawals, purges, decisions, alternatives, PIAs.",
        discussion: "The audit chain is verified first; a broken chain is stated at the top and the command exits 1.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, html }

    @Option(help: "The calendar year (UTC) to report on (default: this year so far).")
    var year: Int?

    @Option(help: "text or html (a page to print or save as PDF).")
    var format = Format.text

    @OptionGroup var site: SiteOptions

    func validate() throws {
        if let year, !YearlyReport.years.contains(year) { throw ValidationError("--year \(year) is not a year like 2026") }
    }

    func run() throws {
        let config = try site.loadConfig()
        let gallery = try site.openGallery(config)
        let report = try YearlyReport(config: config, gallery: gallery, year: year ?? YearlyReport.currentYear())
        print(format == .html ? report.html : report.text)
        if case .broken = report.chain { throw ExitCode(ExitStatus.failure.rawValue) }
    }
}
