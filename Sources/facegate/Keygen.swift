import ArgumentParser
import Audit
import Config
import Foundation
import Gallery
import Keys

/// `facegate keygen`: a new master key, and the empty gallery bound to it
/// when the site has none yet.
struct Keygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a master key (mode 0600) and, on a new site, the empty gallery it opens.",
        discussion: """
            Without --key-file the key goes to the config's storage.key_file. On a site that already
            has a gallery, the new key is for `facegate rekey --new-key FILE`; the current gallery is
            not touched. Never overwrites an existing file. For systemd, encrypt the key as a
            credential: systemd-creds encrypt --name=facegate-master-key KEYFILE /etc/credstore.encrypted/facegate-master-key
            """)

    @Option(help: "Where to write the new key (default: storage.key_file from the config).")
    var keyFile: String?

    @OptionGroup var site: SiteOptions
    @OptionGroup var operatorOption: OperatorOption

    func run() throws {
        let config = try site.loadConfig()
        let path = keyFile ?? config.storage.keyFile
        let key = MasterKey.generate()
        let directory = config.storage.stateDirectory
        if Gallery.exists(in: directory) {
            let gallery = try site.openGallery(config)
            try key.write(to: path)
            let entry = try Self.removingKey(at: path) {
                try gallery.audit(
                    AuditEvent(
                        .keygen, gate: config.site.gateID, reason: "new key \(key.fingerprint) made for a rekey", actor: operatorOption.resolved))
            }
            print("New key \(key.fingerprint) written to \(path) (mode 0600); audit \(entry.receipt).")
            print("The gallery still uses its current key; switch with: facegate rekey --new-key \(path)")
        } else {
            try key.write(to: path)
            let entry = try Self.removingKey(at: path) {
                let gallery = try Gallery.create(in: directory, master: key, gate: config.site.gateID)
                return try gallery.audit(
                    AuditEvent(
                        .keygen, gate: config.site.gateID, reason: "master key \(key.fingerprint) created with a new gallery",
                        actor: operatorOption.resolved))
            }
            print("Master key \(key.fingerprint) written to \(path) (mode 0600).")
            print("New empty gallery in \(directory); audit \(entry.receipt).")
        }
    }

    /// Runs `body` after the new key was written to `path`; when it fails the
    /// key goes again, so a refused keygen leaves no key nothing uses.
    static func removingKey<Result>(at path: String, _ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
    }
}
