import ArgumentParser
import Config
import Enrollment
import Estate
import FaceVision
import Foundation
import Gallery
import Policy

/// `facegate import`: enrolls the residents of a CSV, each row with the
/// checks of `facegate enroll`; `--dry-run` stores nothing and lists every
/// row that would be refused and why.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Enroll the residents of a CSV file (name, unit, photo, consent_form), or check it with --dry-run.",
        discussion: """
            The file has a header row with the columns name, unit, photo and consent_form, and
            optionally contact, birth_year, guardian and guardian_relation. A photo's path is relative
            to the file's folder. consent_form is the reference of the signed paper consent form each
            resident (a guardian for one under 14) gave after reading the notice of
            --language: an import records paper consent only. Every row gets the checks of
            `facegate enroll`: the photo's one subject, minors only where the site enrolls them and
            with a guardian, and never a face already enrolled or twice in the file. Rows that pass
            are enrolled; the others are listed with their reason, and the command exits 1. With
            --dry-run nothing is stored. Rows are named by line and unit, never by name.
            """)

    @Argument(help: "The CSV file.")
    var file: String

    @Flag(help: "Check every row and store nothing.")
    var dryRun = false

    @Option(help: "The notice the residents read: zh-CN or en (default: enrollment.language).")
    var language: String?

    @OptionGroup var site: SiteOptions
    @OptionGroup var operatorOption: OperatorOption
    @OptionGroup var vision: VisionOptions

    func validate() throws {
        if let language, Language(rawValue: language) == nil { throw ValidationError("--language must be zh-CN or en") }
    }

    func run() async throws {
        let config = try site.loadConfig()
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CommandFailure(status: .badInput, description: "\(file) cannot be read")
        }
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
        let rows = try ResidentImport(csv: String(decoding: data, as: UTF8.self), folder: folder).rows
        let notice = try ConsentNotice.load(language.flatMap(Language.init) ?? config.enrollment.language, config: config)
        let embedder = try vision.embedder()
        let quality = FaceQuality(minFacePixels: config.enrollment.minFacePixels, minSharpness: config.enrollment.minSharpness)
        let shooter = EnrollmentShots(detector: try vision.detector(), embedder: embedder, quality: quality, limits: vision.limits)
        var refused = 0, accepted = 0
        try await site.withGallery(config) { gallery, estate in
            var known = try gallery.templates().map { (subject: $0.pseudonym, values: $0.values) }
            for row in rows {
                let label = "line \(row.line), unit \(row.unit.isEmpty ? "?" : row.unit)"
                do {
                    let enrollment = try row.enrollment(notice: notice, operatorName: operatorOption.resolved)
                    try enrollment.check(config)
                    let shots = try shooter.fromPhotos([row.photo])
                    let request = try enrollment.request(shots, modelID: embedder.model.sha256, config: config, enrolled: known)
                    try Gallery.validate(request, minorsEnabled: config.enrollment.minorsEnabled)
                    known.append((subject: ResidentImport.subject(line: row.line), values: request.template))
                    accepted += 1
                    if dryRun {
                        print("\(label): would enroll \(shots[0].summary)")
                        continue
                    }
                    let receipt = try gallery.enroll(request, minorsEnabled: config.enrollment.minorsEnabled)
                    try await estate?.publishEnrollment(receipt.pseudonym, actor: operatorOption.resolved)
                    known[known.count - 1].subject = receipt.pseudonym
                    print("\(label): enrolled \(receipt.pseudonym) from \(shots[0].summary); receipt: audit \(receipt.auditReceipt)")
                } catch let error as ResidentEnrollment.Refusal {
                    refused += 1
                    print("\(label): refused: \(error.description)")
                } catch let error as FaceVisionError {
                    refused += 1
                    print("\(label): refused: \(error.message)")
                } catch let error as GalleryError where error.code == .refused {
                    refused += 1
                    print("\(label): refused: \(error.message)")
                }
            }
        }
        print(
            "\(rows.count) row\(rows.count == 1 ? "" : "s"): \(accepted) \(dryRun ? "would be enrolled" : "enrolled"), \(refused) refused\(dryRun ? "; nothing was stored (dry run)" : "")."
        )
        if refused > 0 { throw ExitCode(ExitStatus.failure.rawValue) }
    }
}
