import Foundation

/// A network camera's user name and password, kept out of the config and the
/// logs: read from a file only root and the daemon can read (or a systemd
/// credential), joined to the stream's URL only when it is opened, and shown
/// nowhere (its description is a placeholder).
public struct CameraCredentials: Sendable, CustomStringConvertible {
    let user: String
    let password: String

    /// Reads `user:password` from the first line of the file at `path`.
    public init(contentsOf path: String) throws(FaceVisionError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FaceVisionError(.sourceUnavailable, "camera credentials \(path) cannot be read (missing, or not readable by this user)")
        }
        let line = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        guard let colon = line.firstIndex(of: ":"), line.startIndex != colon else {
            throw FaceVisionError(.sourceUnavailable, "camera credentials \(path) must hold user:password on its first line")
        }
        user = String(line[..<colon])
        password = String(line[line.index(after: colon)...])
    }

    public var description: String { "camera credentials (hidden)" }

    /// `user:password` percent-encoded for a URL's user information.
    var userInformation: String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let encode = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text }
        return encode(user) + ":" + encode(password)
    }
}
