import FaceVision
import Foundation
import TestSupport
import Testing

/// The same face must still match after the changes a gate camera sees every
/// day, and different people must not.
@Suite(.testExecutor) struct RobustnessTests {
    /// SFace's published cosine threshold for "same person".
    static let threshold: Float = 0.363

    struct Variant: Sendable, CustomTestStringConvertible {
        let name: String
        let apply: @Sendable (Image) throws -> Image
        var testDescription: String { name }
    }

    static let variants: [Variant] = [
        Variant(name: "mirrored") { try $0.flippedHorizontally() },
        Variant(name: "20 % brighter") { try $0.brightness(1.2) },
        Variant(name: "20 % darker") { try $0.brightness(0.8) },
        Variant(name: "rotated +10°") { try $0.rotated(degrees: 10) },
        Variant(name: "rotated −10°") { try $0.rotated(degrees: -10) },
    ]

    /// Every 8th single-face photo, scaled to at most 640 px so the Swift
    /// transforms stay quick in a debug build.
    static func sample() throws -> [(String, Image)] {
        let detector = try Fixtures.detector()
        return try Fixtures.photos().enumerated().filter { $0.offset % 8 == 0 }.compactMap { _, path in
            let image = try Image(contentsOf: path)
            let scale = min(1, 640 / Double(max(image.width, image.height)))
            let small = try image.resized(width: Int(Double(image.width) * scale), height: Int(Double(image.height) * scale))
            return try detector.detect(in: small).count == 1 ? (path, small) : nil
        }
    }

    @Test(arguments: variants)
    func faceMatchesItselfAfter(_ variant: Variant) async throws {
        try await withBlockingSlot {
            let detector = try Fixtures.detector()
            let embedder = try Fixtures.embedder()
            var scores: [Float] = []
            for (path, image) in try Self.sample() {
                let original = try embedder.embedding(of: try #require(detector.detect(in: image).first), in: image)
                let changed = try variant.apply(image)
                let face = try #require(try detector.detect(in: changed).first, "\(path) \(variant.name): face lost")
                let cosine = original.cosine(try embedder.embedding(of: face, in: changed))
                scores.append(cosine)
                #expect(cosine >= Self.threshold, "\(path) \(variant.name): cosine \(cosine)")
            }
            let sorted = scores.sorted()
            print("\(variant.name): \(scores.count) photos, cosine min \(sorted.first ?? .nan), median \(sorted[sorted.count / 2])")
            #expect(scores.count >= 15)
        }
    }

    @Test func differentPeopleScoreBelowTheThreshold() async throws {
        try await withBlockingSlot {
            let detector = try Fixtures.detector()
            let embedder = try Fixtures.embedder()
            var people: [(person: String, embedding: Embedding)] = []
            for path in try Fixtures.photos() {
                let image = try Image(contentsOf: path)
                let faces = try detector.detect(in: image)
                if faces.count == 1 { people.append((Fixtures.person(of: path), try embedder.embedding(of: faces[0], in: image))) }
            }
            var cross: [Float] = []
            for i in people.indices {
                for j in people.indices where j > i && people[i].person != people[j].person {
                    cross.append(people[i].embedding.cosine(people[j].embedding))
                }
            }
            let sorted = cross.sorted()
            let falseMatches = cross.filter { $0 >= Self.threshold }.count
            let edges: [Float] = [0, 0.1, 0.2, 0.3, 0.363, 0.4, 0.5, 1.01]
            let histogram = zip(edges, edges.dropFirst()).map { low, high in
                "[\(low), \(high)): \(cross.filter { $0 >= low && $0 < high }.count)"
            }
            print(
                """
                cross-person pairs: \(cross.count) from \(people.count) single-face photos; \
                median \(sorted[sorted.count / 2]), 99th percentile \(sorted[sorted.count * 99 / 100]), max \(sorted.last!); \
                below 0: \(cross.filter { $0 < 0 }.count); \(histogram.joined(separator: ", ")); \
                false matches at \(Self.threshold): \(falseMatches)
                """)
            #expect(cross.count > 10_000)
            #expect(sorted[sorted.count / 2] < 0.15)
            #expect(Double(falseMatches) / Double(cross.count) < 0.005, "\(falseMatches) false matches")
        }
    }
}
