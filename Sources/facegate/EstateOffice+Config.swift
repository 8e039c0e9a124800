import Config
import Estate
import Gallery
import Keys

extension EstateOffice {
    static func endpoint(_ estate: FacegateConfig.Estate) -> EstateEndpoint {
        EstateEndpoint(
            host: estate.host, port: estate.port, database: estate.database, user: estate.user, passwordFile: estate.passwordFile,
            caFile: estate.caFile, serverName: estate.serverName)
    }

    /// Connects and opens this box's copy, brought up to date unless `sync`
    /// is false; the connection is closed again if anything fails.
    static func open(_ config: FacegateConfig, _ estate: FacegateConfig.Estate, master: MasterKey, sync: Bool = true) async throws -> EstateOffice {
        try await open(endpoint(estate), stateDirectory: config.storage.stateDirectory, gateID: config.site.gateID, master: master, sync: sync)
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
