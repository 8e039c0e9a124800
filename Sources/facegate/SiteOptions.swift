import ArgumentParser
import Config
import Foundation
import Gallery
import Keys
import Logging

/// `--config`, shared by every command that works on a site's gallery, and
/// the steps they all take: read the config, load the master key, open the
/// gallery in the state directory.
struct SiteOptions: ParsableArguments {
    @Option(help: "The site's config file.")
    var config = FacegateConfig.defaultPath

    func loadConfig() throws -> FacegateConfig {
        try FacegateConfig.load(config)
    }

    func masterKey(_ config: FacegateConfig) throws -> MasterKey {
        try MasterKey.load(keyFile: config.storage.keyFile)
    }

    func openGallery(_ config: FacegateConfig) throws -> Gallery {
        try Gallery.open(in: config.storage.stateDirectory, master: masterKey(config), gate: config.site.gateID)
    }

    /// A long-running command's log (`run`, `console`): info and above to
    /// standard error, which the journal keeps.
    static func startLogging(_ label: String) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        return Logger(label: label)
    }
}

/// Who is running an admin command, for the audit: `--operator`, else the
/// user behind sudo, else the login name.
struct OperatorOption: ParsableArguments {
    @Option(name: .customLong("operator"), help: "Name of the person doing this (recorded in the audit log).")
    var name: String?

    var resolved: String {
        let environment = ProcessInfo.processInfo.environment
        return name ?? environment["SUDO_USER"] ?? environment["USER"] ?? environment["LOGNAME"] ?? "uid \(getuid())"
    }
}
