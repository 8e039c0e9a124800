import Foundation
import Locking
import Policy
import TestSupport
import Testing

@testable import Kiosk

/// The welcome's greeting (a unit or a first name) goes to the kiosk's own
/// screen only: any other client of /events or /api/state would learn who
/// goes in, and when (R12).
@Suite(.testExecutor) struct KioskGreetingTests {
    static func curl(_ url: String, from address: String, stream: Bool = false) throws -> String {
        try Subprocess.run("/usr/bin/curl", ["-s", "--interface", address] + (stream ? ["--max-time", "10"] : []) + [url]).stdout
    }

    @Test func onlyTheKiosksOwnScreenIsSentTheGreeting_R12() async throws {
        let screen = KioskScreen()
        try await screen.start()
        defer { screen.stop() }
        // A welcome falls back to the base state after a while: on a busy
        // machine a curl may come too late, so each side asks until it sees one.
        func welcome(from address: String) throws -> String {
            var answer = ""
            for _ in 0..<20 where !answer.contains("\"state\":\"welcome\"") {
                screen.events.show(.welcome, greeting: "3-301")
                answer = try Self.curl("\(screen.base)/api/state", from: address)
            }
            return answer
        }
        let own = try welcome(from: "127.0.0.1")
        let other = try welcome(from: "127.0.0.2")
        #expect(own.contains("3-301"), "\(own)")
        #expect(other.contains("\"state\":\"welcome\"") && !other.contains("3-301"), "\(other)")
        // The stream from another address, while welcomes keep coming until
        // it ends (on a busy machine curl may connect late).
        let ended = Locked(false)
        let stream = Task.detached { [base = screen.base] in
            defer { ended.withLock { $0 = true } }
            return try Self.curl("\(base)/events", from: "127.0.0.2", stream: true)
        }
        while !ended.withLock({ $0 }) {
            screen.events.show(.welcome, greeting: "3-301")
            try await Task.sleep(for: .milliseconds(200))
        }
        let events = try await stream.value
        #expect(events.contains("welcome") && !events.contains("3-301"), "\(events)")
    }
}
