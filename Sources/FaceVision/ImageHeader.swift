/// The format and size of an encoded image, read from its first bytes before
/// anything is decoded.
///
/// facegate decodes only JPEG, PNG, BMP and WebP, refuses anything above a
/// pixel limit before OpenCV allocates for it, and recognises a file that
/// ends too early (OpenCV would otherwise return a half-grey picture).
public struct ImageHeader: Sendable, Equatable {
    public enum Format: String, Sendable { case jpeg, png, bmp, webp }

    public let format: Format
    public let width: Int
    public let height: Int

    public var pixels: Int { width * height }

    public init(format: Format, width: Int, height: Int) {
        self.format = format
        self.width = width
        self.height = height
    }

    /// Reads the header of `bytes`, checking that the data is complete.
    public init(parsing bytes: [UInt8]) throws(FaceVisionError) {
        let reader = ByteReader(bytes)
        if bytes.isEmpty {
            throw FaceVisionError(.notAnImage, "the file is empty")
        } else if reader.starts(with: [0xFF, 0xD8, 0xFF]) {
            (width, height) = try Self.jpeg(reader)
            format = .jpeg
        } else if reader.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            (width, height) = try Self.png(reader)
            format = .png
        } else if reader.starts(with: Array("BM".utf8)) {
            (width, height) = try Self.bmp(reader)
            format = .bmp
        } else if reader.starts(with: Array("RIFF".utf8)), reader.matches(Array("WEBP".utf8), at: 8) {
            (width, height) = try Self.webp(reader)
            format = .webp
        } else {
            throw FaceVisionError(.notAnImage, "not a JPEG, PNG, BMP or WebP image")
        }
        guard width > 0, height > 0 else {
            throw FaceVisionError(.notAnImage, "the \(format.rawValue.uppercased()) header declares a \(width)×\(height) image")
        }
    }

    private static func truncated(_ format: String) -> FaceVisionError {
        FaceVisionError(.imageTruncated, "the \(format) data ends too early (truncated file)")
    }

    /// Walks the marker segments to the first start-of-frame; the image is
    /// complete only if an end-of-image marker follows the first scan.
    private static func jpeg(_ reader: ByteReader) throws(FaceVisionError) -> (Int, Int) {
        var offset = 2
        var size: (Int, Int)?
        while true {
            guard let prefix = reader.byte(at: offset), prefix == 0xFF else { throw truncated("JPEG") }
            var markerOffset = offset + 1
            while reader.byte(at: markerOffset) == 0xFF { markerOffset += 1 }
            guard let marker = reader.byte(at: markerOffset) else { throw truncated("JPEG") }
            let segment = markerOffset + 1
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) {
                offset = segment
                continue
            }
            guard let length = reader.uint16BE(at: segment), length >= 2 else { throw truncated("JPEG") }
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                guard let height = reader.uint16BE(at: segment + 3), let width = reader.uint16BE(at: segment + 5) else {
                    throw truncated("JPEG")
                }
                size = (width, height)
            }
            if marker == 0xDA {
                guard let size else { throw FaceVisionError(.notAnImage, "the JPEG has no frame header") }
                guard reader.contains([0xFF, 0xD9], from: segment + length) else { throw truncated("JPEG") }
                return size
            }
            offset = segment + length
        }
    }

    private static func png(_ reader: ByteReader) throws(FaceVisionError) -> (Int, Int) {
        guard reader.matches(Array("IHDR".utf8), at: 12),
            let width = reader.uint32BE(at: 16), let height = reader.uint32BE(at: 20)
        else { throw truncated("PNG") }
        guard reader.contains(Array("IEND".utf8), from: max(0, reader.count - 1024)) else { throw truncated("PNG") }
        return (width, height)
    }

    private static func bmp(_ reader: ByteReader) throws(FaceVisionError) -> (Int, Int) {
        guard let declared = reader.uint32LE(at: 2), let headerSize = reader.uint32LE(at: 14) else {
            throw truncated("BMP")
        }
        guard reader.count >= declared else { throw truncated("BMP") }
        if headerSize == 12 {
            guard let width = reader.uint16LE(at: 18), let height = reader.uint16LE(at: 20) else { throw truncated("BMP") }
            return (width, height)
        }
        guard let width = reader.uint32LE(at: 18), let height = reader.uint32LE(at: 22) else { throw truncated("BMP") }
        return (Int(Int32(truncatingIfNeeded: width)), abs(Int(Int32(truncatingIfNeeded: height))))
    }

    private static func webp(_ reader: ByteReader) throws(FaceVisionError) -> (Int, Int) {
        guard let declared = reader.uint32LE(at: 4), reader.count >= declared + 8 else { throw truncated("WebP") }
        if reader.matches(Array("VP8 ".utf8), at: 12) {
            guard reader.matches([0x9D, 0x01, 0x2A], at: 23),
                let width = reader.uint16LE(at: 26), let height = reader.uint16LE(at: 28)
            else { throw truncated("WebP") }
            return (width & 0x3FFF, height & 0x3FFF)
        }
        if reader.matches(Array("VP8L".utf8), at: 12) {
            guard reader.byte(at: 20) == 0x2F, let bits = reader.uint32LE(at: 21) else { throw truncated("WebP") }
            return ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
        }
        if reader.matches(Array("VP8X".utf8), at: 12) {
            guard let width = reader.uint24LE(at: 24), let height = reader.uint24LE(at: 27) else { throw truncated("WebP") }
            return (width + 1, height + 1)
        }
        throw FaceVisionError(.notAnImage, "the WebP file has no image chunk")
    }
}

/// Bounds-checked reads of little- and big-endian integers from a byte array.
private struct ByteReader {
    let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var count: Int { bytes.count }

    func byte(at offset: Int) -> UInt8? { offset >= 0 && offset < bytes.count ? bytes[offset] : nil }

    func starts(with prefix: [UInt8]) -> Bool { matches(prefix, at: 0) }

    func matches(_ pattern: [UInt8], at offset: Int) -> Bool {
        offset >= 0 && offset + pattern.count <= bytes.count && bytes[offset..<offset + pattern.count].elementsEqual(pattern)
    }

    /// Whether `pattern` occurs at or after `start`, searched from the end,
    /// where a JPEG's end marker and a PNG's IEND chunk sit.
    func contains(_ pattern: [UInt8], from start: Int) -> Bool {
        guard start >= 0, let first = pattern.first, start + pattern.count <= bytes.count else { return false }
        var offset = bytes.count - pattern.count
        while offset >= start {
            if bytes[offset] == first, matches(pattern, at: offset) { return true }
            offset -= 1
        }
        return false
    }

    private func integer(at offset: Int, width: Int, bigEndian: Bool) -> Int? {
        guard offset >= 0, offset + width <= bytes.count else { return nil }
        let slice = bytes[offset..<offset + width]
        let ordered = bigEndian ? Array(slice) : slice.reversed()
        return ordered.reduce(0) { $0 << 8 | Int($1) }
    }

    func uint16BE(at offset: Int) -> Int? { integer(at: offset, width: 2, bigEndian: true) }
    func uint32BE(at offset: Int) -> Int? { integer(at: offset, width: 4, bigEndian: true) }
    func uint16LE(at offset: Int) -> Int? { integer(at: offset, width: 2, bigEndian: false) }
    func uint24LE(at offset: Int) -> Int? { integer(at: offset, width: 3, bigEndian: false) }
    func uint32LE(at offset: Int) -> Int? { integer(at: offset, width: 4, bigEndian: false) }
}
