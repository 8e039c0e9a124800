public import Config
import Foundation
import Locking
public import Logging

/// One destination of a gate's events. `send` only queues and never waits:
/// a slow or absent destination cannot delay a decision.
public protocol EventSink: AnyObject, Sendable {
    var name: String { get }
    /// `mqtt` or `webhook`, the label of its metrics.
    var kind: String { get }
    func send(_ event: GateEvent)
    /// Events dropped so far: the queue was full, or the destination refused them after their retries.
    var dropped: Int { get }
    /// Events waiting.
    var pending: Int { get }
    func start()
    func stop()
}

/// What both sinks share: a bounded queue (`EventQueue`) that `send` fills
/// without waiting, and one thread that empties it (`run`, given by each
/// sink) until `stop`.
public class QueuedSink: EventSink, @unchecked Sendable {
    // @unchecked: immutable after init; the queue and `started` lock themselves.
    public let name: String
    public let kind: String
    let queue: EventQueue
    let log: Logger
    private let threadName: String
    private let started = Locked(false)
    private let finished = DispatchSemaphore(value: 0)

    init(kind: String, name: String, thread: String, capacity: Int, log: Logger) {
        self.kind = kind
        self.name = name
        self.threadName = thread
        self.queue = EventQueue(capacity: capacity)
        self.log = log
    }

    public func send(_ event: GateEvent) { queue.push(event) }
    public var dropped: Int { queue.dropped }
    public var pending: Int { queue.count }

    public func start() {
        guard
            started.withLock({ was in
                defer { was = true }
                return !was
            })
        else { return }
        let thread = Thread { [self] in
            run()
            finished.signal()
        }
        thread.name = threadName
        thread.start()
    }

    /// Stops after the event in flight; queued events are not waited for.
    public func stop() {
        queue.close()
        if started.withLock({ $0 }) { finished.wait() }
    }

    /// Delivers until the queue is closed.
    func run() {}
}

/// Every sink the config names, fed together.
public struct EventPublisher: Sendable {
    public let sinks: [any EventSink]
    public let includePseudonym: Bool

    public init(sinks: [any EventSink], includePseudonym: Bool) {
        self.sinks = sinks
        self.includePseudonym = includePseudonym
    }

    /// The broker and webhook of `settings`, not yet started.
    public init(_ settings: EventSettings, gate: String, log: Logger) {
        var sinks: [any EventSink] = []
        if let mqtt = settings.mqtt { sinks.append(MQTTSink(settings: mqtt, gate: gate, capacity: settings.queueCapacity, log: log)) }
        if let webhook = settings.webhook { sinks.append(WebhookSink(settings: webhook, capacity: settings.queueCapacity, log: log)) }
        self.init(sinks: sinks, includePseudonym: settings.includePseudonym)
    }

    public func publish(_ event: GateEvent) {
        for sink in sinks { sink.send(event) }
    }

    public func start() { for sink in sinks { sink.start() } }
    public func stop() { for sink in sinks { sink.stop() } }
}
