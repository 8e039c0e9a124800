import Decision
import FaceVision
import Foundation
import TestSupport
import Testing

/// Decoding from files and bytes, in every supported format, and every kind
/// of bad image input ending in a clear error rather than a crash.
@Suite(.testExecutor) struct ImageDecodingTests {
    @Test func decodesJPEGPNGBMPAndWebPFromFilesAndBytes() throws {
        let source = try Fixtures.photo("Female_40-2_1.jpg")
        let directory = try Fixtures.temporaryDirectory("formats")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let size = try Subprocess.python("media.py", ["encode", source, directory]).split(separator: " ").compactMap {
            Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let jpeg = try Image(contentsOf: source)
        let detector = try Fixtures.detector()
        let expected = try detector.detect(in: jpeg)
        #expect([jpeg.width, jpeg.height] == size)
        for (file, format) in [("Female_40-2_1.png", "png"), ("Female_40-2_1.bmp", "bmp"), ("Female_40-2_1.webp", "webp")] {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(file)")))
            #expect(try ImageHeader(parsing: bytes) == ImageHeader(format: .init(rawValue: format)!, width: size[0], height: size[1]))
            let image = try Image(encoded: bytes)
            #expect(image.width == jpeg.width && image.height == jpeg.height)
            let faces = try detector.detect(in: image)
            #expect(faces.count == expected.count, "\(format)")
            if let face = faces.first, let reference = expected.first {
                #expect(face.box.geometry.overlap(with: reference.box.geometry) > 0.9, "\(format)")
            }
        }
    }

    @Test func refusesBadImagesWithOneLineErrors() throws {
        let photo = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try Fixtures.photo("Female_40-2_1.jpg"))))
        let cases: [(String, [UInt8], FaceVisionError.Code, String)] = [
            ("empty", [], .notAnImage, "empty"),
            ("text", Array("facegate configuration, not a picture\n".utf8), .notAnImage, "not a JPEG, PNG, BMP or WebP"),
            ("truncated JPEG", Array(photo.prefix(photo.count / 2)), .imageTruncated, "truncated"),
            ("JPEG header only", Array(photo.prefix(200)), .imageTruncated, "truncated"),
            ("truncated BMP", Array(BMPFile.solid(width: 64, height: 64, grey: 9).prefix(500)), .imageTruncated, "truncated"),
            ("huge PNG", Self.pngHeader(width: 100_000, height: 100_000), .imageTooLarge, "above the limit"),
            ("huge BMP", Self.bmpHeader(width: 60_000, height: 60_000), .imageTooLarge, "above the limit"),
            ("zero-size PNG", Self.pngHeader(width: 0, height: 10), .notAnImage, "0×10"),
        ]
        for (label, bytes, code, words) in cases {
            let error = #expect(throws: FaceVisionError.self, "\(label)") { try Image(encoded: bytes) }
            #expect(error?.code == code, "\(label): \(error?.message ?? "")")
            #expect(error?.message.contains(words) == true, "\(label): \(error?.message ?? "")")
            #expect(error?.message.contains("\n") == false)
        }
    }

    @Test func pixelLimitIsCheckedBeforeDecoding() throws {
        let photo = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try Fixtures.photo("Female_40-2_1.jpg"))))
        let limits = ImageLimits(maxPixels: 100_000, maxBytes: 1 << 20)
        let error = #expect(throws: FaceVisionError.self) { try Image(encoded: photo, limits: limits) }
        #expect(error?.code == .imageTooLarge)
        #expect(error?.message.contains("516×960") == true)
    }

    @Test func fileErrorsNameTheFile() throws {
        let directory = try Fixtures.temporaryDirectory("files")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let missing = #expect(throws: FaceVisionError.self) { try Image(contentsOf: "\(directory)/nope.jpg") }
        #expect(missing?.code == .inputUnreadable)
        #expect(missing?.message == "\(directory)/nope.jpg: no such file")
        let folder = #expect(throws: FaceVisionError.self) { try Image(contentsOf: directory) }
        #expect(folder?.message.contains("is a directory") == true)
        try Data().write(to: URL(fileURLWithPath: "\(directory)/empty.jpg"))
        let empty = #expect(throws: FaceVisionError.self) { try Image(contentsOf: "\(directory)/empty.jpg") }
        #expect(empty?.message == "\(directory)/empty.jpg: the file is empty")
    }

    @Test func tinyAndBlankImagesDecodeAndHoldNoFace() throws {
        let detector = try Fixtures.detector()
        let tiny = try Image(encoded: BMPFile.solid(width: 1, height: 1, grey: 128))
        #expect(tiny.width == 1 && tiny.height == 1)
        #expect(try detector.detect(in: tiny).isEmpty)
        let wall = try Image(encoded: BMPFile.solid(width: 640, height: 480, grey: 200))
        #expect(try detector.detect(in: wall).isEmpty)
    }

    @Test func largeFramesAreDetectedAtAnySizeAndMappedBack() throws {
        let detector = try Fixtures.detector()
        let photo = try Image(contentsOf: try Fixtures.photo("Female_40-2_1.jpg"))
        let face = try #require(try detector.detect(in: photo).first)
        for factor in [0.5, 2.0, 3.0] {
            let scaled = try photo.resized(width: Int(Double(photo.width) * factor), height: Int(Double(photo.height) * factor))
            let found = try #require(try detector.detect(in: scaled).first, "×\(factor)")
            let back = FaceBox(
                x: found.box.x / Float(factor), y: found.box.y / Float(factor),
                width: found.box.width / Float(factor), height: found.box.height / Float(factor))
            #expect(back.geometry.overlap(with: face.box.geometry) > 0.85, "×\(factor): \(back) vs \(face.box)")
        }
    }

    static func pngHeader(width: Int, height: Int) -> [UInt8] {
        func be(_ v: Int) -> [UInt8] { [24, 16, 8, 0].map { UInt8((v >> $0) & 0xFF) } }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + be(13) + Array("IHDR".utf8) + be(width) + be(height)
            + [8, 2, 0, 0, 0, 0, 0, 0, 0] + [0, 0, 0, 0] + Array("IEND".utf8) + [0xAE, 0x42, 0x60, 0x82]
    }

    static func bmpHeader(width: Int, height: Int) -> [UInt8] {
        var bytes = Array(BMPFile.solid(width: 1, height: 1, grey: 0))
        for (offset, value) in [(18, width), (22, height)] {
            for i in 0..<4 { bytes[offset + i] = UInt8((value >> (8 * i)) & 0xFF) }
        }
        return bytes
    }
}

extension FaceBox {
    /// The box as the decision logic measures overlap.
    var geometry: FaceGeometry { FaceGeometry(x: x, y: y, width: width, height: height) }
}
