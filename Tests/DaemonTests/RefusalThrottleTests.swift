import Audit
import Foundation
import Testing

@testable import Daemon

/// The audit's brake on floods of refusals (pure): a bounded number of rows
/// per kind and window, the rest counted in one summary; openings never wait.
@Suite struct RefusalThrottleTests {
    let start = ContinuousClock.now
    let time = Date(timeIntervalSince1970: 2_000_000_000)

    func refusal(_ kind: AuditEvent.Kind = .alternativeRefused) -> AuditEvent { AuditEvent(kind, gate: "g", reason: "wrong PIN") }

    @Test func aFloodOfRefusalsIsWrittenAsAFewRowsAndOneSummary_R13() {
        var throttle = RefusalThrottle(perWindow: 10, window: .seconds(10))
        var written: [AuditEvent] = []
        for index in 0..<1_000 {
            written += throttle.admit(refusal(), at: start + .milliseconds(index), time: time.addingTimeInterval(Double(index) / 1000))
        }
        #expect(written.count == 10)
        let summary = throttle.due(at: start + .seconds(10), gate: "g")
        #expect(summary.count == 1)
        #expect(summary.first?.kind == .refusalsSummarised)
        #expect(summary.first?.reason.hasPrefix("990 more alternative-refused entries from ") == true, "\(summary)")
        #expect(throttle.due(at: start + .seconds(20), gate: "g").isEmpty, "a summary is written once")
    }

    /// An opening in the middle of a flood is written at once, after the
    /// summaries that are due, so the chain keeps time order.
    @Test func openingsAreNeverHeldBack_R13_R1() {
        var throttle = RefusalThrottle(perWindow: 2, window: .seconds(10))
        for index in 0..<50 { _ = throttle.admit(refusal(.unknown), at: start, time: time.addingTimeInterval(Double(index))) }
        let opening = AuditEvent(.alternative, gate: "g", reason: AuditEvent.openingReason(by: "PIN"))
        #expect(throttle.admit(opening, at: start + .seconds(1), time: time) == [opening])
        let later = throttle.admit(opening, at: start + .seconds(11), time: time)
        #expect(later.map(\.kind) == [.refusalsSummarised, .alternative])
    }

    @Test func eachKindHasItsOwnBudget() {
        var throttle = RefusalThrottle(perWindow: 3, window: .seconds(10))
        var written: [AuditEvent] = []
        for kind in [AuditEvent.Kind.unknown, .alternativeRefused, .multiFace] {
            for _ in 0..<5 { written += throttle.admit(refusal(kind), at: start, time: time) }
        }
        #expect(written.count == 9)
        #expect(throttle.due(at: start + .seconds(10), gate: "g").count == 3)
    }
}
