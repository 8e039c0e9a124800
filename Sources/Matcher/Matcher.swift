import Locking

/// The searchable gallery a gate decides with: the current snapshot behind
/// a lock held only to read or swap one reference, so searches run in
/// parallel with each other and with snapshot rebuilds, and a search that
/// starts after `replace` returns sees the new gallery.
public final class Matcher: Sendable {
    /// From this many templates up, searches use the int8 scan with exact rescoring.
    public let int8FromTemplates: Int
    private let current: Locked<MatcherSnapshot>

    /// `int8FromTemplates` defaults to 1 000: from there the int8 scan is
    /// about twice as fast as the exact one on the development machine
    /// (`facegate bench match`), with the same answers.
    public init(_ snapshot: MatcherSnapshot = .empty, int8FromTemplates: Int = 1000) {
        current = Locked(snapshot)
        self.int8FromTemplates = int8FromTemplates
    }

    /// The snapshot searches use now.
    public var snapshot: MatcherSnapshot { current.withLock { $0 } }

    /// Makes `snapshot` the one every later search uses; the old one is
    /// zeroed once the last search holding it finishes.
    public func replace(with snapshot: MatcherSnapshot) {
        current.withLock { $0 = snapshot }
    }

    /// The mode the current gallery size calls for.
    public func mode(for snapshot: MatcherSnapshot) -> MatcherSnapshot.Mode {
        snapshot.templateCount >= int8FromTemplates ? .int8Rescored : .exact
    }

    public func search(_ query: [Float]) throws(MatcherError) -> MatchResult {
        let snapshot = self.snapshot
        return try snapshot.search(query, mode: mode(for: snapshot))
    }
}
