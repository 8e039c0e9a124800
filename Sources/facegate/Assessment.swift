import ArgumentParser
import Config
import FaceVision
import Foundation
import Gallery

/// `facegate pia …`: the personal-information impact assessment records (R18).
struct Assessment: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pia", abstract: "Record and show impact assessments (R18).", subcommands: [Record.self, Show.self])

    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record an impact assessment covering the models installed now and the config's purpose.",
            discussion: "Face entry runs only while the models and the purpose match the latest record.")

        @Option(name: .customLong("id"), help: "The assessment's reference, e.g. PIA-2026-01.")
        var identifier: String
        @Option(help: "Who carried it out.")
        var assessor: String
        @Option(help: "When (YYYY-MM-DD).")
        var date: String
        @Option(help: "The purpose assessed (default: site.purpose from the config).")
        var purpose: String?
        @Option(help: "Model directory whose models it covers.")
        var models: String?

        @OptionGroup var site: SiteOptions
        @OptionGroup var operatorOption: OperatorOption

        func run() throws {
            let config = try site.loadConfig()
            let directory = ModelDirectory(explicit: models)
            let hashes = try directory.verifiedHashes()
            let assessment = ImpactAssessment(
                identifier: identifier, assessor: assessor, date: date, purpose: purpose ?? config.site.purpose, modelHashes: hashes,
                recordedAt: Date())
            try site.openGallery(config).recordAssessment(assessment, actor: operatorOption.resolved)
            print("Recorded impact assessment \(identifier) (\(date), \(assessor)) for \(hashes.count) models and the purpose: \(assessment.purpose)")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the recorded impact assessments.")
        @OptionGroup var site: SiteOptions

        func run() throws {
            for record in try site.openGallery(site.loadConfig()).assessments() {
                print(
                    "\(record.identifier)  \(record.date)  by \(record.assessor)  purpose: \(record.purpose)  models: \(record.modelHashes.map { String($0.prefix(12)) }.joined(separator: ", "))"
                )
            }
        }
    }
}
