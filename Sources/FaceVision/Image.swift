internal import CFaceVision
import Foundation

/// A decoded 8-bit BGR picture held by OpenCV: a camera frame or a photo.
///
/// It exists only in memory (R8): facegate has no code path that writes an
/// image anywhere. Immutable once made, so it can cross threads.
public final class Image: @unchecked Sendable {
    // @unchecked: the handle is never mutated after init and OpenCV reads of
    // one cv::Mat from several threads are safe.
    let handle: OpaquePointer
    public let width: Int
    public let height: Int

    init(taking handle: OpaquePointer) {
        self.handle = handle
        width = Int(fg_image_width(handle))
        height = Int(fg_image_height(handle))
    }

    deinit { fg_image_free(handle) }

    /// Decodes encoded JPEG, PNG, BMP or WebP bytes after checking the header
    /// against `limits`.
    public convenience init(encoded bytes: [UInt8], limits: ImageLimits = .standard) throws(FaceVisionError) {
        guard bytes.count <= limits.maxBytes else {
            throw FaceVisionError(.imageTooLarge, "the image is \(bytes.count) bytes, above the limit of \(limits.maxBytes)")
        }
        let header = try ImageHeader(parsing: bytes)
        try limits.check(header)
        var handle: OpaquePointer?
        try nativeCall("cannot decode the \(header.format.rawValue.uppercased()) image") { error in
            bytes.withUnsafeBufferPointer { fg_image_decode($0.baseAddress, $0.count, &handle, error) }
        }
        self.init(taking: handle!)
    }

    /// Reads and decodes an image file; the error names the file.
    public convenience init(contentsOf path: String, limits: ImageLimits = .standard) throws(FaceVisionError) {
        let bytes = try InputFile.read(path, maxBytes: limits.maxBytes)
        do {
            try self.init(encoded: bytes, limits: limits)
        } catch {
            throw FaceVisionError(error.code, "\(path): \(error.message)")
        }
    }

    /// Copies tightly packed BGR rows (`width * height * 3` bytes).
    public convenience init(bgr pixels: [UInt8], width: Int, height: Int) throws(FaceVisionError) {
        guard width > 0, height > 0, pixels.count == width * height * 3 else {
            throw FaceVisionError(.invalidArgument, "a \(width)×\(height) BGR image needs \(max(0, width * height * 3)) bytes, got \(pixels.count)")
        }
        var handle: OpaquePointer?
        try nativeCall("cannot create the image") { error in
            pixels.withUnsafeBufferPointer { fg_image_from_bgr($0.baseAddress, Int32(width), Int32(height), width * 3, &handle, error) }
        }
        self.init(taking: handle!)
    }

    /// A bilinear resize.
    public func resized(width: Int, height: Int) throws(FaceVisionError) -> Image {
        var resized: OpaquePointer?
        try nativeCall("cannot resize the image") { fg_image_resize(handle, Int32(width), Int32(height), &resized, $0) }
        return Image(taking: resized!)
    }

    /// The pixels as tightly packed BGR rows.
    public func bgrBytes() -> [UInt8] {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        var error = fg_error()
        let status = pixels.withUnsafeMutableBufferPointer { fg_image_copy_bgr(handle, $0.baseAddress, $0.count, &error) }
        precondition(status == FG_OK, "the buffer is sized from the image itself")
        return pixels
    }

    /// The picture shrunk to `width`×`height` in grey, one byte per pixel row
    /// by row, noise evened out by area averaging: what change detection compares.
    public func greyThumbnail(width: Int, height: Int) throws(FaceVisionError) -> [UInt8] {
        var pixels = [UInt8](repeating: 0, count: max(0, width * height))
        try nativeCall("cannot shrink the image") { error in
            pixels.withUnsafeMutableBufferPointer { fg_image_grey_thumbnail(handle, Int32(width), Int32(height), $0.baseAddress, $0.count, error) }
        }
        return pixels
    }

    /// Variance of the Laplacian inside `box`: low for blurred faces.
    public func sharpness(in box: FaceBox) throws(FaceVisionError) -> Double {
        var value = 0.0
        try nativeCall("cannot measure sharpness") { error in
            fg_image_sharpness(
                handle, Int32(box.x.rounded(.down)), Int32(box.y.rounded(.down)),
                Int32(box.width.rounded(.up)), Int32(box.height.rounded(.up)), &value, error)
        }
        return value
    }
}
