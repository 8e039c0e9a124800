/// A query or a template the matcher cannot use, said plainly.
public struct MatcherError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// The checks every vector entering the matcher passes: 128 values, all
/// finite, unit length (within 1e-3).
enum VectorCheck {
    static func validate(_ values: [Float], what: String) throws(MatcherError) {
        guard values.count == SecureTemplates.dimension else {
            throw MatcherError("\(what) has \(values.count) values; the matcher takes \(SecureTemplates.dimension)")
        }
        guard values.allSatisfy(\.isFinite) else { throw MatcherError("\(what) contains NaN or infinite values") }
        let norm = values.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
        guard abs(norm - 1) <= 1e-3 else {
            throw MatcherError("\(what) is not unit length (norm \(norm)); normalise embeddings first")
        }
    }
}
