import Config
import FaceVision
import Foundation

/// The checks of what could let someone else in: the controller token that
/// opens the gate for card readers, and a camera stream anyone on its
/// network could replace with a photo.
extension SiteChecker {
    /// Shortest controller token accepted without a warning.
    static let minimumTokenLength = 20

    /// `alternatives.controller_token_file`: readable by its owner only, and
    /// long enough that it cannot be guessed.
    public func controllerToken() -> SiteCheck {
        guard let path = config.gate.controllerTokenFile else {
            return .ok("controller token", "no controller endpoint (alternatives.controller_token_file is not set)")
        }
        guard let data = FileManager.default.contents(atPath: path), let mode = Self.mode(path) else {
            return .fail(
                "controller token", "\(path) cannot be read",
                fix: "create it with a random token: head -c 32 /dev/urandom | base64 > \(path); chmod 600 \(path)")
        }
        if mode & 0o077 != 0 {
            return .fail(
                "controller token", "\(path) has mode \(String(mode, radix: 8)): other users can read the token that opens the gate",
                fix: "chmod 600 \(path) (owned by the daemon's user)")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard token.count >= Self.minimumTokenLength, Set(token).count >= 8 else {
            return .fail(
                "controller token", "the token in \(path) is \(token.count) characters of \(Set(token).count) kinds: it can be guessed",
                fix: "use a random token of at least \(Self.minimumTokenLength) characters: head -c 32 /dev/urandom | base64 > \(path)")
        }
        return .ok("controller token", "\(path): mode \(String(mode, radix: 8)), \(token.count) characters")
    }

    /// A network camera without authentication on an open network is a door:
    /// one photo of a resident injected as its stream opens the gate.
    public func cameraTransport() -> SiteCheck {
        guard case .stream(let url) = FrameSourceLocation(config.gate.camera.source) else {
            return .ok("camera transport", "a local camera (\(FrameSourceLocation(config.gate.camera.source)))")
        }
        let components = URLComponents(string: url)
        let host = components?.host?.lowercased() ?? ""
        let loopback = host == "localhost" || host == "::1" || host.hasPrefix("127.")
        if components?.scheme?.lowercased() == "http", !loopback {
            return .warn(
                "camera transport",
                "\(FrameSourceLocation(url)) is plain HTTP on the network: anyone who can reach it can replace the picture, e.g. with a resident's photo",
                fix: "put the camera on a closed network with an authenticated stream (RTSP with credentials), or on a cable to this box")
        }
        return .ok("camera transport", "\(FrameSourceLocation(url))")
    }
}
