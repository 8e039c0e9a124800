public import Crypto
import Foundation

/// The 32-byte key that wraps every per-subject key and the audit key (R10).
///
/// It lives outside the database: a systemd credential
/// (`$CREDENTIALS_DIRECTORY/facegate-master-key`, from `LoadCredentialEncrypted=`)
/// or else a key file that must be a regular file of mode 0600 (or 0400)
/// owned by the user facegate runs as. Its bytes are held in swift-crypto's
/// `SymmetricKey`, which wipes them when released, and never appear in a
/// description, a log or an error; `fingerprint` identifies it safely.
public struct MasterKey: Sendable, CustomStringConvertible {
    /// The credential name systemd uses (`LoadCredentialEncrypted=facegate-master-key:…`).
    public static let credentialName = "facegate-master-key"

    public let key: SymmetricKey
    /// Where it came from, for messages.
    public let origin: String

    init(key: SymmetricKey, origin: String) {
        self.key = key
        self.origin = origin
    }

    /// A fresh random key.
    public static func generate() -> MasterKey {
        MasterKey(key: SymmetricKey(size: .bits256), origin: "new key")
    }

    /// 16 hex digits derived one-way from the key: safe to print, log and audit.
    public var fingerprint: String {
        Self.fingerprint(of: key)
    }

    static func fingerprint(of key: SymmetricKey) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("facegate key fingerprint v1".utf8), using: key)
        return mac.prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    public var description: String { "MasterKey(\(fingerprint), from \(origin))" }

    /// Loads the key: the systemd credential when `credentialsDirectory` holds
    /// one, else `keyFile`, whose permissions are checked first.
    public static func load(keyFile: String, credentialsDirectory: String? = nil) throws(KeyError) -> MasterKey {
        let directory = credentialsDirectory ?? ProcessInfo.processInfo.environment["CREDENTIALS_DIRECTORY"]
        if let directory, !directory.isEmpty {
            let credential = "\(directory)/\(credentialName)"
            if FileManager.default.fileExists(atPath: credential) {
                // systemd owns the credential's permissions; only its content is checked.
                return MasterKey(key: try decode(try KeyFile.read(credential), from: credential), origin: "systemd credential \(credentialName)")
            }
        }
        try KeyFile.checkPermissions(keyFile)
        return MasterKey(key: try decode(try KeyFile.read(keyFile), from: keyFile), origin: "key file \(keyFile)")
    }

    /// Writes the key as base64 text to a new file of mode 0600; never overwrites.
    public func write(to path: String) throws(KeyError) {
        let text = key.withUnsafeBytes { Data($0).base64EncodedString() } + "\n"
        try KeyFile.create(path, contents: Data(text.utf8))
    }

    /// 32 raw bytes, or their base64 text with optional surrounding white space.
    static func decode(_ contents: Data, from path: String) throws(KeyError) -> SymmetricKey {
        if contents.count == 32 {
            return SymmetricKey(data: contents)
        }
        let text = String(decoding: contents, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if let bytes = Data(base64Encoded: text), bytes.count == 32 {
            return SymmetricKey(data: bytes)
        }
        throw KeyError(
            .malformed,
            "\(path) does not hold a 32-byte key (raw or base64); make one with `facegate keygen`")
    }
}
