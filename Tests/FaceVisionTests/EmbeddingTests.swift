import FaceVision
import Testing

@Suite struct EmbeddingTests {
    @Test func normalisesToUnitLength() throws {
        let embedding = try Embedding(normalising: (0..<128).map { Float($0) - 60 })
        let norm = embedding.values.reduce(0) { $0 + $1 * $1 }
        #expect(abs(norm - 1) < 1e-5)
        #expect(abs(embedding.cosine(embedding) - 1) < 1e-5)
    }

    @Test func refusesWrongSizeNaNAndZero() {
        #expect(throws: FaceVisionError.self) { try Embedding(normalising: [1, 2, 3]) }
        #expect(throws: FaceVisionError.self) { try Embedding(normalising: [Float](repeating: 0, count: 128)) }
        var values = [Float](repeating: 1, count: 128)
        values[7] = .nan
        #expect(throws: FaceVisionError.self) { try Embedding(normalising: values) }
        values[7] = .infinity
        #expect(throws: FaceVisionError.self) { try Embedding(normalising: values) }
    }

    @Test func descriptionNeverShowsTheValues() throws {
        let embedding = try Embedding(normalising: [Float](repeating: 0.25, count: 128))
        #expect(!"\(embedding)".contains("0.08"))
        #expect("\(embedding)".contains("hidden"))
    }
}
