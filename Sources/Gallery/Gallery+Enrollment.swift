import Audit
import Crypto
import Foundation
import GRDB
import Keys

extension Gallery {
    static func templateContext(_ pseudonym: String, modelID: String) -> String {
        "facegate/template/v1/\(pseudonym)/\(modelID)"
    }

    static func identityContext(_ pseudonym: String) -> String { "facegate/identity/v1/\(pseudonym)" }
    static func guardianContext(_ pseudonym: String) -> String { "facegate/guardian/v1/\(pseudonym)" }

    /// Stores a new subject: a fresh random key, the template and identity
    /// sealed with it, the consent record, and the audit entry that is the
    /// enrollment's receipt. Refuses a request without a usable consent (R3),
    /// a minor without a guardian or at a site that does not enable minors (R5).
    public func enroll(_ request: EnrollmentRequest, minorsEnabled: Bool) throws(GalleryError) -> GalleryReceipt {
        try enroll([request], minorsEnabled: minorsEnabled)[0]
    }

    /// Several enrollments in two transactions (keys, then rows), each with
    /// its own audit entry; all or none (a migration from another system,
    /// or a benchmark gallery).
    public func enroll(_ requests: [EnrollmentRequest], minorsEnabled: Bool) throws(GalleryError) -> [GalleryReceipt] {
        for request in requests { try Self.validate(request, minorsEnabled: minorsEnabled) }
        let subjects = requests.map { (pseudonym: Pseudonym.random(), key: SymmetricKey(size: .bits256), request: $0) }
        let time = now()
        // The keys first: a crash before the subject rows leaves only orphan
        // keys, which `recover` removes; never a template without a key.
        try keystore.store(subjects.map { ($0.pseudonym, $0.key) }, master: master, at: time)
        let entries: [AuditEntry]
        do {
            entries = try writing { db in
                try subjects.map { subject in try insert(subject.request, as: subject.pseudonym, key: subject.key, at: time, in: db) }
            }
        } catch {
            try? keystore.shred(subjects.map(\.pseudonym))
            throw error
        }
        return zip(subjects, entries).map { subject, entry in
            GalleryReceipt(pseudonym: subject.pseudonym, auditReceipt: entry.receipt, expires: subject.request.expires)
        }
    }

    private func insert(
        _ request: EnrollmentRequest, as pseudonym: String, key subjectKey: SymmetricKey, at time: Date, in db: Database
    ) throws -> AuditEntry {
        let consent = request.consent
        let stored = consent.method.stored
        let guardian = try consent.guardian.map {
            SealedBox.seal(try JSONEncoder().encode($0.name), with: subjectKey, context: Self.guardianContext(pseudonym))
        }
        try Self.insertRows(
            pseudonym: pseudonym, minor: request.isMinor, createdAt: Timestamp.format(time), expiresAt: Timestamp.format(request.expires),
            identity: SealedBox.seal(try JSONEncoder().encode(request.identity), with: subjectKey, context: Self.identityContext(pseudonym)),
            consents: [
                SubjectRecord.Consent(
                    noticeVersion: consent.noticeVersion, noticeSHA256: consent.noticeSHA256, purpose: consent.purpose,
                    language: consent.language, method: stored.method, formReference: stored.reference,
                    operatorName: consent.operatorName, consentedAt: Timestamp.format(consent.time), guardianSealed: guardian,
                    guardianRelation: consent.guardian?.relation)
            ],
            templates: [
                SubjectRecord.Template(
                    sealed: SealedBox.seal(
                        TemplateCoding.encode(request.template), with: subjectKey,
                        context: Self.templateContext(pseudonym, modelID: request.modelID)),
                    modelID: request.modelID, quality: request.quality, createdAt: Timestamp.format(time))
            ],
            in: db)
        let how = consent.method.described
        let minor = request.isMinor ? ", minor with guardian consent (\(consent.guardian?.relation ?? "?"))" : ""
        return try chain.append(
            AuditEvent(
                .enroll, gate: gate, pseudonym: pseudonym,
                reason: "consent \(how), notice v\(consent.noticeVersion) sha256 \(consent.noticeSHA256.prefix(12))\(minor)",
                actor: consent.operatorName),
            at: time, in: db)
    }

    /// The rules every stored enrollment obeys; `enroll` checks them, and an import's dry run too.
    public static func validate(_ request: EnrollmentRequest, minorsEnabled: Bool) throws(GalleryError) {
        let consent = request.consent
        guard consent.noticeSHA256.count == 64, consent.noticeSHA256.allSatisfy(\.isHexDigit),
            !consent.noticeVersion.isEmpty, !consent.purpose.isEmpty, !consent.operatorName.isEmpty
        else {
            throw GalleryError(.refused, "no template without a complete consent record (notice version and hash, purpose, operator)")
        }
        if case .paperForm(let reference) = consent.method, reference.trimmingCharacters(in: .whitespaces).isEmpty {
            throw GalleryError(.refused, "a paper consent form needs its reference")
        }
        if request.isMinor {
            guard minorsEnabled else {
                throw GalleryError(.refused, "this site does not enroll residents under 14 (enrollment.minors_enabled = false)")
            }
            guard let guardian = consent.guardian, !guardian.name.isEmpty, !guardian.relation.isEmpty else {
                throw GalleryError(.refused, "a resident under 14 needs a guardian's consent: give the guardian's name and relation")
            }
        }
        guard request.template.count == 128, request.template.allSatisfy(\.isFinite),
            abs(request.template.reduce(0) { $0 + $1 * $1 } - 1) < 1e-3
        else {
            throw GalleryError(.refused, "the template must be 128 finite values of unit length")
        }
        guard !request.identity.name.isEmpty, !request.identity.unit.isEmpty else {
            throw GalleryError(.refused, "a subject needs a name and a unit")
        }
    }
}
