public import FaceVision
import Foundation

/// Pixel transforms the robustness tests apply to real photos, written here
/// in plain Swift so they do not share code with what they test.
extension Image {
    public func flippedHorizontally() throws -> Image {
        try remapped { x, y in (Double(width - 1 - x), Double(y)) }
    }

    /// Every channel multiplied by `factor` (1.2 = 20 % brighter), clamped.
    public func brightness(_ factor: Double) throws -> Image {
        let pixels = bgrBytes().map { UInt8(min(255, (Double($0) * factor).rounded())) }
        return try Image(bgr: pixels, width: width, height: height)
    }

    /// Rotated by `degrees` about the centre, bilinear, same size, black corners.
    public func rotated(degrees: Double) throws -> Image {
        let angle = degrees * .pi / 180, (c, s) = (cos(angle), sin(angle))
        let (cx, cy) = (Double(width - 1) / 2, Double(height - 1) / 2)
        return try remapped { x, y in
            let (dx, dy) = (Double(x) - cx, Double(y) - cy)
            return (c * dx + s * dy + cx, -s * dx + c * dy + cy)
        }
    }

    /// Each output pixel (x, y) sampled bilinearly at `source(x, y)` of this image.
    private func remapped(_ source: (Int, Int) -> (Double, Double)) throws -> Image {
        let input = bgrBytes()
        var output = [UInt8](repeating: 0, count: input.count)
        for y in 0..<height {
            for x in 0..<width {
                let (sx, sy) = source(x, y)
                guard sx >= 0, sy >= 0, sx <= Double(width - 1), sy <= Double(height - 1) else { continue }
                let (x0, y0) = (Int(sx), Int(sy))
                let (x1, y1) = (min(x0 + 1, width - 1), min(y0 + 1, height - 1))
                let (fx, fy) = (sx - Double(x0), sy - Double(y0))
                for channel in 0..<3 {
                    func at(_ px: Int, _ py: Int) -> Double { Double(input[(py * width + px) * 3 + channel]) }
                    let top = at(x0, y0) * (1 - fx) + at(x1, y0) * fx
                    let bottom = at(x0, y1) * (1 - fx) + at(x1, y1) * fx
                    output[(y * width + x) * 3 + channel] = UInt8((top * (1 - fy) + bottom * fy).rounded())
                }
            }
        }
        return try Image(bgr: output, width: width, height: height)
    }
}

/// Hand-made BMP files for edge cases (a 1×1 picture, a blank wall):
/// BMP is simple enough to write without an image library.
public enum BMPFile {
    /// A 24-bit bottom-up BMP of `width`×`height` filled with one grey level.
    public static func solid(width: Int, height: Int, grey: UInt8) -> [UInt8] {
        let rowBytes = (width * 3 + 3) / 4 * 4
        let size = 54 + rowBytes * height
        var bytes: [UInt8] = Array("BM".utf8)
        func le(_ value: Int, _ count: Int) { for i in 0..<count { bytes.append(UInt8((value >> (8 * i)) & 0xFF)) } }
        le(size, 4)
        le(0, 4)
        le(54, 4)
        le(40, 4)
        le(width, 4)
        le(height, 4)
        le(1, 2)
        le(24, 2)
        le(0, 4)
        le(rowBytes * height, 4)
        le(2835, 4)
        le(2835, 4)
        le(0, 4)
        le(0, 4)
        bytes += [UInt8](repeating: grey, count: rowBytes * height)
        return bytes
    }
}
