/// A configuration problem, named by file and key so an installer can fix it
/// in one edit: unknown keys, wrong types, values out of range, bad TOML.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
