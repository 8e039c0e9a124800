import ArgumentParser
import Audit
import Config
import Enrollment
import Estate
import FaceVision
import Foundation
import Gallery
import Policy

/// `facegate enroll`: registers a resident who consents, from photos or a camera.
struct Enroll: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Enroll a consenting resident from photos or a camera.",
        discussion: """
            Shows the consent notice first and needs an explicit, separate yes before any face is
            processed: the resident types 同意 or "I agree" at this terminal, or the operator records a
            signed paper form with --consent-form REF. Residents under 14 (--birth-year or --minor) need
            a guardian (--guardian, --guardian-relation) and a site that enables minors. Each shot's
            subject is its one face that is large, sharp, whole and facing the camera; small, cut-off
            or blurred bystanders are ignored, and a picture with a second face like the subject is
            refused (--face N picks the subject instead, numbered largest first as `facegate detect`
            lists them). The good shots are averaged into one template. No photo is ever stored. A face already enrolled is refused. In an estate
            ([estate] in the config) the enrollment is published to the estate database and reaches
            every gate within seconds.
            """)

    @Option(help: "The resident's name (stored encrypted).")
    var name: String

    @Option(help: "The resident's unit, e.g. 3-402 (stored encrypted).")
    var unit: String

    @Option(help: "A phone number or other contact (stored encrypted).")
    var contact: String?

    @Option(help: "A photo of the resident; repeat for several.")
    var photo: [String] = []

    @Option(help: "Which face of the photo is the resident (1 = largest, as `facegate detect` lists them).")
    var face: Int?

    @Option(help: "Take the shots from this camera instead (/dev/video0, 0, rtsp://…).")
    var camera: String?

    @Option(help: "Good shots to take from the camera.")
    var shots = 3

    @Option(help: "Notice language: zh-CN or en (default: enrollment.language).")
    var language: String?

    @Option(help: "Reference of a signed paper consent form collected by the operator.")
    var consentForm: String?

    @Option(help: "Year of birth; under 14 makes the resident a minor.")
    var birthYear: Int?

    @Flag(help: "The resident is under 14.")
    var minor = false

    @Option(help: "Name of the guardian who consents for a minor.")
    var guardian: String?

    @Option(help: "The guardian's relation to the minor, e.g. mother.")
    var guardianRelation: String?

    @OptionGroup var site: SiteOptions
    @OptionGroup var operatorOption: OperatorOption
    @OptionGroup var vision: VisionOptions

    func validate() throws {
        guard photo.isEmpty != (camera == nil) else { throw ValidationError("give --photo (one or more) or --camera, not both") }
        if let face {
            guard face >= 1 else { throw ValidationError("--face counts from 1 (the largest face)") }
            guard camera == nil else { throw ValidationError("--face picks a face in a photo, not in camera frames") }
        }
        guard (1...10).contains(shots) else { throw ValidationError("--shots must be 1…10") }
        if let language, Language(rawValue: language) == nil { throw ValidationError("--language must be zh-CN or en") }
    }

    func run() async throws {
        let config = try site.loadConfig()
        var isMinor = minor
        if let birthYear, !minor {
            do {
                isMinor = try ResidentEnrollment.isMinor(birthYear: birthYear)
            } catch {
                throw ValidationError(error.description)
            }
        }
        let guardianConsent = isMinor ? Guardian(name: guardian ?? "", relation: guardianRelation ?? "") : nil
        let notice = try ConsentNotice.load(language.flatMap(Language.init) ?? config.enrollment.language, config: config)
        var enrollment = ResidentEnrollment(
            identity: Identity(name: name, unit: unit, contact: contact), notice: notice, method: .typedAtTerminal, isMinor: isMinor,
            guardian: guardianConsent, operatorName: operatorOption.resolved)
        do {
            try enrollment.check(config)
        } catch {
            throw CommandFailure(status: isMinor && config.enrollment.minorsEnabled ? .usage : .failure, description: error.description)
        }
        try await site.withGallery(config) { gallery, estate in
            enrollment.method = try ConsentPrompt.ask(notice: notice, paperForm: consentForm, guardian: guardianConsent?.name)
            let detector = try vision.detector()
            let embedder = try vision.embedder()
            let quality = FaceQuality(minFacePixels: config.enrollment.minFacePixels, minSharpness: config.enrollment.minSharpness)
            let shooter = EnrollmentShots(detector: detector, embedder: embedder, quality: quality, limits: vision.limits)
            let good =
                try camera.map { try shooter.fromCamera(FrameSourceLocation($0), count: shots) { print("shot \($0) of \(shots) taken") } }
                ?? shooter.fromPhotos(photo, pick: face)
            let receipt = try enrollment.enroll(good, modelID: embedder.model.sha256, config: config, gallery: gallery)
            try await estate?.publishEnrollment(receipt.pseudonym, actor: operatorOption.resolved)
            print("Enrolled \(receipt.pseudonym) (unit \(unit)) from \(good.count) good shot\(good.count == 1 ? "" : "s").")
            for (index, shot) in good.enumerated() where camera == nil {
                print("  \(photo[index]): enrolled \(shot.summary)")
            }
            print(
                "Consent: notice v\(notice.version) (\(notice.language.rawValue), sha256 \(notice.sha256.prefix(16))…), \(enrollment.method.described)."
            )
            print("Template expires \(receipt.expires?.day ?? "?"). Receipt: audit \(receipt.auditReceipt).")
        }
    }
}
