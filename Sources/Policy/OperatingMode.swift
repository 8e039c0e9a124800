/// Whether faces may open the gate right now. Alternatives (card, PIN,
/// guard…) work in every mode; face entry only in `.face`.
public enum OperatingMode: Sendable, Equatable, CustomStringConvertible {
    case face
    /// Face entry is off, for these reasons; the daemon keeps running.
    case alternativeOnly([String])

    public var allowsFace: Bool { self == .face }

    public var description: String {
        switch self {
        case .face: "face entry and alternatives"
        case .alternativeOnly(let reasons): "alternatives only (\(reasons.joined(separator: "; ")))"
        }
    }

    /// What the daemon knows about its parts, each `nil` when healthy.
    public struct Health: Sendable, Equatable {
        public var camera: String?
        public var models: String?
        public var gallery: String?
        public var assessment: String?
        public var sync: String?
        /// The audit log cannot be written (a full or read-only disk): no
        /// face decision may go unaudited (R13); alternatives still open.
        public var audit: String?

        public init(
            camera: String? = nil, models: String? = nil, gallery: String? = nil, assessment: String? = nil, sync: String? = nil,
            audit: String? = nil
        ) {
            self.camera = camera
            self.models = models
            self.gallery = gallery
            self.assessment = assessment
            self.sync = sync
            self.audit = audit
        }
    }

    /// Face entry needs a working camera, models, gallery and audit log and a
    /// valid impact assessment (R18); anything else falls back to
    /// alternatives (R1).
    public static func from(_ health: Health) -> OperatingMode {
        let reasons = [health.assessment, health.models, health.gallery, health.audit, health.camera, health.sync].compactMap { $0 }
        return reasons.isEmpty ? .face : .alternativeOnly(reasons)
    }
}
