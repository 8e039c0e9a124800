import Audit
import Config
import Crypto
import Events
import FaceVision
import Foundation
import Gallery
import GalleryIndex
import Gate
public import Kiosk
import Locking
import Logging
import Matcher
import Policy
import Prometheus

extension GateService {
    /// A PIN from the kiosk pad or a keypad controller (the built-in
    /// alternative, R1): it works in every mode, opens the gate exactly as a
    /// face does, and wrong PINs lock the pad for their client (`PINLockout`).
    /// The attempt is counted before the slow check, on the monotonic clock.
    /// Every counted attempt is audited by PIN id, never by the digits;
    /// something that is not a PIN is answered and neither counted nor audited.
    public func enterPIN(_ pin: String, from client: KioskClient) async -> AlternativeOutcome {
        guard Gallery.isWellFormedPIN(pin) else { return .malformed }
        guard let index = galleryIndex.withLock({ $0 }) else { return .unavailable }
        guard pinPad.withLock({ $0.admit(client, at: .now) }) else {
            decided("alternative-refused", AuditEvent(.alternativeRefused, gate: gateID, reason: "PIN pad locked after repeated wrong PINs"))
            return .locked
        }
        let match: String?
        do {
            match = try index.gallery.matchPIN(pin)
        } catch {
            pinPad.withLock { $0.release(client) }
            log.error("PIN check failed", metadata: ["error": "\(error)"])
            return .unavailable
        }
        let locked = pinPad.withLock { $0.settle(client, correct: match != nil, at: .now) }
        guard let identifier = match else {
            let lockout = pinPad.withLock { $0.remaining(client, at: .now) }
            decided(
                "alternative-refused",
                AuditEvent(
                    .alternativeRefused, gate: gateID,
                    reason: locked ? "wrong PIN; pad locked for \(lockout?.components.seconds ?? 0) s" : "wrong PIN"))
            events.show(.notRecognised)
            return locked ? .locked : .wrong
        }
        return await openForAlternative(pseudonym: identifier, reason: "PIN")
    }

    /// An alternative that a trusted controller already checked (card
    /// reader, QR scanner, guard's button), authenticated by the token in
    /// `alternatives.controller_token_file`. Wrong tokens are braked like
    /// wrong PINs, per client (`PINLockout`). The reference (a card number)
    /// is not stored.
    public func controllerAlternative(method: String, reference: String?, token: String?, from client: KioskClient) async -> AlternativeOutcome {
        let config = settings.withLock { $0 }
        guard let file = config.gate.controllerTokenFile, let expected = FileManager.default.contents(atPath: file),
            let token, !token.isEmpty
        else { return .unauthorised }
        guard tokenPad.withLock({ $0.admit(client, at: .now) }) else {
            decided(
                "alternative-refused", AuditEvent(.alternativeRefused, gate: gateID, reason: "controller endpoint locked after repeated wrong tokens")
            )
            return .locked
        }
        let secret = String(decoding: expected, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let given = SHA256.hash(data: Data(token.utf8)), wanted = SHA256.hash(data: Data(secret.utf8))
        let correct = given == wanted
        _ = tokenPad.withLock { $0.settle(client, correct: correct, at: .now) }
        guard correct else {
            decided("alternative-refused", AuditEvent(.alternativeRefused, gate: gateID, reason: "controller request with a wrong token"))
            return .unauthorised
        }
        guard let alternative = AlternativeMethod(rawValue: method), config.alternatives.contains(alternative) else {
            return .unauthorised
        }
        return await openForAlternative(pseudonym: nil, reason: alternative.label(.en))
    }

    private func openForAlternative(pseudonym: String?, reason: String) async -> AlternativeOutcome {
        let opening = AuditEvent(.alternative, gate: gateID, pseudonym: pseudonym, reason: AuditEvent.openingReason(by: reason))
        audit(opening)
        switch await gate.open() {
        case .success:
            events.show(.welcome)
            reported("alternative", opening)
            return .opened
        case .failure(let error):
            events.show(.gateError)
            decided(
                "actuator-error", AuditEvent(.actuatorError, gate: gateID, pseudonym: pseudonym, reason: "\(reason): \(error)"), method: reason)
            return .gateError
        }
    }

    public func metrics() -> String {
        telemetry.events(publisher.sinks.map { ($0.kind, $0.pending, $0.dropped) })
        return telemetry.text()
    }

    public func notice(language: String) -> String? {
        guard let language = Language(rawValue: language) else { return nil }
        return try? ConsentNotice.load(language, config: settings.withLock { $0 }).text
    }
}
