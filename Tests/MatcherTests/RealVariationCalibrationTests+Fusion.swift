import Decision
import FaceVision
import Foundation
import TestSupport
import Testing

extension RealVariationCalibrationTests {
    /// One clip's judged frames: each counted face's embedding and its fusion weight.
    struct JudgedFrames {
        var embeddings: [[Float]] = []
        var qualities: [Float] = []
    }

    /// Every frame of `clip` as the gate judges it: the largest face, if it
    /// counts (80 px tall, sharp enough), embedded.
    static func judged(_ clip: String, detector: FaceDetector, embedder: FaceEmbedder) throws -> JudgedFrames {
        let source = try FrameSource(FrameSourceLocation(clip))
        var frames = JudgedFrames()
        while let image = try source.nextFrame() {
            guard let face = try detector.detect(in: image).first, face.box.height >= 80 else { continue }
            let sharpness = try image.sharpness(in: face.box)
            guard sharpness >= 20 else { continue }
            frames.embeddings.append(try embedder.embedding(of: face, in: image).values)
            frames.qualities.append(FusedProbe.quality(of: FaceGeometry(face), sharpness: sharpness))
        }
        return frames
    }

    /// Residents enrolled from pictures of another occasion, against real
    /// video of them and of others: each frame alone, and the running
    /// quality-weighted fusion of the frames seen so far (`FusedProbe`), at
    /// the threshold the default stranger risk gives 1 000 residents.
    @Test func fusingATracksFramesRaisesResidentsAndNotStrangers() async throws {
        try await withBlockingSlot {
            let folder = try Fixtures.temporaryDirectory("fusion")
            let clips = "video-dev"
            let both = "\(folder)/both.jpg"
            _ = try Subprocess.python(
                "media.py", ["clipframe", try RealFaces.file("\(clips)/intel/head-pose-face-detection-female-and-male.gif"), "0", both])
            _ = try Subprocess.python("media.py", ["crop", both, "0", "0", "240", "270", "2", "\(folder)/woman.jpg"])
            _ = try Subprocess.python("media.py", ["crop", both, "240", "0", "240", "270", "2", "\(folder)/man.jpg"])
            let detector = try Fixtures.detector(), embedder = try Fixtures.embedder()
            var templates: [(name: String, values: [Float])] = []
            for (name, photo) in [
                ("woman", "\(folder)/woman.jpg"), ("man", "\(folder)/man.jpg"), ("d19.jpg", try RealFaces.file("\(clips)/d19.jpg")),
            ] {
                let image = try Image(contentsOf: photo)
                let face = try #require(try detector.detect(in: image).first, "\(name): a face to enroll")
                templates.append((name, try embedder.stillEmbedding(of: face, in: image, detector: detector).values))
            }
            let genuine = [
                "intel/head-pose-face-detection-female.gif": "woman", "intel/head-pose-face-detection-male.gif": "man", "d18.mp4": "d19.jpg",
            ]
            let others = ["d19.mp4", "d0.mp4", "d3.mp4", "d6.mp4", "d12.mp4", "s18.mp4", "s32.mp4"]
            let threshold = StrangerRisk.threshold(risk: 0.005, residents: 1_000)
            func dot(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
            var lines = [String(format: "fusion on real video (threshold %.3f: stranger_risk 0.5 %%, 1 000 residents):", threshold)]
            var residentsFrames = (alone: 0, fused: 0, total: 0), strangerBest = (alone: Float(-1), fused: Float(-1))
            for clip in (genuine.keys.sorted() + others) {
                let frames = try Self.judged(try RealFaces.file("\(clips)/\(clip)"), detector: detector, embedder: embedder)
                for template in templates {
                    var fusion = FusedProbe()
                    var alone: [Float] = [], fused: [Float] = []
                    for (embedding, quality) in zip(frames.embeddings, frames.qualities) {
                        alone.append(dot(embedding, template.values))
                        fusion.add(embedding, quality: quality)
                        fused.append(fusion.probe.map { dot($0, template.values) } ?? -1)
                    }
                    guard !alone.isEmpty else { continue }
                    let isGenuine = genuine[clip] == template.name
                    if isGenuine {
                        residentsFrames.alone += alone.filter { $0 >= threshold }.count
                        residentsFrames.fused += fused.filter { $0 >= threshold }.count
                        residentsFrames.total += alone.count
                    } else {
                        strangerBest = (max(strangerBest.alone, alone.max()!), max(strangerBest.fused, fused.max()!))
                    }
                    guard isGenuine || alone.max()! >= 0.35 else { continue }
                    let sorted = (alone.sorted(), fused.sorted())
                    lines.append(
                        String(
                            format:
                                "  %@ %@ %@ (%d frames): each frame median %.3f, min %.3f, max %.3f, %d above; fused median %.3f, min %.3f, max %.3f, %d above",
                            isGenuine ? "resident" : "stranger", clip, template.name, alone.count, sorted.0[alone.count / 2], sorted.0[0],
                            sorted.0.last!,
                            alone.filter { $0 >= threshold }.count, sorted.1[fused.count / 2], sorted.1[0], sorted.1.last!,
                            fused.filter { $0 >= threshold }.count))
                }
            }
            lines.append(
                String(
                    format: "  residents' frames above the threshold: %d of %d alone, %d fused; strangers' best: %.3f alone, %.3f fused",
                    residentsFrames.alone, residentsFrames.total, residentsFrames.fused, strangerBest.alone, strangerBest.fused))
            print(lines.joined(separator: "\n"))
            #expect(residentsFrames.total > 100, "the residents' clips were judged")
            #expect(strangerBest.fused < threshold, "no stranger's fused probe passes")
        }
    }
}
