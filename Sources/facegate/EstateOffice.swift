import Config
import Estate
import Foundation
import Gallery
import Keys
import Logging

/// An admin command's session with the estate database, at the office (or
/// any box of an estate): this box's copy of the gallery brought up to date
/// first, so a duplicate check or a withdrawal by name sees every resident;
/// each change then published to the estate database, which is the
/// system of record; the box's audit chain shipped at the end.
struct EstateOffice {
    let replica: EstateReplica
    var database: EstateDatabase { replica.database }
    var gallery: Gallery { replica.gallery }

    /// PostgresNIO logs each query at debug level; a command prints its own
    /// one-line errors instead.
    static let quiet = Logger(label: "facegate.estate") { _ in SwiftLogNoOpLogHandler() }

    static func endpoint(_ estate: FacegateConfig.Estate) -> EstateEndpoint {
        EstateEndpoint(
            host: estate.host, port: estate.port, database: estate.database, user: estate.user, passwordFile: estate.passwordFile,
            caFile: estate.caFile, serverName: estate.serverName)
    }

    /// Connects and opens this box's copy, brought up to date unless `sync`
    /// is false; the connection is closed again if anything fails.
    static func open(_ config: FacegateConfig, _ estate: FacegateConfig.Estate, master: MasterKey, sync: Bool = true) async throws -> EstateOffice {
        let database = try await EstateDatabase.connect(endpoint(estate), logger: quiet)
        do {
            let gallery = try await EstateReplica.open(
                in: config.storage.stateDirectory, database: database, master: master, gate: config.site.gateID)
            let office = EstateOffice(replica: EstateReplica(gallery: gallery, database: database, chain: config.site.gateID))
            if sync { _ = try await office.replica.sync() }
            return office
        } catch {
            await database.close()
            throw error
        }
    }

    /// Publishes a subject just enrolled in this box's copy; when the estate
    /// database does not take it, the local enrollment is withdrawn again, so
    /// no gate and no office copy holds a subject the estate does not.
    func publishEnrollment(_ pseudonym: String, actor: String) async throws {
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
    func finish() async {
        do {
            try await replica.shipAudit()
        } catch {
            FileHandle.standardError.write(Data("facegate: warning: audit entries not shipped yet: \(error)\n".utf8))
        }
        await database.close()
    }
}

extension SiteOptions {
    /// Runs an admin command's work on the gallery: the site's own, or in an
    /// estate, this box's copy brought up to date, with the session that
    /// publishes changes; the session is finished (audit shipped, connection
    /// closed) however `body` ends.
    func withGallery<T>(
        _ config: FacegateConfig, sync: Bool = true, _ body: (Gallery, EstateOffice?) async throws -> T
    ) async throws -> T {
        guard let estate = config.estate else { return try await body(openGallery(config), nil) }
        let office = try await EstateOffice.open(config, estate, master: masterKey(config), sync: sync)
        do {
            let value = try await body(office.gallery, office)
            await office.finish()
            return value
        } catch {
            await office.finish()
            throw error
        }
    }
}
