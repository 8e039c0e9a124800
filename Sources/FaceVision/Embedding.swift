/// A face template: SFace's 128 floats scaled to unit length, so the cosine
/// similarity of two templates is their dot product.
///
/// Its `description` never shows the values: an embedding is biometric data
/// and must not reach a log by accident.
public struct Embedding: Sendable, Equatable, CustomStringConvertible {
    public static let dimension = 128

    /// The unit-length values.
    public let values: [Float]

    /// Scales a raw network output to unit length; rejects a wrong size, a
    /// non-finite value or an all-zero vector.
    public init(normalising raw: [Float]) throws(FaceVisionError) {
        guard raw.count == Self.dimension else {
            throw FaceVisionError(.invalidArgument, "an embedding has \(Self.dimension) values, got \(raw.count)")
        }
        guard raw.allSatisfy(\.isFinite) else {
            throw FaceVisionError(.invalidArgument, "the embedding contains NaN or infinite values")
        }
        let norm = raw.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
        guard norm > 1e-6 else {
            throw FaceVisionError(.invalidArgument, "the embedding is all zeros")
        }
        values = raw.map { Float(Double($0) / norm) }
    }

    /// Cosine similarity, −1…1; SFace's published same-person threshold is 0.363.
    public func cosine(_ other: Embedding) -> Float {
        Self.cosine(values, other.values)
    }

    /// Cosine similarity of two unit-length value arrays (e.g. a stored template).
    public static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
    }

    public var description: String { "Embedding(\(Self.dimension) values, hidden)" }
}
