import Audit
public import Foundation
public import Gallery
public import Keys

/// One box's copy of the estate gallery, kept in step with the estate
/// database: enrollments and removals applied in the estate's order, a new
/// or lagging copy filled from one consistent snapshot, and the box's audit
/// chain shipped back in order.
public struct EstateReplica: Sendable {
    public let gallery: Gallery
    public let database: EstateDatabase
    /// The name this box's chain is shipped under: its `site.gate_id`.
    public let chain: String
    let now: @Sendable () -> Date

    public init(gallery: Gallery, database: EstateDatabase, chain: String, now: @escaping @Sendable () -> Date = Date.init) {
        self.gallery = gallery
        self.database = database
        self.chain = chain
        self.now = now
    }

    /// Opens the copy in `directory`, or creates an empty one from the
    /// estate's header; refuses a copy of another gallery or a wrong key.
    public static func open(
        in directory: String, database: EstateDatabase, master: MasterKey, gate: String
    ) async throws -> Gallery {
        guard let header = try await database.header() else {
            throw EstateError("the estate database holds no gallery yet; run `facegate estate init` at the office first")
        }
        if Gallery.exists(in: directory) {
            let gallery = try Gallery.open(in: directory, master: master, gate: gate)
            guard gallery.galleryID == header.galleryID else {
                throw EstateError(
                    "\(directory) holds gallery \(gallery.galleryID), but the estate's is \(header.galleryID); move it aside to make a fresh copy. Nothing was changed"
                )
            }
            return gallery
        }
        return try Gallery.createReplica(in: directory, header: header, master: master, gate: gate)
    }

    /// What one sync did.
    public struct Outcome: Sendable, Equatable {
        public var added = 0
        public var removed = 0
        public var cursor: Int64 = 0
        /// The whole gallery was copied from a snapshot.
        public var full = false
    }

    /// Brings the copy up to the estate's latest change: the changes since
    /// its cursor, or a snapshot when it has none yet or is ahead of the
    /// database (a database restored from an older backup).
    public func sync(batch: Int = 1000) async throws -> Outcome {
        let state = try gallery.replicaState()
        let latest = try await database.latestChange()
        if state.cursor == 0 || latest < state.cursor { return try await copySnapshot(chunk: batch) }
        var outcome = Outcome(cursor: state.cursor)
        while true {
            let changes = try await database.changes(after: outcome.cursor, limit: batch)
            guard let last = changes.last else { break }
            let applied = try gallery.apply(changes, cursor: last.sequence, at: now())
            outcome.added += applied.added
            outcome.removed += applied.removed
            outcome.cursor = last.sequence
            if changes.count < batch { break }
        }
        return outcome
    }

    /// Copies the whole estate gallery from one snapshot in chunks, then
    /// removes what the snapshot no longer holds and moves the cursor.
    /// Interrupted, it leaves the cursor where it was; the next sync repeats
    /// the copy, skipping the subjects already there.
    public func copySnapshot(chunk: Int = 1000) async throws -> Outcome {
        var outcome = Outcome(full: true)
        var seen = Set<String>()
        let cursor = try await database.snapshot(at: now(), chunk: chunk) { records in
            seen.formUnion(records.map(\.pseudonym))
            outcome.added += try gallery.apply(
                records.map { ReplicaChange(sequence: 0, pseudonym: $0.pseudonym, record: $0) }, cursor: nil, at: now()
            ).added
        }
        let gone = try gallery.pseudonyms().subtracting(seen).sorted()
        outcome.removed = try gallery.apply(
            gone.map { ReplicaChange(sequence: cursor, pseudonym: $0, record: nil) }, cursor: cursor, at: now()
        ).removed
        outcome.cursor = cursor
        return outcome
    }

    /// Ships the audit entries the estate database does not hold yet, in
    /// order, in batches; returns how many. Refuses when the database's copy
    /// of this chain does not end in an entry of this box's chain (two boxes
    /// with one gate id, or a replaced audit log).
    @discardableResult
    public func shipAudit(batch: Int = 500) async throws -> Int {
        let head = try await database.shippedHead(chain: chain)
        if let head, let local = try gallery.auditRecords(after: head.sequence - 1, limit: 1).first,
            local.sequence == head.sequence, local.hash != head.hash
        {
            throw EstateError(
                "the estate database holds a different audit chain for gate \(chain): another box ships under this site.gate_id, or this box's gallery was replaced; give each box its own gate id"
            )
        }
        var after = head?.sequence ?? 0
        var shipped = 0
        while true {
            let records = try gallery.auditRecords(after: after, limit: batch)
            guard let last = records.last else { break }
            try await database.ship(records, chain: chain)
            after = last.sequence
            shipped += records.count
        }
        return shipped
    }
}
