import ArgumentParser
import Config
import Daemon
import Estate
import Foundation
import Hummingbird
import Kiosk
import Logging
import NIOCore
import Policy

/// `facegate run`: the daemon (normally started by systemd).
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the gate: camera, decisions, gate, kiosk, audit (what systemd starts).",
        discussion: """
            Refuses to start without an alternative way in (R1) or in a private place (R17). Runs
            alternative-only, and says why, without a valid impact assessment (R18) or while the
            camera, models or gallery fail; recovers by itself. SIGHUP reloads the config and the
            gallery; SIGTERM finishes the current decision and stops. Tells systemd READY, STATUS
            and WATCHDOG through $NOTIFY_SOCKET.
            """)

    @OptionGroup var site: SiteOptions

    @Option(help: "Model directory (default: $FACEGATE_MODELS, else /usr/share/facegate/models, then ./Models).")
    var models: String?

    func run() async throws {
        let log = SiteOptions.startLogging("facegate")
        let service: GateService
        let link: EstateLink?
        link = try estateLink(log)
        service = try GateService(configPath: site.config, modelsPath: models, log: log, estate: link?.status)
        let kiosk = service.kioskAddress
        let census = ConnectionCensus()
        let app = Application(
            router: KioskRouter.make(service, access: service.kioskAccess),
            // A connection that sends nothing for 10 s, or whose request has
            // not arrived whole 10 s after its head, is closed, and no client
            // holds more than its share (`ConnectionGuard`): a flood of them
            // cannot use up the descriptors the PIN pad needs (R1). A request
            // being answered, like /events, stays.
            server: .http1(configuration: .init(additionalChannelHandlers: [ConnectionGuard(census: census)], idleTimeout: .seconds(10))),
            configuration: .init(address: .hostname(kiosk.host, port: kiosk.port), serverName: "facegate"),
            services: [service] + (link.map { [$0] } ?? []),
            onServerRunning: { channel in service.serverStarted(port: channel.localAddress?.port ?? kiosk.port) },
            logger: log)
        try await app.runService()
    }

    /// At a gate of an estate, the link that keeps its copy of the gallery
    /// in step and ships its audit chain; nil for a gate with its own gallery.
    func estateLink(_ log: Logger) throws -> EstateLink? {
        let config = try site.loadConfig()
        guard let estate = config.estate else { return nil }
        return EstateLink(
            endpoint: EstateOffice.endpoint(estate), directory: config.storage.stateDirectory, master: try site.masterKey(config),
            gate: config.site.gateID, log: log)
    }
}
