import Foundation

/// Who may post to the kiosk's endpoints that open the gate (`/api/pin`,
/// `/api/alternative`). A page from another site in the kiosk's own browser,
/// or on any phone on the estate's network, can make a browser send a
/// request there; so can a name that is made to resolve to the kiosk (DNS
/// rebinding). A request is let through only when
///
/// - its body is declared `application/json` (a cross-site form or no-cors
///   fetch can only send `text/plain`, form or multipart bodies);
/// - its `Host` is an IP address, `localhost`, or a host of
///   `kiosk.allowed_origins` (a name the attacker controls is how a
///   rebinding attack gets in; an address is not);
/// - its `Origin`, when the browser sends one, is the page the request was
///   sent to (`http://` and the `Host`) or one of `kiosk.allowed_origins`
///   (keypad controllers on the LAN send none, or their own);
/// - a browser's `Sec-Fetch-Site` does not say `cross-site`.
public struct KioskAccess: Sendable, Equatable {
    /// Further origins allowed to post, as `scheme://host[:port]`, lower case.
    public let allowedOrigins: [String]

    public init(allowedOrigins: [String] = []) {
        self.allowedOrigins = allowedOrigins.map { $0.lowercased() }
    }

    /// Why a request to an endpoint that opens the gate is refused, or nil when it may pass.
    public func refusal(contentType: String?, host: String?, origin: String?, fetchSite: String?) -> Refusal? {
        let mediaType = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard mediaType == "application/json" else { return .notJSON }
        guard let host = host?.lowercased(), allows(host: host) else { return .foreignHost }
        if fetchSite?.lowercased() == "cross-site" { return .foreignOrigin }
        if let origin = origin?.lowercased(), origin != "http://\(host)", !allowedOrigins.contains(origin) { return .foreignOrigin }
        return nil
    }

    /// What was wrong with a refused request; its text is the answer's body.
    public enum Refusal: String, Sendable, Error {
        case notJSON = "requests that open the gate must be application/json"
        case foreignHost = "the Host header does not name this kiosk"
        case foreignOrigin = "requests from other sites may not open the gate"
    }

    func allows(host: String) -> Bool {
        let name = Self.hostName(host)
        return name == "localhost" || Self.isAddress(name) || allowedOrigins.contains { Self.hostName(Self.authority(of: $0)) == name }
    }

    /// An IPv4 address in dotted decimal, or an IPv6 address.
    static func isAddress(_ name: String) -> Bool {
        if name.contains(":") { return name.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." } }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4
            && parts.allSatisfy { part in
                (1...3).contains(part.count) && part.allSatisfy(\.isASCII) && part.allSatisfy(\.isNumber) && Int(part).map { $0 <= 255 } == true
            }
    }

    /// `host[:port]` of an origin (`scheme://host[:port]`).
    static func authority(of origin: String) -> String {
        guard let range = origin.range(of: "://") else { return origin }
        return String(origin[range.upperBound...].prefix { $0 != "/" })
    }

    /// The host of `host[:port]` or `[v6]:port`, without brackets or port.
    static func hostName(_ authority: String) -> String {
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            return String(authority[authority.index(after: authority.startIndex)..<close])
        }
        if authority.filter({ $0 == ":" }).count == 1, let colon = authority.firstIndex(of: ":") {
            return String(authority[..<colon])
        }
        return authority
    }
}
