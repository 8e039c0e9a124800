internal import CFaceVision
import Foundation

/// Reads frames from a camera, a network stream, a video file or a folder of
/// images, one at a time.
///
/// `nextFrame()` returns `nil` when a file or folder is finished and throws
/// `.sourceLost` when a camera or stream stops, so the caller can reconnect
/// by making a new source. Not thread-safe: one reader at a time.
public final class FrameSource {
    public let location: FrameSourceLocation
    private let capture: OpaquePointer?
    private let folderImages: [String]
    private var folderPosition = 0
    private let limits: ImageLimits
    /// The last frame's timestamp in the stream, in seconds on the camera's
    /// own clock (its differences are what count); nil when the source has none.
    public private(set) var streamTime: Double?

    /// Opens `location`; `timeout` bounds opening a stream and each of its
    /// reads; `transport` ("tcp" or "udp") is how an RTSP stream's packets
    /// travel. A stream's `credentials` join its URL only inside this call,
    /// never in a message.
    public init(
        _ location: FrameSourceLocation, timeout: Duration = .seconds(5), transport: String? = nil,
        credentials: CameraCredentials? = nil, limits: ImageLimits = .standard
    ) throws(FaceVisionError) {
        self.location = location
        self.limits = limits
        switch location {
        case .imageFolder(let path):
            folderImages = try Self.images(in: path)
            capture = nil
        case .device(let path):
            try Self.checkCamera(path)
            capture = try Self.open(FG_CAPTURE_DEVICE, path, index: 0, timeout: timeout, transport: nil, location)
            folderImages = []
        case .deviceIndex(let index):
            try Self.checkCamera("/dev/video\(index)")
            capture = try Self.open(FG_CAPTURE_DEVICE, nil, index: index, timeout: timeout, transport: nil, location)
            folderImages = []
        case .stream(let url):
            let target = credentials.flatMap { location.url(with: $0) } ?? url
            capture = try Self.open(FG_CAPTURE_STREAM, target, index: 0, timeout: timeout, transport: transport, location)
            folderImages = []
        case .videoFile(let path):
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw FaceVisionError(.sourceUnavailable, "\(location): no such readable file")
            }
            capture = try Self.open(FG_CAPTURE_FILE, path, index: 0, timeout: timeout, transport: nil, location)
            folderImages = []
        }
    }

    deinit {
        if let capture { fg_capture_free(capture) }
    }

    /// The next frame; `nil` at the end of a file or folder.
    public func nextFrame() throws(FaceVisionError) -> Image? {
        guard let capture else {
            guard folderPosition < folderImages.count else { return nil }
            defer { folderPosition += 1 }
            return try Image(contentsOf: folderImages[folderPosition], limits: limits)
        }
        var frame: OpaquePointer?
        var milliseconds = -1.0
        try nativeCall("\(location): read failed", as: .sourceLost) { fg_capture_read(capture, &frame, &milliseconds, $0) }
        streamTime = milliseconds >= 0 ? milliseconds / 1000 : nil
        guard let frame else {
            if location.isFinite { return nil }
            throw FaceVisionError(.sourceLost, "\(location) stopped delivering frames")
        }
        let image = Image(taking: frame)
        guard image.width * image.height <= limits.maxPixels else {
            throw FaceVisionError(.imageTooLarge, "\(location) delivers \(image.width)×\(image.height) frames, above the pixel limit")
        }
        return image
    }

    private static func open(
        _ kind: fg_capture_kind, _ target: String?, index: Int, timeout: Duration, transport: String?, _ location: FrameSourceLocation
    ) throws(FaceVisionError) -> OpaquePointer {
        let milliseconds = Int32(clamping: timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        var handle: OpaquePointer?
        let hint: String
        switch location {
        case .stream: hint = " within \(milliseconds) ms (unreachable, wrong URL, or not a video stream)"
        case .videoFile: hint = " (not a video, or a codec OpenCV lacks)"
        default: hint = " (in use by another program, no permission — is the user in group video? — or not a capture device)"
        }
        try nativeCall("\(location) could not be opened\(hint)", as: .sourceUnavailable) { error in
            fg_capture_open(kind, target, Int32(index), milliseconds, transport, &handle, error)
        }
        return handle!
    }

    /// A V4L2 camera has an entry under /sys/class/video4linux; anything else
    /// (a missing path, /dev/null, a disk) is refused before OpenCV sees it.
    private static func checkCamera(_ path: String) throws(FaceVisionError) {
        guard FileManager.default.fileExists(atPath: path) else {
            throw FaceVisionError(.sourceUnavailable, "camera \(path) does not exist (is it plugged in?)")
        }
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().lastPathComponent
        guard FileManager.default.fileExists(atPath: "/sys/class/video4linux/\(resolved)") else {
            throw FaceVisionError(.sourceUnavailable, "\(path) is not a V4L2 video device")
        }
    }

    private static let imageExtensions: Set<String> = ["jpg", "jpeg", "png", "bmp", "webp"]

    private static func images(in folder: String) throws(FaceVisionError) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw FaceVisionError(.sourceUnavailable, "image folder \(folder) cannot be read")
        }
        let images = names.filter { imageExtensions.contains(($0 as NSString).pathExtension.lowercased()) }.sorted()
        guard !images.isEmpty else {
            throw FaceVisionError(.sourceUnavailable, "image folder \(folder) holds no JPEG, PNG, BMP or WebP files")
        }
        return images.map { "\(folder)/\($0)" }
    }
}

@available(*, unavailable, message: "a FrameSource serves one reader at a time")
extension FrameSource: Sendable {}
