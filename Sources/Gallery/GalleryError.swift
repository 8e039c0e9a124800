/// Why a gallery operation was refused or failed. Messages name the subject
/// only by pseudonym, never by name, and never contain key material.
public struct GalleryError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// There is no gallery where one was expected.
        case missing
        /// The master key does not open this gallery.
        case wrongKey
        /// The files are damaged or are not a facegate gallery.
        case damaged
        /// Written by a newer facegate.
        case newerSchema
        /// The request breaks a rule (no consent, minor without guardian, …).
        case refused
        /// No subject has that pseudonym.
        case unknownSubject
        /// The disk or SQLite failed.
        case storage
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
