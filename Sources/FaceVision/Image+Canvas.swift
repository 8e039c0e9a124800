/// Building new frames out of existing images: fitting a photo into a frame
/// size, and placing several on one canvas (two people in one frame).
extension Image {
    /// Where one image goes on a canvas, already at its final size.
    public struct Placement {
        public let image: Image
        public let x: Int
        public let y: Int

        public init(_ image: Image, x: Int, y: Int) {
            self.image = image
            self.x = x
            self.y = y
        }
    }

    /// A black `width`×`height` canvas with `placements` copied onto it
    /// (clipped at the edges; later placements cover earlier ones).
    public static func canvas(width: Int, height: Int, placing placements: [Placement]) throws(FaceVisionError) -> Image {
        var pixels = [UInt8](repeating: 0, count: max(0, width * height * 3))
        for placement in placements {
            let source = placement.image.bgrBytes()
            let columns = max(0, min(placement.image.width, width - placement.x) - max(0, -placement.x))
            guard columns > 0 else { continue }
            for row in 0..<placement.image.height {
                let target = placement.y + row
                guard target >= 0, target < height else { continue }
                let from = (row * placement.image.width + max(0, -placement.x)) * 3
                let to = (target * width + max(0, placement.x)) * 3
                pixels.replaceSubrange(to..<to + columns * 3, with: source[from..<from + columns * 3])
            }
        }
        return try Image(bgr: pixels, width: width, height: height)
    }

    /// This image scaled to fit inside `width`×`height`, keeping its aspect
    /// ratio, centred on a black frame of exactly that size.
    public func letterboxed(width: Int, height: Int) throws(FaceVisionError) -> Image {
        let scale = min(Double(width) / Double(self.width), Double(height) / Double(self.height))
        let fittedWidth = max(1, Int((Double(self.width) * scale).rounded()))
        let fittedHeight = max(1, Int((Double(self.height) * scale).rounded()))
        let fitted = try resized(width: fittedWidth, height: fittedHeight)
        return try Image.canvas(
            width: width, height: height,
            placing: [Placement(fitted, x: (width - fittedWidth) / 2, y: (height - fittedHeight) / 2)])
    }
}
