/// The client a request came from, as the PIN pad's brake and the
/// connection census count it: the kiosk's own screen and a keypad wired to
/// the box talk from 127.0.0.1 or ::1, everything else is the network.
public struct KioskClient: Hashable, Sendable {
    /// The client's IP address (without port), or "unknown".
    public let address: String
    public let isLocal: Bool

    public init(address: String, isLocal: Bool) {
        self.address = address
        self.isLocal = isLocal
    }

    /// A client at `address` (an IPv4 or IPv6 address without port).
    public init(address: String?) {
        let address = address ?? "unknown"
        let mapped = address.lowercased().hasPrefix("::ffff:") ? String(address.dropFirst(7)) : address
        self.init(address: address, isLocal: mapped == "127.0.0.1" || mapped == "::1")
    }
}
