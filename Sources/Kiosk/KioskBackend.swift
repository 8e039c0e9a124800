/// What the kiosk's endpoints ask of the daemon. `GateService` answers; the
/// kiosk knows nothing else of it.
public protocol KioskBackend: Sendable {
    var events: KioskEvents { get }
    /// Checks a PIN from the kiosk pad or a keypad controller and opens the
    /// gate on success; `client` is who sent it, for the pad's brake.
    func enterPIN(_ pin: String, from client: KioskClient) async -> AlternativeOutcome
    /// An alternative a trusted controller already verified (card, QR, guard), authenticated by `token`.
    func controllerAlternative(method: String, reference: String?, token: String?, from client: KioskClient) async -> AlternativeOutcome
    /// Prometheus text: decisions by outcome, stage latencies, camera, mode. No personal data.
    func metrics() -> String
    /// The consent notice in a language, exactly as `facegate enroll` shows it.
    func notice(language: String) -> String?
}

/// What became of an alternative way in.
public enum AlternativeOutcome: String, Sendable, Codable {
    case opened
    case wrong
    case locked
    case unauthorised
    case unavailable
    case gateError = "gate-error"
    /// Not a PIN at all (not 6–8 digits): answered, never counted.
    case malformed
}
