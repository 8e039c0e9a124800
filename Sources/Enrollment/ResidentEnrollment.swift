public import Config
public import FaceVision
public import Foundation
public import Gallery
import Matcher
import Policy

/// One resident's enrollment as the desk and the command line both make it:
/// who (encrypted by the gallery), the notice shown and how its separate
/// consent was given (R3, R4), a guardian for a minor (R5), and the good
/// shots to average. `enroll` applies the rules both share: minors only
/// where the site allows them, never a face already enrolled, a template
/// that expires with the site's retention (R8), audited under the operator.
public struct ResidentEnrollment: Sendable {
    /// Why an enrollment was refused, in one line for the operator; nothing was stored.
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String

        public init(_ description: String) { self.description = description }
    }

    public var identity: Identity
    public var notice: ConsentNotice
    public var method: ConsentRecord.Method
    public var isMinor: Bool
    public var guardian: Guardian?
    public var operatorName: String

    public init(
        identity: Identity, notice: ConsentNotice, method: ConsentRecord.Method, isMinor: Bool, guardian: Guardian?, operatorName: String
    ) {
        self.identity = identity
        self.notice = notice
        self.method = method
        self.isMinor = isMinor
        self.guardian = guardian
        self.operatorName = operatorName
    }

    /// Under 14 by the year of birth, counted conservatively: a resident who
    /// turns 14 this year may still be 13.
    public static func isMinor(birthYear: Int, now: Date = Date()) throws(Refusal) -> Bool {
        let year = Calendar(identifier: .gregorian).component(.year, from: now)
        guard (1900...year).contains(birthYear) else { throw Refusal("year of birth \(birthYear) is not a plausible year") }
        return year - birthYear <= 14
    }

    /// The rules that need no face: checked before any picture is processed.
    public func check(_ config: FacegateConfig) throws(Refusal) {
        guard !identity.name.trimmingCharacters(in: .whitespaces).isEmpty, !identity.unit.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw Refusal("a resident needs a name and a unit")
        }
        guard isMinor else { return }
        guard config.enrollment.minorsEnabled else {
            throw Refusal("this site does not enroll residents under 14 (enrollment.minors_enabled = false)")
        }
        guard let guardian, !guardian.name.trimmingCharacters(in: .whitespaces).isEmpty,
            !guardian.relation.trimmingCharacters(in: .whitespaces).isEmpty
        else {
            throw Refusal("a resident under 14 needs a guardian's consent: the guardian's name and relation")
        }
    }

    /// Enrolls the mean of `shots` (made by `modelID`) into `gallery`; a face
    /// within `enrollment.duplicate_threshold` of a resident is refused.
    public func enroll(
        _ shots: [EnrollmentShots.Shot], modelID: String, config: FacegateConfig, gallery: Gallery, now: Date = Date()
    ) throws -> GalleryReceipt {
        let request = try request(shots, modelID: modelID, config: config, enrolled: gallery.templates().map { ($0.pseudonym, $0.values) }, now: now)
        return try gallery.enroll(request, minorsEnabled: config.enrollment.minorsEnabled)
    }

    /// What `enroll` would store, after every check: the rules, a shot, and
    /// no face within `enrollment.duplicate_threshold` of any of `enrolled`
    /// (the gallery's residents and, in an import, the rows before).
    public func request(
        _ shots: [EnrollmentShots.Shot], modelID: String, config: FacegateConfig, enrolled: [(subject: String, values: [Float])],
        now: Date = Date()
    ) throws -> EnrollmentRequest {
        try check(config)
        guard !shots.isEmpty else { throw Refusal("no good shot of the resident's face yet") }
        let template = try Embedding.mean(of: shots.map(\.embedding))
        if let twin = try MatcherSnapshot(enrolled).search(template.values, mode: .int8Rescored).best,
            Double(twin.score) >= config.enrollment.duplicateThreshold
        {
            throw Refusal(
                "this face is already enrolled as \(twin.subject) (similarity \(String(format: "%.2f", twin.score))); \(Pseudonym.isValid(twin.subject) ? "withdraw that enrollment first" : "keep only one of the two rows")"
            )
        }
        let consent = ConsentRecord(
            noticeVersion: notice.version, noticeSHA256: notice.sha256, purpose: config.site.purpose, language: notice.language.rawValue,
            method: method, operatorName: operatorName, time: now, guardian: isMinor ? guardian : nil)
        return EnrollmentRequest(
            identity: identity, consent: consent, isMinor: isMinor, template: template.values, modelID: modelID,
            quality: Double(shots.map(\.face.score).reduce(0, +)) / Double(shots.count),
            expires: now.addingTimeInterval(Double(config.retention.templateDays) * 86_400))
    }
}
