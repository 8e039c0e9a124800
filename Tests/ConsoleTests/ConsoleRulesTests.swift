import Console
import Foundation
import Gallery
import Testing

/// The console's rules as pure logic: which role opens what, which posts
/// count as the console's own, and when a session ends.
@Suite struct ConsoleRulesTests {
    @Test func theDeskLooksAfterResidentsTheAuditorReadsTheAuditTheAdminDoesBoth() {
        let allowed = OperatorAccount.Role.allCases.map { role in
            "\(role.rawValue): " + ConsoleAction.allCases.filter { $0.isAllowed(for: role) }.map(\.rawValue).joined(separator: " ")
        }
        #expect(
            allowed == [
                "desk: residents enroll withdraw pins", "auditor: audit export oversight",
                "admin: residents enroll withdraw pins audit export oversight",
            ])
    }

    @Test func aPostFromAnotherSiteOrWithoutTheSessionsTokenIsRefused() {
        let host = "127.0.0.1:8090"
        func refusal(origin: String? = "http://127.0.0.1:8090", fetchSite: String? = "same-origin", csrf: String? = "t0ken") -> String? {
            ConsoleRequestCheck.refusal(host: host, origin: origin, fetchSite: fetchSite, csrf: csrf, expected: "t0ken")
        }
        #expect(refusal() == nil, "the console's own form")
        #expect(refusal(origin: nil, fetchSite: nil) == nil, "a client that sends neither header, with the token")
        #expect(refusal(fetchSite: "cross-site") == "a form from another site (cross-site) cannot post here")
        #expect(refusal(fetchSite: "same-site") == "a form from another site (same-site) cannot post here", "another port of the same host")
        #expect(refusal(origin: "http://evil.example", fetchSite: nil) == "a form from http://evil.example cannot post here")
        #expect(refusal(origin: "null", fetchSite: nil) == "a form from null cannot post here")
        #expect(refusal(origin: "null", fetchSite: "same-origin") == nil, "Chromium's own-page post under no-referrer")
        #expect(refusal(origin: "null", fetchSite: "cross-site") != nil)
        #expect(refusal(csrf: nil) == "the form's token is missing or stale; reload the page")
        #expect(refusal(csrf: "t0kem") == "the form's token is missing or stale; reload the page")
    }

    @Test func aSessionEndsWhenIdleAtItsLongestAndWithItsOperator() {
        let sessions = ConsoleSessions(idleSeconds: 60, longestSeconds: 300)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let desk = OperatorAccount(name: "wang", role: .desk, created: start, lockedUntil: nil)
        let (token, opened) = sessions.open(for: desk, at: start)
        #expect(token.count == 43 && opened.csrf.count == 43 && token != opened.csrf)
        #expect(sessions.session(token, at: start.addingTimeInterval(59))?.name == "wang")
        #expect(sessions.session(token, at: start.addingTimeInterval(118))?.role == .desk, "each request renews the idle time")
        #expect(sessions.session(token, at: start.addingTimeInterval(179)) == nil, "61 s idle")
        let (second, _) = sessions.open(for: desk, at: start)
        for minute in 1...4 { _ = sessions.session(second, at: start.addingTimeInterval(Double(minute) * 59)) }
        #expect(sessions.session(second, at: start.addingTimeInterval(301)) == nil, "never past the longest")
        let (third, _) = sessions.open(for: desk, at: start)
        sessions.close(operator: "wang")
        #expect(sessions.session(third, at: start) == nil && sessions.session("made-up", at: start) == nil)
    }
}
