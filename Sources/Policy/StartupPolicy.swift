/// Why the daemon will not start at all: rules no configuration may break.
public struct StartupRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// The requirement broken, e.g. "R1".
    public let requirement: String
    public let message: String

    public init(requirement: String, message: String) {
        self.requirement = requirement
        self.message = message
    }

    public var description: String { "\(requirement): \(message)" }
}

/// The checks before `facegate run` starts (pure).
public enum StartupPolicy {
    /// R1: face is never the only way in; R17: no camera in a private place.
    public static func check(alternatives: [AlternativeMethod], placement: Placement) throws(StartupRefusal) {
        guard !alternatives.isEmpty else {
            throw StartupRefusal(
                requirement: "R1",
                message:
                    "no alternative way in is configured: face entry may never be the only one. Add e.g. alternatives.methods = [\"card\", \"pin\", \"guard\"]"
            )
        }
        guard !placement.isPrivate else {
            throw StartupRefusal(
                requirement: "R17",
                message: "site.placement is \"\(placement.rawValue)\", a private place where face capture is forbidden; facegate will not run there")
        }
    }
}
