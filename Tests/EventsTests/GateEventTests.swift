import Audit
import Events
import Foundation
import Testing

/// What an integrator is told, checked field by field: the method and
/// outcome of each kind of decision, and nothing personal in the JSON.
struct GateEventTests {
    @Test func anAlternativeOpeningNamesItsMethodAndNoPersonalData_R13() throws {
        let audited = AuditEvent(.alternative, gate: "north", pseudonym: "p-7f3a", reason: AuditEvent.openingReason(by: "card reader"))
        let event = GateEvent.decision("alternative", audited, faceEntry: true, time: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(event.method == "card")
        #expect(event.opened)
        #expect(event.mode == "face")
        #expect(event.pseudonym == nil, "no pseudonym unless the site turns it on")
        let object = try #require(try JSONSerialization.jsonObject(with: event.json) as? [String: Any])
        #expect(Set(object.keys) == ["type", "gate", "outcome", "method", "opened", "time", "mode"])
        #expect(object["time"] as? String == "2027-01-15T08:00:00.000Z")
        #expect(!String(decoding: event.json, as: UTF8.self).contains("p-7f3a"))
    }

    @Test func thePseudonymIsSentOnlyWhenTheSiteAsks() throws {
        let audited = AuditEvent(.match, gate: "north", pseudonym: "p-7f3a", scoreBand: "0.7–0.8", reason: "gate told to open")
        let event = GateEvent.decision("match", audited, faceEntry: true, includePseudonym: true)
        #expect(event.pseudonym == "p-7f3a")
        #expect(event.method == "face")
        let object = try #require(try JSONSerialization.jsonObject(with: event.json) as? [String: Any])
        #expect(Set(object.keys) == ["type", "gate", "outcome", "method", "opened", "time", "mode", "pseudonym"], "never a score")
        #expect(!String(decoding: event.json, as: UTF8.self).contains("0.7–0.8"), "not even its band")
    }

    @Test(arguments: [
        (AuditEvent(.alternativeRefused, gate: "g", reason: "wrong PIN"), "pin", false),
        (AuditEvent(.alternativeRefused, gate: "g", reason: "controller request with a wrong token"), "controller", false),
        (AuditEvent(.alternative, gate: "g", reason: AuditEvent.openingReason(by: "PIN")), "pin", true),
        (AuditEvent(.alternative, gate: "g", reason: AuditEvent.openingReason(by: "QR code")), "qr", true),
        (AuditEvent(.alternative, gate: "g", reason: AuditEvent.openingReason(by: "guard")), "guard", true),
        (AuditEvent(.unknown, gate: "g", reason: "not recognised"), "face", false),
        (AuditEvent(.spoofSuspected, gate: "g", pseudonym: "p", reason: "liveness"), "face", false),
    ])
    func eachDecisionNamesHowThePersonTriedToGetIn(audited: AuditEvent, method: String, opened: Bool) {
        let event = GateEvent.decision(audited.kind.rawValue, audited, faceEntry: false)
        #expect(event.method == method)
        #expect(event.opened == opened)
        #expect(event.mode == "alternatives-only")
    }

    @Test func aGateThatFailedToOpenForAnAlternativeNamesTheAlternative() {
        let audited = AuditEvent(.actuatorError, gate: "g", reason: "PIN: the gate controller answered HTTP 500")
        #expect(GateEvent.decision("actuator-error", audited, method: "PIN", faceEntry: true).method == "pin")
        #expect(!GateEvent.decision("actuator-error", audited, method: "PIN", faceEntry: true).opened)
        #expect(GateEvent.decision("actuator-error", AuditEvent(.actuatorError, gate: "g", reason: "timeout"), faceEntry: true).method == "face")
    }
}
