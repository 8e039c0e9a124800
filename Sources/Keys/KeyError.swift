/// Why a key could not be loaded, made or used. Messages say how to fix the
/// problem and never contain key material.
public struct KeyError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// No credential and no key file.
        case missing
        /// The key file's mode or owner lets someone else read or replace it.
        case unsafePermissions
        /// The file does not hold a 32-byte key.
        case malformed
        /// The key opens nothing in this gallery.
        case mismatch
        /// The key file already exists (keygen never overwrites).
        case exists
        /// Reading or writing the file failed.
        case io
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
