import Foundation
public import Gallery
public import Keys
public import Logging

/// An admin command's session with the estate database, at the office (or
/// any box of an estate): this box's copy of the gallery brought up to date
/// first, so a duplicate check or a withdrawal by name sees every resident;
/// each change then published to the estate database, which is the
/// system of record; the box's audit chain shipped at the end.
public struct EstateOffice: Sendable {
    public let replica: EstateReplica
    public var database: EstateDatabase { replica.database }
    public var gallery: Gallery { replica.gallery }

    public init(replica: EstateReplica) {
        self.replica = replica
    }

    /// PostgresNIO logs each query at debug level; a command prints its own
    /// one-line errors instead.
    public static let quiet = Logger(label: "facegate.estate") { _ in SwiftLogNoOpLogHandler() }

    /// Connects and opens this box's copy of the gallery in `stateDirectory`
    /// (gate `gateID`), brought up to date unless `sync` is false; the
    /// connection is closed again if anything fails.
    public static func open(
        _ endpoint: EstateEndpoint, stateDirectory: String, gateID: String, master: MasterKey, sync: Bool = true
    ) async throws -> EstateOffice {
        let database = try await EstateDatabase.connect(endpoint, logger: quiet)
        do {
            let gallery = try await EstateReplica.open(in: stateDirectory, database: database, master: master, gate: gateID)
            let office = EstateOffice(replica: EstateReplica(gallery: gallery, database: database, chain: gateID))
            if sync { _ = try await office.replica.sync() }
            return office
        } catch {
            await database.close()
            throw error
        }
    }

    /// One action of a long-running process (the console) on a copy it
    /// keeps open: a connection of its own, so an estate database that
    /// restarted since the last action costs nothing; the copy brought up to
    /// date first, `body` run, the audit shipped and the connection closed
    /// however `body` ends.
    public static func session<T: Sendable>(
        _ endpoint: EstateEndpoint, gallery: Gallery, _ body: (EstateOffice) async throws -> T
    ) async throws -> T {
        try await EstateDatabase.using(endpoint, logger: quiet) { database in
            let office = EstateOffice(replica: EstateReplica(gallery: gallery, database: database, chain: gallery.gate))
            _ = try await office.replica.sync()
            do {
                let value = try await body(office)
                await office.shipAuditReportingFailure()
                return value
            } catch {
                await office.shipAuditReportingFailure()
                throw error
            }
        }
    }

    /// Publishes a subject just enrolled in this box's copy; when the estate
    /// database does not take it, the local enrollment is withdrawn again, so
    /// no gate and no office copy holds a subject the estate does not.
    public func publishEnrollment(_ pseudonym: String, actor: String) async throws {
        do {
            try await database.publish(try gallery.records([pseudonym]), actor: actor)
        } catch {
            _ = try? gallery.withdraw(pseudonym, actor: actor, reason: "enrollment not published to the estate database")
            throw EstateError("the estate database did not take the enrollment, so nothing was enrolled: \(error)")
        }
    }

    /// Ships this box's audit entries and closes the connection; a failure
    /// here loses nothing (the entries are shipped by the next command or
    /// the daemon) and is only reported.
    public func finish() async {
        await shipAuditReportingFailure()
        await database.close()
    }

    func shipAuditReportingFailure() async {
        do {
            try await replica.shipAudit()
        } catch {
            FileHandle.standardError.write(Data("facegate: warning: audit entries not shipped yet: \(error)\n".utf8))
        }
    }
}
