import Foundation
import Locking
public import Policy

/// What every screen shows right now, as the event stream sends it: a
/// state, the mode, the alternatives, the language and — only for a welcome,
/// and only if the site enabled it — a unit or first name to greet. Never a
/// pseudonym, a score or an image.
public struct KioskSnapshot: Sendable, Codable, Equatable {
    public var state: String
    public var faceEntry: Bool
    public var alternatives: [String]
    public var language: String
    public var greeting: String?
    public var sequence: Int
    /// Changes with the site's wording; a screen showing another revision reloads.
    public var revision: String
    /// How long this state stays before the screen returns to idle (nil: until the next event).
    public var holdSeconds: Double?

    /// The snapshot as a client may see it: without the greeting unless it is the kiosk's own screen.
    public func shown(withGreeting: Bool) -> KioskSnapshot {
        var shown = self
        if !withGreeting { shown.greeting = nil }
        return shown
    }
}

/// Publishes kiosk states to every connected screen. Outcomes (welcome, not
/// recognised, …) fall back to the base state after their hold time, so a
/// screen never stays on a stale welcome.
public final class KioskEvents: Sendable {
    private struct State {
        var site: KioskSite
        var snapshot: KioskSnapshot
        var base: KioskState = .idle
        var subscribers: [UUID: AsyncStream<KioskSnapshot>.Continuation] = [:]
    }

    private let state: Locked<State>

    public init(site: KioskSite) {
        state = Locked(
            State(
                site: site,
                snapshot: KioskSnapshot(
                    state: KioskState.idle.rawValue, faceEntry: true, alternatives: site.alternatives, language: site.language,
                    greeting: nil, sequence: 0, revision: UUID().uuidString, holdSeconds: nil)))
    }

    public var current: KioskSnapshot { state.withLock { $0.snapshot } }

    /// The site's wording as the screens show it.
    public var site: KioskSite { state.withLock { $0.site } }

    /// The wording and the revision that names it, read together.
    public var wording: (site: KioskSite, revision: String) { state.withLock { ($0.site, $0.snapshot.revision) } }

    /// Takes a reloaded config's wording; when it changed, every screen reloads.
    public func setSite(_ site: KioskSite) {
        let update = state.withLock { current -> (KioskSnapshot, [AsyncStream<KioskSnapshot>.Continuation])? in
            guard current.site != site else { return nil }
            current.site = site
            current.snapshot.alternatives = site.alternatives
            current.snapshot.language = site.language
            current.snapshot.revision = UUID().uuidString
            current.snapshot.sequence += 1
            return (current.snapshot, Array(current.subscribers.values))
        }
        guard let (snapshot, continuations) = update else { return }
        for continuation in continuations { continuation.yield(snapshot) }
    }

    /// Sets the state every outcome returns to: idle, or alternatives-only when face entry is off.
    public func setBase(faceEntry: Bool) {
        let base: KioskState = faceEntry ? .idle : .alternativesOnly
        let show = state.withLock { current -> Bool in
            current.base = base
            current.snapshot.faceEntry = faceEntry
            return KioskState(rawValue: current.snapshot.state)?.holdSeconds == nil
        }
        if show { self.show(base) }
    }

    /// Shows `kioskState` on every screen (returning to the base after its hold time).
    public func show(_ kioskState: KioskState, greeting: String? = nil) {
        let (snapshot, continuations) = state.withLock { current in
            var shown = kioskState
            if !current.snapshot.faceEntry, [.idle, .verifying].contains(kioskState) { shown = .alternativesOnly }
            current.snapshot.state = shown.rawValue
            current.snapshot.greeting = shown == .welcome ? greeting : nil
            current.snapshot.holdSeconds = shown.holdSeconds
            current.snapshot.sequence += 1
            return (current.snapshot, Array(current.subscribers.values))
        }
        for continuation in continuations { continuation.yield(snapshot) }
        if let hold = kioskState.holdSeconds {
            let sequence = snapshot.sequence
            Task { [weak self] in
                try? await Task.sleep(for: .seconds(hold))
                guard let self else { return }
                let (stillShown, base) = self.state.withLock { ($0.snapshot.sequence == sequence, $0.base) }
                if stillShown { self.show(base) }
            }
        }
    }

    /// Screens that may follow the events at once.
    public static let maximumSubscribers = 32

    /// A stream of snapshots: the current one at once, every change, and the
    /// current one again every `refresh` — a heartbeat that keeps the
    /// connection open and a screen that missed an event in step.
    /// Nil when `maximumSubscribers` screens already listen: each costs a
    /// connection that stays open, and screens beyond that are not kiosks.
    public func subscribe(refresh: Duration = .seconds(15)) -> AsyncStream<KioskSnapshot>? {
        let (stream, continuation) = AsyncStream<KioskSnapshot>.makeStream(bufferingPolicy: .bufferingNewest(8))
        let id = UUID()
        let first: KioskSnapshot? = state.withLock { current in
            guard current.subscribers.count < Self.maximumSubscribers else { return nil }
            current.subscribers[id] = continuation
            return current.snapshot
        }
        guard let first else { return nil }
        continuation.yield(first)
        let heartbeat = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: refresh)
                guard let self, !Task.isCancelled else { return }
                continuation.yield(self.current)
            }
        }
        continuation.onTermination = { [weak self] _ in
            heartbeat.cancel()
            self?.state.withLock { _ = $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }
}
