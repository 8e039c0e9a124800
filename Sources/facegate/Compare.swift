import ArgumentParser
import FaceVision
import Foundation

/// `facegate compare A B`: are these the same person?
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare the largest face in two images.",
        discussion: """
            Prints the cosine similarity of the two embeddings and whether it reaches the threshold
            (SFace's published 0.363 unless --threshold is given). Exits with 3 when either image
            holds no face.
            """)

    @Argument(help: "First image.")
    var first: String

    @Argument(help: "Second image.")
    var second: String

    @Option(help: "Cosine similarity at or above which the faces count as the same person.")
    var threshold: Float = 0.363

    @Flag(help: #"Print {"cosine":c,"threshold":t,"same":bool} instead of text."#)
    var json = false

    @OptionGroup var vision: VisionOptions

    func run() throws {
        let detector = try vision.detector()
        let embedder = try vision.embedder()
        var embeddings: [Embedding] = []
        var notes: [String] = []
        for path in [first, second] {
            let picture = try vision.image(path)
            let faces = try detector.detect(in: picture)
            guard let largest = faces.first else { throw CommandFailure.noFace(in: path, image: picture) }
            embeddings.append(try embedder.stillEmbedding(of: largest, in: picture, detector: detector))
            notes.append(faces.count == 1 ? "\(path): 1 face" : "\(path): \(faces.count) faces, using the largest")
        }
        let cosine = embeddings[0].cosine(embeddings[1])
        let same = cosine >= threshold
        if json {
            print(#"{"cosine":\#(cosine),"threshold":\#(threshold),"same":\#(same)}"#)
        } else {
            notes.forEach { print($0) }
            let verdict = same ? "≥ threshold \(threshold) → same person" : "< threshold \(threshold) → different people"
            print("cosine similarity \(String(format: "%.3f", cosine)) \(verdict)")
        }
    }
}
