import Foundation

/// The random name a subject has everywhere except in the encrypted identity
/// table: `s-` and 16 characters from a 31-letter alphabet (79 random bits). It says nothing
/// about the person and cannot be derived from anything about them.
public enum Pseudonym {
    private static let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")

    public static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        return "s-" + String((0..<16).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] })
    }

    public static func isValid(_ text: String) -> Bool {
        text.count == 18 && text.hasPrefix("s-") && text.dropFirst(2).allSatisfy(alphabet.contains)
    }
}
