import Audit
import Foundation
import Hummingbird
import Locking
import Matcher
import TestSupport
import Testing

/// The attacks on the PIN pad and the kiosk's endpoints that opened the gate
/// or locked residents out, replayed against the real daemon over real HTTP
/// (and, for cross-site requests, from a real Chromium page of another origin).
@Suite(.serialized, .testExecutor) struct GatePINPadAttackTests {
    static let pin = "604173"

    func startSite(attempts: Int = 5, lockout: Double = 60) throws -> (GateSite, RunningGate) {
        let camera = try MJPEGServer(scene: ["blank*10"])
        let site = try GateSite(camera: camera.url) {
            $0.replacingOccurrences(of: "pin_attempts = 5", with: "pin_attempts = \(attempts)")
                .replacingOccurrences(of: "pin_lockout_seconds = 60.0", with: "pin_lockout_seconds = \(lockout)")
        }
        try site.recordAssessment()
        try site.issuePIN(unit: "6-601", pin: Self.pin)
        return (site, try site.start())
    }

    func result(_ answer: (status: Int, body: String)) -> String {
        answer.body.split(separator: "\"").dropFirst(3).first.map(String.init) ?? "HTTP \(answer.status)"
    }

    /// The bypass: one real guess at a time, each followed by malformed
    /// fillers, used to reset the count. Now the fillers are not counted and
    /// the fifth wrong guess locks the pad, for the right PIN too.
    @Test func guessesBetweenMalformedFillersStillLockThePad_R1() async throws {
        try await withBlockingSlot {
            let (site, gate) = try startSite()
            defer { gate.stop() }
            var guesses: [String] = []
            for guess in 0..<12 {
                guesses.append(result(gate.post("/api/pin", json: #"{"pin":"\#(String(format: "%06d", guess))"}"#)))
                for filler in [#"{"pin":"1"}"#, #"{"pin":"abcdef"}"#, #"{"pin":"١٢٣٤٥٦"}"#, #"{"pin":"#] {
                    let answer = gate.post("/api/pin", json: filler)
                    #expect(answer.status == 400, "\(filler): \(answer)")
                }
            }
            #expect(guesses == Array(repeating: "wrong", count: 4) + Array(repeating: "locked", count: 8), "the fifth wrong guess locks")
            #expect(result(gate.post("/api/pin", json: #"{"pin":"\#(Self.pin)"}"#)) == "locked", "the right PIN waits out the lock")
            #expect(site.openings == 0)
            #expect(gate.stop() == 0, "at shutdown the held refusals are summarised")
            #expect(try site.audit().refusals(.alternativeRefused) == 13, "each counted attempt is audited, the fillers are not")
        }
    }

    /// 30 wrong PINs at once: 5 are checked, the other 25 meet the lock.
    @Test func parallelWrongPINsGetNoMoreChecksThanTheLimit_R1() async throws {
        try await withBlockingSlot {
            let (site, gate) = try startSite()
            defer { gate.stop() }
            let answers = Locked<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 30) { index in
                let answer = result(gate.post("/api/pin", json: #"{"pin":"\#(String(format: "%06d", 100_000 + index))"}"#))
                answers.withLock { $0.append(answer) }
            }
            let counted = answers.withLock { $0 }
            #expect(counted.filter { $0 == "wrong" }.count + counted.filter { $0 == "locked" }.count == 30, "\(counted)")
            #expect(
                counted.filter { $0 == "wrong" }.count == 4 && counted.filter { $0 == "locked" }.count == 26,
                "4 wrong, then the 5th locked the pad; every later one met the lock: \(counted)")
            #expect(site.openings == 0)
        }
    }

    /// Requests that are not PINs, however many, leave the pad open for the resident.
    @Test func malformedRequestsDoNotLockThePadForAnyone_R1() async throws {
        try await withBlockingSlot {
            let (site, gate) = try startSite(attempts: 2)
            defer { gate.stop() }
            for body in [#"{"pin":"1"}"#, #"{"pin":"12345678901"}"#, #"{"pin":"12 456"}"#, #"{"pin":123456}"#, "[]", #"{"pin":"#] {
                for _ in 0..<3 { #expect(gate.post("/api/pin", json: body).status == 400) }
            }
            #expect(result(gate.post("/api/pin", json: #"{"pin":"\#(Self.pin)"}"#)) == "opened")
            #expect(site.openings == 1)
        }
    }

    /// One client spending its attempts does not lock out another: the
    /// count is per address (here two loopback addresses, via curl).
    @Test func oneClientCannotLockOutAnother_R1() async throws {
        try await withBlockingSlot {
            let (site, gate) = try startSite(attempts: 3)
            defer { gate.stop() }
            func post(_ pin: String, from address: String) throws -> String {
                try Subprocess.run(
                    "/usr/bin/curl",
                    [
                        "-s", "--interface", address, "-H", "Content-Type: application/json", "--data", #"{"pin":"\#(pin)"}"#,
                        "\(gate.kiosk)/api/pin",
                    ]
                ).stdout
            }
            var attacker: [String] = []
            for guess in 0..<5 { attacker.append(try post(String(format: "%06d", guess), from: "127.0.0.2")) }
            #expect(attacker.map { $0.contains("locked") } == [false, false, true, true, true], "\(attacker)")
            #expect(try post(Self.pin, from: "127.0.0.1").contains("opened"), "the resident at the pad is not locked out")
            #expect(site.openings == 1)
        }
    }

    /// The curl form of the cross-site attack: a text/plain body with a
    /// foreign Origin, and JSON with a foreign Origin or Host.
    @Test func requestsFromOtherSitesDoNotOpenTheGate_R1() async throws {
        try await withBlockingSlot {
            let (site, gate) = try startSite()
            defer { gate.stop() }
            let body = #"{"pin":"\#(Self.pin)"}"#
            func status(_ path: String, _ headers: [String], body: String) throws -> String {
                try Subprocess.run(
                    "/usr/bin/curl",
                    ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--data", body]
                        + headers.flatMap { ["-H", $0] } + ["\(gate.kiosk)\(path)"]
                ).stdout
            }
            let attempts: [([String], String)] = [
                (["Content-Type: text/plain", "Origin: http://evil.example"], "415"),
                (["Content-Type: application/x-www-form-urlencoded"], "415"),
                (["Content-Type: application/json", "Origin: http://evil.example"], "403"),
                (["Content-Type: application/json", "Origin: null"], "403"),
                (["Content-Type: application/json", "Sec-Fetch-Site: cross-site"], "403"),
                (["Content-Type: application/json", "Host: evil.example:\(site.kioskPort)"], "403"),
            ]
            for (headers, expected) in attempts {
                #expect(try status("/api/pin", headers, body: body) == expected, "\(headers)")
                #expect(
                    try status("/api/alternative", headers + ["Authorization: Bearer x"], body: #"{"method":"card"}"#) == expected,
                    "/api/alternative \(headers)")
            }
            #expect(site.openings == 0)
            #expect(try site.audit(.alternativeRefused).isEmpty, "refused requests never reached the pad")
            #expect(result(gate.post("/api/pin", json: body, headers: ["Origin": gate.kiosk])) == "opened", "the kiosk page's own request")
        }
    }

    /// The attack as it was found: a page of another origin in Chromium posts
    /// the PIN with a no-cors fetch, a text/plain fetch and a form.
    @Test func aPageOfAnotherOriginInChromiumCannotOpenTheGate_R1() async throws {
        let (site, gate) = try startSite()
        defer { gate.stop() }
        let router = Router()
        router.get("/") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/html"], body: .init(byteBuffer: .init(string: "<!doctype html><title>evil</title>")))
        }
        let evil = try await LocalServer(router)
        defer { evil.stop() }
        let browser = try KioskBrowser()
        defer { browser.close() }
        try await browser.open(evil.url.replacingOccurrences(of: "127.0.0.1", with: "localhost") + "/", width: 400, height: 300)
        let target = "\(gate.kiosk)/api/pin", body = #"{"pin":"\#(Self.pin)"}"#
        _ = try await browser.evaluate(
            """
            Promise.allSettled([
              fetch('\(target)', { method: 'POST', mode: 'no-cors', body: '\(body)' }),
              fetch('\(target)', { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: '\(body)' }),
              fetch('\(target)', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '\(body)' }),
            ]).then(() => {
              const frame = document.createElement('iframe'); frame.name = 'sink'; document.body.appendChild(frame);
              const form = document.createElement('form'); form.method = 'POST'; form.action = '\(target)';
              form.enctype = 'text/plain'; form.target = 'sink';
              const field = document.createElement('input'); field.name = '{"pin":"\(Self.pin)","x":"'; field.value = '"}';
              form.appendChild(field); document.body.appendChild(form); form.submit();
              return Promise.race([new Promise(done => frame.onload = () => done(true)), new Promise(done => setTimeout(done, 10000))]);
            })
            """)
        let requests = try await browser.requests().filter { $0.hasSuffix("/api/pin") }
        #expect(requests.count >= 3, "the attacks were sent: \(requests)")
        #expect(site.openings == 0, "no cross-site request opened the gate")
        #expect(result(gate.post("/api/pin", json: body)) == "opened", "the PIN itself works")
    }

    /// 300 wrong controller tokens were answered without any brake: now the
    /// controller endpoint locks for a client after 5, like the PIN pad,
    /// and a card reader at another address is not locked out by it.
    @Test func wrongControllerTokensAreBrakedPerClient_R1() async throws {
        try await withBlockingSlot {
            let camera = try MJPEGServer(scene: ["blank*10"])
            let token = "\(try Fixtures.temporaryDirectory("token"))/controller.token"
            try "reader-7Qv2Lp9XzA4mN8wK\n".write(toFile: token, atomically: true, encoding: .utf8)
            let site = try GateSite(camera: camera.url) {
                $0.replacingOccurrences(
                    of: "# controller_token_file = \"/etc/facegate/controller.token\"", with: "controller_token_file = \"\(token)\"")
            }
            try site.recordAssessment()
            let gate = try site.start()
            defer { gate.stop() }
            let answers = (0..<8).map { guess in
                result(gate.post("/api/alternative", json: #"{"method":"card"}"#, headers: ["Authorization": "Bearer guess-\(guess)"]))
            }
            #expect(answers == Array(repeating: "unauthorised", count: 5) + Array(repeating: "locked", count: 3), "\(answers)")
            let right = ["Authorization": "Bearer reader-7Qv2Lp9XzA4mN8wK"]
            #expect(
                result(gate.post("/api/alternative", json: #"{"method":"card"}"#, headers: right)) == "locked",
                "the guessing client waits out the lock")
            let reader = try Subprocess.run(
                "/usr/bin/curl",
                [
                    "-s", "--interface", "127.0.0.3", "-H", "Content-Type: application/json", "-H", "Authorization: Bearer reader-7Qv2Lp9XzA4mN8wK",
                    "--data", #"{"method":"card"}"#, "\(gate.kiosk)/api/alternative",
                ])
            #expect(reader.stdout.contains("opened"), "the card reader at another address: \(reader.stdout)")
            #expect(site.openings == 1)
        }
    }
}
