import Foundation

/// Where a `FrameSource` reads frames from, parsed from the one string an
/// installer writes in the config or on the command line.
public enum FrameSourceLocation: Sendable, Equatable, CustomStringConvertible {
    /// A V4L2 camera by device path, e.g. `/dev/video0`.
    case device(String)
    /// A V4L2 camera by index: `0` means `/dev/video0`.
    case deviceIndex(Int)
    /// A network camera: `rtsp://…`, or `http://…` serving MJPEG.
    case stream(String)
    /// A recorded video file.
    case videoFile(String)
    /// A folder of images read in name order (tests and the demo).
    case imageFolder(String)

    /// `0`…`99` → device index; a `scheme://` → stream; `/dev/…` → device;
    /// an existing folder → image folder; any other path → video file.
    public init(_ text: String) {
        if let index = Int(text), (0...99).contains(index) {
            self = .deviceIndex(index)
        } else if text.contains("://") {
            self = .stream(text)
        } else if text.hasPrefix("/dev/") {
            self = .device(text)
        } else {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: text, isDirectory: &isDirectory), isDirectory.boolValue {
                self = .imageFolder(text)
            } else {
                self = .videoFile(text)
            }
        }
    }

    /// Names the source for messages, with any `user:password@` in a URL hidden.
    public var description: String {
        switch self {
        case .device(let path): "camera \(path)"
        case .deviceIndex(let index): "camera /dev/video\(index)"
        case .stream(let url): "stream \(Self.redacted(url))"
        case .videoFile(let path): "video file \(path)"
        case .imageFolder(let path): "image folder \(path)"
        }
    }

    /// Whether running out of frames is normal (a file or folder ends) rather
    /// than a loss (a camera or stream stops).
    public var isFinite: Bool {
        switch self {
        case .videoFile, .imageFolder: true
        case .device, .deviceIndex, .stream: false
        }
    }

    /// Whether a stream's URL carries a `user:password@` in clear.
    public var carriesCredentials: Bool {
        guard case .stream(let url) = self else { return false }
        return Self.redacted(url) != url
    }

    /// The stream's URL with `credentials` as its user information (each part
    /// percent-encoded); nil for anything else, or a URL carrying its own.
    func url(with credentials: CameraCredentials) -> String? {
        guard case .stream(let url) = self, !carriesCredentials, let scheme = url.range(of: "://") else { return nil }
        return url[..<scheme.upperBound] + credentials.userInformation + "@" + url[scheme.upperBound...]
    }

    static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@"),
            !url[scheme.upperBound..<at].contains("/")
        else { return url }
        return url[..<scheme.upperBound] + "***@" + url[url.index(after: at)...]
    }
}
