import ArgumentParser
import Config
import Console
import Estate
import Foundation
import Gallery
import Hummingbird
import Kiosk
import Logging

/// `facegate console`: the property office's web console on a listener of
/// its own, apart from the kiosk's port.
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Serve the web console for the front desk and the auditor (127.0.0.1 by default).",
        discussion: """
            Operators sign in with the accounts of `facegate operator add`: desk staff see the
            residents by unit, enroll them at the desk (the notice on screen, consent ticked and
            the name typed or a paper form's reference, the face from the desk's webcam or a photo,
            judged in memory and never written to disk), import a CSV of residents and their photos
            after a check that stores nothing, withdraw them with a printable receipt and
            issue PINs; auditors read,
            verify and export the audit and see the doctor's checks, the impact assessments and the
            yearly report; admins do both. Every change is audited under the
            operator's name. On an estate's box ([estate] in the config) the residents are the
            estate's: each page brings this box's copy up to date first, and enrollments and
            withdrawals go to the estate database, which every gate copies within seconds. Listen on another address only behind a TLS proxy: the session cookie
            is marked Secure, which browsers honour over plain HTTP for 127.0.0.1 and localhost only.
            """)

    @Option(help: "Address to listen on.")
    var listen = "127.0.0.1"

    @Option(help: "Port to listen on (not the kiosk's).")
    var port = 8_090

    @OptionGroup var site: SiteOptions
    @OptionGroup var vision: VisionOptions

    func run() async throws {
        let log = SiteOptions.startLogging("facegate-console")
        let config = try site.loadConfig()
        guard port != config.gate.kiosk.port || listen != config.gate.kiosk.listen else {
            throw ValidationError("--port \(port) is the kiosk's; the console needs a listener of its own")
        }
        let gallery: Gallery
        if let estate = config.estate {
            // This box's copy, made or checked against the estate's gallery
            // once; every page then brings it up to date on a connection of its own.
            let office = try await EstateOffice.open(config, estate, master: site.masterKey(config))
            gallery = office.gallery
            await office.finish()
        } else {
            gallery = try site.openGallery(config)
        }
        let desk = DeskCapture(detector: try vision.detector(), embedder: try vision.embedder(), config: config, limits: vision.limits)
        let app = Application(
            router: ConsoleRouter.make(
                gallery: gallery, sessions: ConsoleSessions(), desk: desk, config: config, models: vision.directory,
                estate: config.estate.map(EstateOffice.endpoint)),
            configuration: .init(address: .hostname(listen, port: port), serverName: "facegate-console"),
            onServerRunning: { channel in log.info("console listening", metadata: ["address": "\(listen):\(channel.localAddress?.port ?? port)"]) },
            logger: log)
        try await app.runService()
    }
}
