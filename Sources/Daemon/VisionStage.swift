import Config
import FaceVision
import Decision
import Foundation

/// Detection, the gate's quality rules, embedding and spoof screening, for
/// the vision thread only (the OpenCV handles inside are not thread-safe).
final class VisionStage: @unchecked Sendable {
    // @unchecked: used by the vision thread alone; `settings` is replaced between frames by reload.
    let detector: FaceDetector
    let embedder: FaceEmbedder
    let liveness: LivenessClassifier
    var settings: GateSettings.Quality

    init(detector: FaceDetector, embedder: FaceEmbedder, liveness: LivenessClassifier, settings: GateSettings.Quality) {
        self.detector = detector
        self.embedder = embedder
        self.liveness = liveness
        self.settings = settings
    }

    var quality: FaceQuality { FaceQuality(minFacePixels: settings.minFacePixels, minSharpness: settings.minSharpness) }

    /// Faces that count (R15): large enough to be close to the camera and,
    /// when a zone is configured, centred inside it; and whether a confident
    /// face a little too small to count is in the zone (someone approaching,
    /// asked to step closer). Everything else in the frame is ignored entirely.
    func framing(_ faces: [DetectedFace], in frame: Image) -> (qualifying: [DetectedFace], approaching: Bool) {
        let inZone = faces.filter { face in
            guard let zone = settings.zone else { return true }
            let centreX = Double(face.box.x + face.box.width / 2) / Double(frame.width)
            let centreY = Double(face.box.y + face.box.height / 2) / Double(frame.height)
            return centreX >= zone[0] && centreX <= zone[0] + zone[2] && centreY >= zone[1] && centreY <= zone[1] + zone[3]
        }
        let qualifying = quality.qualifying(inZone)
        return (qualifying, qualifying.isEmpty && inZone.contains(where: quality.isApproaching))
    }

    /// The face's embedding, or nil when it is too blurred or uncertain to judge this frame.
    func embedding(of face: DetectedFace, in frame: Image) throws -> Embedding? {
        guard try quality.judge(face, sharpness: { try frame.sharpness(in: $0) }).isGood else { return nil }
        return try embedder.embedding(of: face, in: frame)
    }
}

extension FaceGeometry {
    /// The decision logic's copy of a detected face.
    init(_ face: DetectedFace) {
        self.init(
            x: face.box.x, y: face.box.y, width: face.box.width, height: face.box.height,
            landmarks: face.landmarks.map { Point(x: $0.x, y: $0.y) })
    }
}
