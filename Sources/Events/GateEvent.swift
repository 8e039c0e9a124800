public import Audit
public import Foundation

/// What an estate's platform is told about one gate: a decision or a change
/// of mode, with no personal data. Gate, outcome, method, time and mode; a
/// pseudonym only where the site turned that on (`events.include_pseudonym`);
/// never a name, a unit, a score or an image — the type has no field for them.
public struct GateEvent: Sendable, Equatable, Codable {
    /// `decision` or `mode`.
    public var type: String
    public var gate: String
    /// The decision (`match`, `unknown`, `alternative`, `spoof-suspected`…) or, for a mode event, `mode-change`.
    public var outcome: String
    /// How the person tried to get in: `face`, `pin`, `card`, `qr`, `guard`, `controller`; nil for a mode event.
    public var method: String?
    /// Whether the gate was told to open and did.
    public var opened: Bool
    /// ISO 8601 with milliseconds, UTC, as the audit writes times (`Timestamp`).
    public var time: String
    /// `face` (face entry and alternatives) or `alternatives-only`.
    public var mode: String
    public var pseudonym: String?

    public init(
        type: String, gate: String, outcome: String, method: String?, opened: Bool, time: Date, mode: String, pseudonym: String? = nil
    ) {
        self.type = type
        self.gate = gate
        self.outcome = outcome
        self.method = method
        self.opened = opened
        self.time = Timestamp.format(time)
        self.mode = mode
        self.pseudonym = pseudonym
    }

    /// The event for a decision the daemon audited as `event`; `faceEntry`:
    /// the mode in force; `method`: the alternative's label ("PIN", "card
    /// reader") where the audit entry does not name it (a gate that failed to open).
    public static func decision(
        _ outcome: String, _ event: AuditEvent, method label: String? = nil, faceEntry: Bool, time: Date = Date(),
        includePseudonym: Bool = false
    ) -> GateEvent {
        GateEvent(
            type: "decision", gate: event.gate, outcome: outcome, method: label.map(methodName) ?? method(of: event),
            opened: event.kind == .match || event.kind == .alternative, time: time, mode: modeName(faceEntry: faceEntry),
            pseudonym: includePseudonym ? event.pseudonym : nil)
    }

    /// The event for a change of mode.
    public static func mode(gate: String, faceEntry: Bool, time: Date = Date()) -> GateEvent {
        GateEvent(type: "mode", gate: gate, outcome: "mode-change", method: nil, opened: false, time: time, mode: modeName(faceEntry: faceEntry))
    }

    public static func modeName(faceEntry: Bool) -> String { faceEntry ? "face" : "alternatives-only" }

    /// The method of an audited decision: the face's own kinds, the
    /// alternative an opening names, and for a refused alternative the pad or
    /// controller its reason names.
    static func method(of event: AuditEvent) -> String? {
        switch event.kind {
        case .alternative:
            return AuditEvent.openingMethod(of: event.reason).map(methodName) ?? "controller"
        case .alternativeRefused:
            return event.reason.localizedCaseInsensitiveContains("PIN") ? "pin" : "controller"
        default:
            return "face"
        }
    }

    /// "card reader" → "card", "PIN" → "pin": the alternative's stable name.
    static func methodName(_ label: String) -> String {
        let lowered = label.lowercased()
        for (word, name) in [("pin", "pin"), ("card", "card"), ("qr", "qr"), ("guard", "guard")] where lowered.contains(word) {
            return name
        }
        return "controller"
    }

    /// The JSON body sent to the broker and the webhook (keys sorted, no nulls).
    public var json: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data()
    }
}
