public import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Opens the gate by POSTing to the controller's URL; a 2xx answer means
/// opened. It retries only when the request provably never reached the
/// controller (connection refused, host not found); after a timeout or any
/// answer it does not, so one decision never becomes two openings.
public struct HTTPActuator: GateActuator {
    public let url: URL
    public let timeout: Duration
    public let retries: Int
    public let pulse: Duration
    public let gate: String

    public init(url: URL, timeout: Duration, retries: Int, pulse: Duration, gate: String) {
        self.url = url
        self.timeout = timeout
        self.retries = retries
        self.pulse = pulse
        self.gate = gate
    }

    public var name: String { "http \(url.absoluteString)" }

    public func pulse() async throws(GateError) {
        let request = URLRequest(posting: ["gate": gate, "pulse_ms": pulse.wholeMilliseconds], to: url, timeout: timeout)
        var attempt = 0
        while true {
            do {
                let (_, response) = try await URLSession.shared.data(for: request)
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                guard (200..<300).contains(status) else {
                    throw GateError("the gate controller answered HTTP \(status)")
                }
                return
            } catch let error as GateError {
                throw error
            } catch let error as URLError where [.cannotConnectToHost, .cannotFindHost, .dnsLookupFailed].contains(error.code) {
                guard attempt < retries else { throw GateError("the gate controller at \(url.host ?? "?") is unreachable (\(error.code.rawValue))") }
                attempt += 1
                try? await Task.sleep(for: .milliseconds(200))
            } catch {
                throw GateError("the gate controller did not answer in time or failed (\(error.localizedDescription)); not retried")
            }
        }
    }
}

extension URLRequest {
    /// A JSON POST from facegate to a site device, with `timeout` for the whole exchange.
    init(posting body: [String: any Sendable], to url: URL, timeout: Duration) {
        self.init(url: url, cachePolicy: .reloadIgnoringLocalCacheData)
        httpMethod = "POST"
        timeoutInterval = Double(timeout.wholeMilliseconds) / 1000
        setValue("facegate", forHTTPHeaderField: "User-Agent")
        setValue("application/json", forHTTPHeaderField: "Content-Type")
        httpBody = try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
    }
}
