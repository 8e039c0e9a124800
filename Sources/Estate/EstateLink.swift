public import Foundation
import Gallery
public import Keys
import Locking
public import Logging
public import ServiceLifecycle

/// What the daemon needs to know about its link to the estate database:
/// when its copy was last confirmed complete, and what is wrong, if anything.
public final class EstateStatus: Sendable {
    private let state = Locked<(lastSync: Date?, problem: String?)>((nil, nil))

    public init() {}

    public var lastSync: Date? { state.withLock { $0.lastSync } }
    public var problem: String? { state.withLock { $0.problem } }

    func synced(at time: Date) { state.withLock { $0 = (time, nil) } }
    func restored(_ time: Date?) { state.withLock { $0.lastSync = $0.lastSync ?? time } }
    func failed(_ problem: String) { state.withLock { $0.problem = problem } }
}

/// `facegate run`'s link to the estate database (a service beside the
/// gate): LISTENs for changes and syncs the gate's copy within moments of
/// an enrollment or withdrawal at the office, syncs every `heartbeat` anyway
/// (a lost notification costs at most that), ships the audit chain, and
/// reconnects with back-off while the database is unreachable. The gate
/// keeps deciding on its copy meanwhile; `SyncFreshness` bounds for how long.
///
/// Works on its own connection to the gate's SQLite files, so the daemon
/// sees each applied change as another writer's commit and rebuilds its matcher.
public final class EstateLink: Service, Sendable {
    let endpoint: EstateEndpoint
    /// The gate's state directory, which holds its copy.
    public let directory: String
    let master: MasterKey
    let gate: String
    let log: Logger
    public let status: EstateStatus
    let heartbeat: Duration

    public init(
        endpoint: EstateEndpoint, directory: String, master: MasterKey, gate: String, log: Logger, status: EstateStatus = EstateStatus(),
        heartbeat: Duration = .seconds(2)
    ) {
        self.endpoint = endpoint
        self.directory = directory
        self.master = master
        self.gate = gate
        self.log = log
        self.status = status
        self.heartbeat = heartbeat
        // A restarted gate counts from its copy's last confirmed sync, not
        // from now: a restart during an outage must not reset the bound.
        if Gallery.exists(in: directory), let gallery = try? Gallery.open(in: directory, master: master, gate: gate) {
            status.restored(try? gallery.replicaState().syncedAt)
        }
    }

    public func run() async throws {
        // A graceful shutdown closes the open connection, which ends the
        // notification stream and any query at once.
        let current = Locked<(stopping: Bool, database: EstateDatabase?)>((false, nil))
        await withGracefulShutdownHandler { [self] in
            var backoff = Duration.milliseconds(500)
            while !current.withLock({ $0.stopping }), !Task.isCancelled {
                do {
                    // A shutdown cancels a connection attempt (up to 5 s to an
                    // unreachable host) and the back-off below (up to 10 s).
                    let database = try await cancelWhenGracefulShutdown { [endpoint, log] in try await EstateDatabase.connect(endpoint, logger: log) }
                    let stopping = current.withLock { state in
                        state.database = database
                        return state.stopping
                    }
                    defer { current.withLock { $0.database = nil } }
                    do {
                        guard !stopping else { throw CancellationError() }
                        let gallery = try await EstateReplica.open(in: directory, database: database, master: master, gate: gate)
                        backoff = .milliseconds(500)
                        try await session(EstateReplica(gallery: gallery, database: database, chain: gate))
                    } catch {
                        await database.close()
                        throw error
                    }
                } catch  where !current.withLock({ $0.stopping }) {
                    status.failed("\(error)")
                    log.warning("estate database unavailable; deciding on the last good copy", metadata: ["error": "\(error)"])
                } catch {
                    return
                }
                try? await cancelWhenGracefulShutdown { [backoff] in try await Task.sleep(for: backoff) }
                backoff = min(backoff * 2, .seconds(10))
            }
        } onGracefulShutdown: {
            let database = current.withLock { state in
                state.stopping = true
                return state.database
            }
            database?.closeNow()
        }
    }

    /// One connection's life: a sync at once, then one per notification
    /// or heartbeat, until the connection fails.
    func session(_ replica: EstateReplica) async throws {
        let (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await replica.database.listen { wake.yield() } }
            group.addTask { [heartbeat] in
                while true {
                    try await Task.sleep(for: heartbeat)
                    wake.yield()
                }
            }
            group.addTask { [self] in
                var persisted = Date.distantPast
                wake.yield()
                for await _ in wakes {
                    let outcome = try await replica.sync()
                    let time = Date()
                    if outcome.added + outcome.removed > 0 {
                        log.notice(
                            "estate changes applied",
                            metadata: ["added": "\(outcome.added)", "removed": "\(outcome.removed)", "change": "\(outcome.cursor)"])
                        persisted = time
                    } else if time.timeIntervalSince(persisted) > 30 {
                        try replica.gallery.markSynced(at: time)
                        persisted = time
                    }
                    status.synced(at: time)
                    do {
                        try await replica.shipAudit()
                    } catch {
                        status.failed("audit not shipped: \(error)")
                        log.error("audit not shipped to the estate database", metadata: ["error": "\(error)"])
                    }
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }
}
