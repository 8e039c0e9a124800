/// The impact-assessment rule (R18), on the facts of the latest recorded
/// assessment: face entry runs only while the models in use and the purpose
/// are the ones the assessment covered.
public enum AssessmentRule {
    /// The latest assessment as the rule needs it.
    public struct Facts: Sendable, Equatable {
        public var identifier: String
        public var modelHashes: [String]
        public var purpose: String

        public init(identifier: String, modelHashes: [String], purpose: String) {
            self.identifier = identifier
            self.modelHashes = modelHashes
            self.purpose = purpose
        }
    }

    /// Why face entry may not run (nil: it may).
    public static func problem(latest: Facts?, loadedModels: [String], purpose: String) -> String? {
        guard let latest else {
            return "no impact assessment recorded (R18): run facegate pia record"
        }
        guard Set(latest.modelHashes) == Set(loadedModels) else {
            return "the models changed since impact assessment \(latest.identifier) (R18): record a new one"
        }
        guard latest.purpose == purpose else {
            return "the purpose changed since impact assessment \(latest.identifier) (R18): record a new one"
        }
        return nil
    }
}
