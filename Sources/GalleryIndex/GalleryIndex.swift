public import Foundation
public import Gallery
import Locking
public import Matcher

/// The gallery as a gate searches it: the encrypted store (`Gallery`) and
/// the in-memory matcher kept in step. Changes made through it reach the
/// matcher before they return — a withdrawn resident is gone from the very
/// next search (R6) — and `reload()` picks up changes other processes made.
/// Subjects whose retention has ended are never searchable, purged or not (R7).
public final class GalleryIndex: Sendable {
    public let gallery: Gallery
    public let matcher: Matcher
    let now: @Sendable () -> Date
    /// Serialises changes (never searches), so two changes cannot both start
    /// from the same snapshot and one undo the other.
    private let changing = Locked(())

    public init(gallery: Gallery, int8FromTemplates: Int = 1000, now: @escaping @Sendable () -> Date = Date.init)
        throws
    {
        self.gallery = gallery
        self.now = now
        matcher = Matcher(int8FromTemplates: int8FromTemplates)
        try reload()
    }

    /// Rebuilds the snapshot from the gallery: every active, unexpired template.
    public func reload() throws {
        try changing.withLock { _ in try rebuild() }
    }

    private func rebuild() throws {
        let time = now()
        let templates = try gallery.templates().filter { $0.expires > time }
        matcher.replace(with: try MatcherSnapshot(templates.map { ($0.pseudonym, $0.values) }))
    }

    /// Enrolls and makes the new subject searchable.
    public func enroll(_ request: EnrollmentRequest, minorsEnabled: Bool) throws -> GalleryReceipt {
        try changing.withLock { _ in
            let receipt = try gallery.enroll(request, minorsEnabled: minorsEnabled)
            let entries = matcher.snapshot.entries() + [(receipt.pseudonym, request.template)]
            matcher.replace(with: try MatcherSnapshot(entries))
            return receipt
        }
    }

    /// Takes the subject out of the matcher first, so face entry stops at
    /// once, then withdraws it from the gallery. If the gallery refuses, the
    /// matcher is rebuilt from what the gallery holds.
    public func withdraw(_ pseudonym: String, actor: String) throws -> GalleryReceipt {
        try changing.withLock { _ in
            let remaining = matcher.snapshot.entries().filter { $0.subject != pseudonym }
            matcher.replace(with: try MatcherSnapshot(remaining))
            do {
                return try gallery.withdraw(pseudonym, actor: actor)
            } catch {
                try? rebuild()
                throw error
            }
        }
    }

    /// The daily purge (R7): expired subjects leave the matcher and the gallery.
    @discardableResult
    public func purgeExpired(actor: String) throws -> [GalleryReceipt] {
        try changing.withLock { _ in
            let receipts = try gallery.purgeExpired(actor: actor)
            try rebuild()
            return receipts
        }
    }

    public func search(_ query: [Float]) throws -> MatchResult {
        try matcher.search(query)
    }
}
