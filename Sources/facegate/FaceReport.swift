import FaceVision
import Foundation

/// The stable JSON interface of `detect --json` and `embed --json`:
/// `{"faces":[{"box":[x,y,w,h],"landmarks":[[x,y]×5],"score":s,"embedding":[128 floats]}]}`,
/// faces largest first, coordinates in the original image's pixels;
/// `embedding` only from `embed`.
struct FaceReport: Encodable {
    struct Face: Encodable {
        let box: [Float]
        let landmarks: [[Float]]
        let score: Float
        let embedding: [Float]?
    }

    let faces: [Face]

    init(_ faces: [DetectedFace], embeddings: [Embedding]? = nil) {
        self.faces = faces.enumerated().map { index, face in
            Face(
                box: [face.box.x, face.box.y, face.box.width, face.box.height],
                landmarks: face.landmarks.map { [$0.x, $0.y] },
                score: face.score,
                embedding: embeddings?[index].values)
        }
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// A table for people: one row per face.
    func table(path: String, image: Image) -> String {
        var lines = ["\(path): \(faces.count) face\(faces.count == 1 ? "" : "s") in \(image.width)×\(image.height)"]
        if !faces.isEmpty {
            lines.append("  #      x      y  width height  score")
            for (index, face) in faces.enumerated() {
                let cells = face.box.map { String(format: "%6.0f", $0) }.joined(separator: " ")
                lines.append(String(format: "  %-2d ", index + 1) + cells + String(format: "  %.3f", face.score))
            }
        }
        return lines.joined(separator: "\n")
    }
}
