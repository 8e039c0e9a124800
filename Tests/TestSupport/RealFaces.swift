import FaceVision
import Foundation
import Locking
import Matcher

/// The real-variation face sets of `../shared/data` (LFW folds 1–5,
/// deepface-dev, the video clips), as `scripts/fetch-data.sh` lays them out
/// in `.cache/data`, and their embeddings, computed once per test process
/// and kept in memory only (never written anywhere: R8).
public enum RealFaces {
    /// `.cache/data` in the checkout, filled by `make test` (scripts/fetch-data.sh).
    public static var dataPath: String { "\(Fixtures.repositoryRoot)/.cache/data" }

    /// A file of the data set, by its path in MANIFEST.tsv.
    public static func file(_ path: String) throws -> String {
        let full = "\(dataPath)/\(path)"
        guard FileManager.default.fileExists(atPath: full) else { throw MissingFixture(full) }
        return full
    }

    /// One official LFW View-2 pair: two photos and whether they show one person.
    public struct Pair: Sendable {
        public let first: String
        public let second: String
        public let same: Bool
        public let fold: Int
    }

    /// The 3 000 pairs of folds 1–5 (`lfw-dev/pairs-dev.txt`), photos by file name.
    public static func lfwPairs() throws -> [Pair] {
        let text = try String(contentsOfFile: try file("lfw-dev/pairs-dev.txt"), encoding: .utf8)
        let lines = text.split(separator: "\n").dropFirst().map { $0.split(whereSeparator: { $0 == "\t" || $0 == " " }).map(String.init) }
        func photo(_ name: String, _ number: String) -> String { String(format: "%@_%04d.jpg", name, Int(number) ?? 0) }
        return lines.enumerated().compactMap { index, fields in
            let fold = index / 600
            switch fields.count {
            case 3: return Pair(first: photo(fields[0], fields[1]), second: photo(fields[0], fields[2]), same: true, fold: fold)
            case 4: return Pair(first: photo(fields[0], fields[1]), second: photo(fields[2], fields[3]), same: false, fold: fold)
            default: return nil
            }
        }
    }

    /// A photo's person: `George_W_Bush_0012.jpg` → `George_W_Bush`.
    public static func lfwPerson(_ file: String) -> String {
        String(file.dropLast(".jpg".count).dropLast(5))
    }

    /// Every LFW photo's embedding (its largest face), by file name; photos
    /// where no face is found are absent.
    public static func lfw() throws -> [String: [Float]] {
        try lfwCache.withLock { (cached: inout [String: [Float]]?) throws -> [String: [Float]] in
            if let cached { return cached }
            let folder = try file("lfw-dev/images")
            let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".jpg") }.sorted()
            guard names.count >= 3_800 else { throw MissingFixture("the 3 811 LFW photos in \(folder)") }
            let embedded = try embed(names.map { "\(folder)/\($0)" })
            cached = Dictionary(uniqueKeysWithValues: zip(names, embedded).compactMap { name, values in values.map { (name, $0) } })
            return cached!
        }
    }

    /// deepface-dev: per person, the embeddings of their photos (largest face).
    public static func deepface() throws -> [String: [[Float]]] {
        let folder = try file("deepface-dev")
        var people: [String: [[Float]]] = [:]
        for person in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() {
            let photos = try FileManager.default.contentsOfDirectory(atPath: "\(folder)/\(person)").sorted().map { "\(folder)/\(person)/\($0)" }
            people[person] = try embed(photos).compactMap { $0 }
        }
        return people
    }

    /// The embedding of each photo's largest face, or nil where none is found:
    /// a probe's (one pass, as for a camera frame) or, with `still`, a template's.
    public static func embed(_ paths: [String], maxSide: Int = 640, still: Bool = false) throws -> [[Float]?] {
        var options = FaceDetector.Options()
        options.maxSide = maxSide
        let detector = try Fixtures.detector(options)
        let embedder = try Fixtures.embedder()
        return try paths.map { path in
            let image = try Image(contentsOf: path)
            guard let face = try detector.detect(in: image).max(by: { $0.box.area < $1.box.area }) else { return nil }
            return try (still ? embedder.stillEmbedding(of: face, in: image, detector: detector) : embedder.embedding(of: face, in: image)).values
        }
    }

    private static let lfwCache = Locked<[String: [Float]]?>(nil)
}
