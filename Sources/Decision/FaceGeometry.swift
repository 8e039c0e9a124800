/// Where a face is in a frame, as the detector found it: its box and five
/// landmarks (right eye, left eye, nose tip, right and left mouth corner),
/// in the frame's pixels. The decision logic's own copy of the detector's
/// output, so it stays free of OpenCV; nothing of it is ever stored (R15).
public struct FaceGeometry: Sendable, Equatable {
    /// A point in frame pixels.
    public struct Point: Sendable, Equatable {
        public var x: Float
        public var y: Float

        public init(x: Float, y: Float) {
            self.x = x
            self.y = y
        }
    }

    public var x: Float
    public var y: Float
    public var width: Float
    public var height: Float
    /// Five points, or none when the detector gave none.
    public var landmarks: [Point]

    public init(x: Float, y: Float, width: Float, height: Float, landmarks: [Point] = []) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.landmarks = landmarks
    }

    public var area: Float { width * height }
    public var centre: Point { Point(x: x + width / 2, y: y + height / 2) }

    /// Intersection over union with `other`, 0…1.
    public func overlap(with other: FaceGeometry) -> Float {
        let left = max(x, other.x), top = max(y, other.y)
        let right = min(x + width, other.x + other.width), bottom = min(y + height, other.y + other.height)
        let intersection = max(0, right - left) * max(0, bottom - top)
        let union = area + other.area - intersection
        return union > 0 ? intersection / union : 0
    }

    /// Distance between the eyes in pixels; nil without landmarks.
    public var eyeDistance: Float? {
        guard landmarks.count >= 2 else { return nil }
        let dx = landmarks[1].x - landmarks[0].x, dy = landmarks[1].y - landmarks[0].y
        return (dx * dx + dy * dy).squareRoot()
    }

    /// How far the head is turned: the nose tip's offset from the midpoint
    /// of the eyes, in eye distances, along the eye line. About 0 facing the
    /// camera, ±0.5 and beyond towards a profile; nil without landmarks.
    public var turn: Float? {
        guard landmarks.count >= 3, let eyes = eyeDistance, eyes > 0 else { return nil }
        let right = landmarks[0], left = landmarks[1], nose = landmarks[2]
        let ux = (left.x - right.x) / eyes, uy = (left.y - right.y) / eyes
        let mx = (left.x + right.x) / 2, my = (left.y + right.y) / 2
        return ((nose.x - mx) * ux + (nose.y - my) * uy) / eyes
    }

    /// How far the head is tilted up or down: the nose tip's distance below
    /// the eye line as a share of the mouth's, across the eye line (so a
    /// face rolled sideways reads the same). About 0.5–0.6 level; larger
    /// when the head bows, smaller when it lifts; nil without five landmarks.
    public var pitch: Float? {
        guard landmarks.count >= 5, let eyes = eyeDistance, eyes > 0 else { return nil }
        let right = landmarks[0], left = landmarks[1], nose = landmarks[2]
        let vx = -(left.y - right.y) / eyes, vy = (left.x - right.x) / eyes
        let mx = (left.x + right.x) / 2, my = (left.y + right.y) / 2
        let mouth = ((landmarks[3].x + landmarks[4].x) / 2 - mx) * vx + ((landmarks[3].y + landmarks[4].y) / 2 - my) * vy
        guard mouth != 0 else { return nil }
        return ((nose.x - mx) * vx + (nose.y - my) * vy) / mouth
    }

    /// Every coordinate, box first: what the motion cues compare.
    var coordinates: [Float] { [x, y, width, height] + landmarks.flatMap { [$0.x, $0.y] } }
}
