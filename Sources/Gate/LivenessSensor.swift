public import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A site's hardware liveness check (an IR or depth camera's controller),
/// asked once per decision before the gate opens (R21). Either a program —
/// exit 0 live, exit 1 not live — or an http(s) endpoint that answers a POST
/// with `{"live": true}` or `{"live": false}`. Anything else, or no answer
/// within the timeout, is a failure, which the caller treats as not live.
public struct LivenessSensor: Sendable {
    public enum Kind: Sendable, Equatable {
        case command([String])
        case http(URL)
    }

    public let kind: Kind
    public let timeout: Duration
    /// Passed as FACEGATE_GATE (program) or "gate" (request body).
    public let gate: String

    public init(kind: Kind, timeout: Duration, gate: String) {
        self.kind = kind
        self.timeout = timeout
        self.gate = gate
    }

    /// Whether the sensor sees a live person now.
    public func isLive() async throws(GateError) -> Bool {
        switch kind {
        case .command(let command):
            let program = command.first ?? ""
            guard let status = try await SiteProgram(command: command, environment: ["FACEGATE_GATE": gate], timeout: timeout).run() else {
                throw GateError("liveness sensor \(program) did not answer within \(timeout)")
            }
            switch status {
            case 0: return true
            case 1: return false
            default: throw GateError("liveness sensor \(program) exited with status \(status) (0 live, 1 not live)")
            }
        case .http(let url):
            let request = URLRequest(posting: ["gate": gate], to: url, timeout: timeout)
            let data: Data
            let response: URLResponse
            do {
                (data, response) = try await URLSession.shared.data(for: request)
            } catch {
                throw GateError("liveness sensor at \(url.host ?? "?") did not answer (\(error.localizedDescription))")
            }
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            guard (200..<300).contains(status) else { throw GateError("liveness sensor answered HTTP \(status)") }
            guard let body = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let live = body["live"] as? Bool else {
                throw GateError("liveness sensor's answer has no boolean \"live\"")
            }
            return live
        }
    }
}
