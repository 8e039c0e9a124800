public import Foundation

/// Who a subject is, as the management office knows them. Stored only
/// encrypted with the subject's key, in its own table, linked by pseudonym (R10).
public struct Identity: Sendable, Codable, Equatable {
    public var name: String
    public var unit: String
    public var contact: String?

    public init(name: String, unit: String, contact: String? = nil) {
        self.name = name
        self.unit = unit
        self.contact = contact
    }
}

/// The adult who consented for a resident under 14 (R5); the name is stored
/// encrypted, the relation in clear.
public struct Guardian: Sendable, Codable, Equatable {
    public var name: String
    public var relation: String

    public init(name: String, relation: String) {
        self.name = name
        self.relation = relation
    }
}

/// A separate, explicit consent to face entry (R3): which notice was shown
/// (version and SHA-256 of the exact text), for what purpose, in which
/// language, how consent was given, who recorded it and when.
public struct ConsentRecord: Sendable, Equatable {
    /// How the resident said yes.
    public enum Method: Sendable, Equatable {
        /// Typed the agreement phrase at the enrollment terminal.
        case typedAtTerminal
        /// Signed a paper form the operator collected; the form's reference.
        case paperForm(reference: String)
        /// Ticked the consent box under the notice on the desk's screen and
        /// typed their own name (the guardian's, for a minor), which matched.
        case confirmedOnScreen

        var stored: (method: String, reference: String?) {
            switch self {
            case .typedAtTerminal: ("typed", nil)
            case .paperForm(let reference): ("paper-form", reference)
            case .confirmedOnScreen: ("on-screen", nil)
            }
        }

        /// How the audit and the receipts say it.
        public var described: String {
            switch self {
            case .typedAtTerminal: "typed at the terminal"
            case .paperForm(let reference): "paper form \(reference)"
            case .confirmedOnScreen: "ticked and name typed on the console's screen"
            }
        }
    }

    public var noticeVersion: String
    public var noticeSHA256: String
    public var purpose: String
    public var language: String
    public var method: Method
    public var operatorName: String
    public var time: Date
    public var guardian: Guardian?

    public init(
        noticeVersion: String, noticeSHA256: String, purpose: String, language: String, method: Method,
        operatorName: String, time: Date, guardian: Guardian? = nil
    ) {
        self.noticeVersion = noticeVersion
        self.noticeSHA256 = noticeSHA256
        self.purpose = purpose
        self.language = language
        self.method = method
        self.operatorName = operatorName
        self.time = time
        self.guardian = guardian
    }
}

/// What `enroll` stores for one new subject: the template exists only with
/// its consent record (R3), and a minor only with a guardian (R5).
public struct EnrollmentRequest: Sendable {
    public var identity: Identity
    public var consent: ConsentRecord
    public var isMinor: Bool
    /// Unit-length embedding values (128 for SFace).
    public var template: [Float]
    /// The SHA-256 of the model that made the template.
    public var modelID: String
    /// Quality of the shots the template was averaged from, 0…1.
    public var quality: Double
    public var expires: Date

    public init(
        identity: Identity, consent: ConsentRecord, isMinor: Bool, template: [Float], modelID: String, quality: Double,
        expires: Date
    ) {
        self.identity = identity
        self.consent = consent
        self.isMinor = isMinor
        self.template = template
        self.modelID = modelID
        self.quality = quality
        self.expires = expires
    }
}

/// What a listing shows of a subject: never a name or a biometric.
public struct SubjectSummary: Sendable, Equatable {
    public var pseudonym: String
    public var unit: String
    public var consentedAt: Date
    public var expires: Date
    public var isMinor: Bool
}

/// A decrypted template, for the matcher and the duplicate check; it lives in
/// memory only.
public struct StoredTemplate: Sendable {
    public var pseudonym: String
    public var values: [Float]
    public var modelID: String
    public var expires: Date
    public var isMinor: Bool
}

/// The proof a resident or operator keeps of an enrollment or a withdrawal:
/// the pseudonym and the audit entry that records it.
public struct GalleryReceipt: Sendable, Equatable {
    public var pseudonym: String
    public var auditReceipt: String
    public var expires: Date?
}
