public import Crypto
public import Foundation

/// AES-256-GCM sealing with a purpose string as associated data, so a
/// ciphertext made for one subject (or one use) cannot be moved to another:
/// the context names the use and the subject's pseudonym (R10).
public enum SealedBox {
    /// nonce ‖ ciphertext ‖ tag.
    public static func seal(_ plaintext: Data, with key: SymmetricKey, context: String) -> Data {
        // seal fails only for a key of the wrong size, which SymmetricKey(size:) rules out.
        let box = try! AES.GCM.seal(plaintext, using: key, authenticating: Data(context.utf8))
        return box.combined!
    }

    /// The plaintext, or nil when the key or the context is wrong or the bytes were changed.
    public static func open(_ combined: Data, with key: SymmetricKey, context: String) -> Data? {
        guard let box = try? AES.GCM.SealedBox(combined: combined) else { return nil }
        return try? AES.GCM.open(box, using: key, authenticating: Data(context.utf8))
    }

    /// A key sealed under another key.
    public static func wrap(_ key: SymmetricKey, with wrapping: SymmetricKey, context: String) -> Data {
        key.withUnsafeBytes { seal(Data($0), with: wrapping, context: context) }
    }

    /// The key inside `wrapped`, or nil when `wrapping` is not the key it was sealed with.
    public static func unwrap(_ wrapped: Data, with wrapping: SymmetricKey, context: String) -> SymmetricKey? {
        open(wrapped, with: wrapping, context: context).map { SymmetricKey(data: $0) }
    }
}
