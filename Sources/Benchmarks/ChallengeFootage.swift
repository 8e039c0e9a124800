import Daemon
import Decision
import FaceVision
import Foundation

/// The frames `ChallengeBenchmark` judges: each frame's largest face as the
/// decision logic sees it, its cosine to the person's own template (from
/// the first frontal frame) and its passive liveness score; from a real
/// clip, or from a photo held up and moved as an attacker would.
struct ChallengeFootage {
    struct Frame {
        var time: Double
        var face: FaceGeometry?
        var resemblance: Float?
        var realness: Float?
    }

    /// How a held photo moves over four seconds at 10 frames per second.
    enum PhotoMotion: CaseIterable {
        /// Held still (a stand): only the sensor's noise changes.
        case still
        /// Moved side to side and up and down by a tenth of its size.
        case swayed
        /// Swung about its vertical axis: squeezed to 70 % of its width and back.
        case tiltedSideways
        /// Tipped about its horizontal axis: squeezed to 70 % of its height and back.
        case tiltedForward
        /// Brought towards the camera: grown to 150 %.
        case closer
    }

    let detector: FaceDetector
    let embedder: FaceEmbedder
    let liveness: LivenessClassifier

    init(models: FaceModels) throws {
        detector = try models.detector()
        embedder = try models.embedder()
        liveness = try LivenessClassifier(directory: models.directory)
    }

    /// Every frame of a clip, timed by its stream (12 frames per second when it has no timestamps).
    func frames(of clip: String) throws -> [Frame] {
        let source = try FrameSource(FrameSourceLocation(clip))
        var images: [(Double, Image)] = []
        while let image = try source.nextFrame(), images.count < 3_000 {
            // A stream's last frames can come without a time (0): they follow the one before.
            let previous = images.last?.0 ?? -1 / 12
            let time =
                source.streamTime.flatMap { $0 > previous ? $0 : nil } ?? previous + (images.count > 1 ? previous / Double(images.count - 1) : 1 / 12)
            images.append((time, image))
        }
        guard !images.isEmpty else { throw BenchmarkError(.badInput, "\(clip): no frames") }
        return try judge(images)
    }

    /// A photo moved as `motion` says, in a 640×480 camera frame with sensor noise.
    func held(_ photo: String, _ motion: PhotoMotion) throws -> [Frame] {
        let picture = try Image(contentsOf: photo).letterboxed(width: 320, height: 320)
        var generator = SystemRandomNumberGenerator()
        let images = try (0..<40).map { index -> (Double, Image) in
            let phase = Float(sin(Double(index) / 40 * 2 * .pi))
            var width = 320, height = 320, x = 160, y = 80
            switch motion {
            case .still: break
            case .swayed: (x, y) = (160 + Int(32 * phase), 80 + Int(32 * Float(cos(Double(index) / 40 * 2 * .pi))))
            case .tiltedSideways: width = Int(320 * (1 - 0.3 * abs(phase)))
            case .tiltedForward: height = Int(320 * (1 - 0.3 * abs(phase)))
            case .closer: (width, height) = (320 + index * 4, 320 + index * 4)
            }
            let placed = try picture.resized(width: width, height: height)
            let frame = try Image.canvas(
                width: 640, height: 480, placing: [.init(placed, x: x + (320 - width) / 2, y: max(0, y + (320 - height) / 2))])
            var pixels = frame.bgrBytes()
            for offset in stride(from: 0, to: pixels.count, by: 7) {
                pixels[offset] = UInt8(clamping: Int(pixels[offset]) + Int.random(in: -3...3, using: &generator))
            }
            return (Double(index) / 10, try Image(bgr: pixels, width: 640, height: 480))
        }
        return try judge(images)
    }

    private func judge(_ images: [(Double, Image)]) throws -> [Frame] {
        var template: [Float]?
        return try images.map { time, image in
            guard let face = try detector.detect(in: image).max(by: { $0.box.area < $1.box.area }) else { return Frame(time: time) }
            let geometry = FaceGeometry(face)
            let embedding = try embedder.embedding(of: face, in: image).values
            if template == nil, let turn = geometry.turn, abs(turn) < 0.15 { template = embedding }
            let resemblance = template.map { Embedding.cosine($0, embedding) }
            return Frame(time: time, face: geometry, resemblance: resemblance, realness: try liveness.score(face, in: image).real)
        }
    }
}
