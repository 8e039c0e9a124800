public import Config
import Foundation
public import Logging

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// POSTs each event as JSON to the site's webhook, from a thread of its
/// own, in order. A POST that got no answer, a 5xx, 408 or 429 is tried
/// again `retries` times with pauses of 1, 2, 4… s; any other answer, or the
/// last failure, drops the event with a log line and a count. The queue is
/// bounded (`EventQueue`), so an endpoint that is down never holds up the gate.
public final class WebhookSink: QueuedSink, @unchecked Sendable {
    // @unchecked: immutable after init; the queue locks itself.
    let settings: WebhookSettings
    private let session: URLSession

    public init(settings: WebhookSettings, capacity: Int, log: Logger) {
        self.settings = settings
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = settings.timeoutSeconds
        configuration.timeoutIntervalForResource = settings.timeoutSeconds
        session = URLSession(configuration: configuration)
        super.init(kind: "webhook", name: "webhook \(settings.url.host ?? "?")", thread: "facegate-webhook", capacity: capacity, log: log)
    }

    override func run() {
        while !queue.isClosed {
            guard let event = queue.first(waiting: 60) else { continue }
            var attempt = 0
            var outcome = post(event)
            while case .retry = outcome, attempt < settings.retries {
                guard queue.pause(Double(1 << min(attempt, 5))) else { return }
                attempt += 1
                outcome = post(event)
            }
            switch outcome {
            case .delivered:
                queue.removeFirst()
            case .retry(let why), .refused(let why):
                queue.removeFirst(givenUp: true)
                log.error("events: webhook event dropped", metadata: ["webhook": "\(name)", "error": "\(why)", "tries": "\(attempt + 1)"])
            }
        }
    }

    enum Outcome {
        case delivered
        case retry(String)
        case refused(String)
    }

    private func post(_ event: GateEvent) -> Outcome {
        var request = URLRequest(url: settings.url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: settings.timeoutSeconds)
        request.httpMethod = "POST"
        request.httpBody = event.json
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("facegate", forHTTPHeaderField: "User-Agent")
        if let token = settings.token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let answer = Answer()
        let done = DispatchSemaphore(value: 0)
        session.dataTask(with: request) { _, response, error in
            answer.set(status: (response as? HTTPURLResponse)?.statusCode, error: error.map { "\($0.localizedDescription)" })
            done.signal()
        }.resume()
        done.wait()
        let (status, error) = answer.get()
        guard let status else { return .retry(error ?? "no answer") }
        if (200..<300).contains(status) { return .delivered }
        if status >= 500 || status == 408 || status == 429 { return .retry("HTTP \(status)") }
        return .refused("HTTP \(status)")
    }
}

/// The completion handler's result, handed across threads.
private final class Answer: @unchecked Sendable {
    // @unchecked: written once before the semaphore is signalled, read after it.
    private var status: Int?
    private var error: String?
    func set(status: Int?, error: String?) {
        self.status = status
        self.error = error
    }
    func get() -> (Int?, String?) { (status, error) }
}
