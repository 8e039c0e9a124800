/// A configuration problem, named by file and key so an installer can fix it
/// in one edit: unknown keys, wrong types, values out of range, bad TOML.
/// The message is always one line: a value quoted from the file (a string
/// holding `\n`, toml++ quoting what it saw) shows its control characters
/// escaped, so it can neither break the line nor drive the terminal.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message.unicodeScalars.map {
            $0.properties.generalCategory == .control ? $0.escaped(asASCII: true) : String($0)
        }.joined()
    }

    public var description: String { message }
}
