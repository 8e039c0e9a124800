import ArgumentParser
import Config
import Gallery
import Keys

/// `facegate rekey`: a new master key without re-enrolling anyone (R11).
struct Rekey: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rewrap every subject key and the audit key under a new master key, atomically.",
        discussion: """
            Make the new key first with `facegate keygen --key-file NEW`. After the rekey only the new
            key opens the gallery: install it where the daemon reads it (the key file in the config,
            or the systemd credential) and keep no copy of the old one.
            """)

    @Option(help: "The new key file (made by facegate keygen).")
    var newKey: String

    @OptionGroup var site: SiteOptions
    @OptionGroup var operatorOption: OperatorOption

    func run() throws {
        let config = try site.loadConfig()
        guard config.estate == nil else {
            throw CommandFailure(
                status: .failure,
                description:
                    "a rekey of an estate gallery is not supported yet: every gate's copy and the estate database would need the new key at once; nothing was changed"
            )
        }
        let gallery = try site.openGallery(config)
        let newMaster = try MasterKey.load(keyFile: newKey, credentialsDirectory: "")
        let rekeyed = try gallery.rekey(to: newMaster, actor: operatorOption.resolved)
        let count = try rekeyed.subjectCount()
        print("Rekeyed: \(count) subject key\(count == 1 ? "" : "s") and the audit key now open with \(newMaster.fingerprint).")
        print("Now install the new key: mv \(newKey) \(config.storage.keyFile) (or re-encrypt the systemd credential).")
    }
}
