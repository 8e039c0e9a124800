internal import CFaceVision
public import Decision

/// An axis-aligned rectangle in image pixels.
public struct FaceBox: Sendable, Equatable, Codable {
    public var x: Float
    public var y: Float
    public var width: Float
    public var height: Float

    public init(x: Float, y: Float, width: Float, height: Float) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var area: Float { width * height }
}

/// A point in image pixels.
public struct FacePoint: Sendable, Equatable, Codable {
    public var x: Float
    public var y: Float

    public init(x: Float, y: Float) {
        self.x = x
        self.y = y
    }
}

/// One face found by the detector: where it is, its five landmarks (right
/// eye, left eye, nose tip, right and left mouth corner) and the detector's
/// confidence. Coordinates are in the pixels of the image it was found in.
public struct DetectedFace: Sendable, Equatable {
    public var box: FaceBox
    public var landmarks: [FacePoint]
    public var score: Float

    public init(box: FaceBox, landmarks: [FacePoint], score: Float) {
        self.box = box
        self.landmarks = landmarks
        self.score = score
    }

    init(_ face: fg_face) {
        box = FaceBox(x: face.box.0, y: face.box.1, width: face.box.2, height: face.box.3)
        let l = face.landmarks
        landmarks = [
            FacePoint(x: l.0, y: l.1), FacePoint(x: l.2, y: l.3), FacePoint(x: l.4, y: l.5),
            FacePoint(x: l.6, y: l.7), FacePoint(x: l.8, y: l.9),
        ]
        score = face.score
    }

    var native: fg_face {
        var face = fg_face()
        face.box = (box.x, box.y, box.width, box.height)
        let p = landmarks + Array(repeating: FacePoint(x: 0, y: 0), count: max(0, 5 - landmarks.count))
        face.landmarks = (p[0].x, p[0].y, p[1].x, p[1].y, p[2].x, p[2].y, p[3].x, p[3].y, p[4].x, p[4].y)
        face.score = score
        return face
    }
}

extension FaceGeometry {
    /// The decision logic's copy of a detected face.
    public init(_ face: DetectedFace) {
        self.init(
            x: face.box.x, y: face.box.y, width: face.box.width, height: face.box.height,
            landmarks: face.landmarks.map { Point(x: $0.x, y: $0.y) })
    }
}
