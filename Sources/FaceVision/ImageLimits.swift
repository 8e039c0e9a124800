/// Upper bounds checked before an image is decoded, so a hostile or mistaken
/// input cannot make facegate allocate gigabytes.
public struct ImageLimits: Sendable, Equatable {
    /// Largest accepted width × height.
    public var maxPixels: Int
    /// Largest accepted encoded file size.
    public var maxBytes: Int

    /// 40 megapixels (a 7 300 × 5 500 photo) and 64 MiB: far above any camera
    /// frame or enrollment photo, far below what would exhaust an edge box.
    public static let standard = ImageLimits(maxPixels: 40_000_000, maxBytes: 64 << 20)

    public init(maxPixels: Int, maxBytes: Int) {
        self.maxPixels = maxPixels
        self.maxBytes = maxBytes
    }

    func check(_ header: ImageHeader) throws(FaceVisionError) {
        guard header.pixels <= maxPixels else {
            throw FaceVisionError(
                .imageTooLarge,
                "the image is \(header.width)×\(header.height) (\(header.pixels) pixels), above the limit of \(maxPixels) pixels")
        }
    }
}
