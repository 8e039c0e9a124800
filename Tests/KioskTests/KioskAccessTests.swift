import Kiosk
import Testing

/// Who may post to the endpoints that open the gate (`KioskAccess`): the
/// cross-site attacks that opened the gate from another page in Chromium,
/// and their curl equivalents, are refused (R1, R12).
@Suite struct KioskAccessTests {
    let access = KioskAccess(allowedOrigins: ["http://keypad.lan:8080"])

    func refusal(_ type: String? = "application/json", host: String? = "127.0.0.1:8080", origin: String? = nil, site: String? = nil) -> KioskAccess
        .Refusal?
    {
        access.refusal(contentType: type, host: host, origin: origin, fetchSite: site)
    }

    @Test func theKioskPageAndAKeypadWithoutOriginMayPost() {
        #expect(refusal(origin: "http://127.0.0.1:8080", site: "same-origin") == nil)
        #expect(refusal(host: "localhost:8080", origin: "http://localhost:8080") == nil)
        #expect(refusal("application/json; charset=utf-8", host: "192.168.1.10:8080") == nil, "a keypad controller on the LAN")
        #expect(refusal(host: "[::1]:8080", origin: "http://[::1]:8080") == nil)
        #expect(refusal(host: "keypad.lan:8080", origin: "http://keypad.lan:8080") == nil, "a configured origin")
    }

    /// A no-cors fetch or an HTML form can only send text/plain, form or multipart bodies.
    @Test func aBodyThatIsNotJSONIsRefused_R1() {
        for type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", nil] {
            #expect(refusal(type) == .notJSON, "\(type ?? "no content type")")
        }
    }

    @Test func anotherSitesOriginIsRefused_R1() {
        #expect(refusal(origin: "http://evil.example") == .foreignOrigin)
        #expect(refusal(origin: "http://127.0.0.1:9999") == .foreignOrigin, "another port is another site")
        #expect(refusal(origin: "null") == .foreignOrigin, "a sandboxed frame or a data: page")
        #expect(refusal(origin: "https://127.0.0.1:8080") == .foreignOrigin)
        #expect(refusal(site: "cross-site") == .foreignOrigin)
    }

    /// DNS rebinding: a name the attacker controls resolves to the kiosk,
    /// and the browser then calls the page same-origin.
    @Test func aHostNameThatIsNotTheKiosksIsRefused_R1() {
        #expect(refusal(host: "evil.example:8080", origin: "http://evil.example:8080") == .foreignHost)
        #expect(refusal(host: nil) == .foreignHost)
        #expect(refusal(host: "127.0.0.1.evil.example") == .foreignHost)
        #expect(refusal(host: "999.1.1.1:80") == .foreignHost)
    }
}
