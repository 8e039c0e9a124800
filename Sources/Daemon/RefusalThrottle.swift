import Audit
import Foundation

/// Keeps a flood of refusals from filling the disk (pure). Every refusal is
/// a synced row; a client posting bad PINs from eight threads wrote 250 to
/// 1 000 a second and filled a small state directory in seconds. Each kind
/// of refusal gets `perWindow` rows per `window`; the rest are counted and
/// written as one `refusals-summarised` entry when the window ends. Openings,
/// errors and admin actions are never held back.
struct RefusalThrottle: Sendable {
    typealias Instant = ContinuousClock.Instant

    static let throttled: Set<AuditEvent.Kind> = [.alternativeRefused, .unknown, .ambiguous, .multiFace, .spoofSuspected, .matchRefused]

    struct Window: Sendable {
        let start: Instant
        var written = 0
        var held = 0
        var firstHeld: Date?
        var lastHeld: Date?
    }

    let perWindow: Int
    let window: Duration
    private(set) var windows: [AuditEvent.Kind: Window] = [:]

    init(perWindow: Int = 10, window: Duration = .seconds(10)) {
        self.perWindow = perWindow
        self.window = window
    }

    /// What to write for `event` now: the summaries of windows that ended,
    /// then `event` itself unless it is a refusal over its window's budget.
    mutating func admit(_ event: AuditEvent, at now: Instant, time: Date) -> [AuditEvent] {
        var writes = due(at: now, gate: event.gate)
        guard Self.throttled.contains(event.kind) else { return writes + [event] }
        var current = windows[event.kind] ?? Window(start: now)
        if current.written < perWindow {
            current.written += 1
            writes.append(event)
        } else {
            current.held += 1
            current.firstHeld = current.firstHeld ?? time
            current.lastHeld = time
        }
        windows[event.kind] = current
        return writes
    }

    /// Summaries of the windows that ended by `now` (and those windows closed).
    mutating func due(at now: Instant, gate: String) -> [AuditEvent] {
        var summaries: [AuditEvent] = []
        for (kind, current) in windows.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where current.start + window <= now {
            windows[kind] = nil
            guard current.held > 0, let first = current.firstHeld, let last = current.lastHeld else { continue }
            summaries.append(
                AuditEvent(
                    .refusalsSummarised, gate: gate,
                    reason: "\(current.held) more \(kind) entries from \(Timestamp.format(first)) to \(Timestamp.format(last)) "
                        + "counted here, not written one by one (more than \(perWindow) in \(window.components.seconds) s)"))
        }
        return summaries
    }
}
