import ArgumentParser
import Config
import FaceVision
import SiteReview

/// `facegate doctor`: one screen an installer or an auditor reads to see that
/// a gate is set up lawfully and safely, one line per check (ok, warn, fail)
/// with how to fix it. Exit 1 when any check fails; `--json` for monitoring.
struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check that this gate is set up lawfully and safely: one line per check, with how to fix it.",
        discussion: """
            Checks the config, the alternatives (R1), the placement (R17), the retention (R7), the models' \
            SHA-256 (R20), the master key and the state directory's permissions (R10, R12), the impact \
            assessment (R18), the gallery against the CAC filing thresholds (R19), the audit chain (R13), \
            both databases' integrity, the systemd unit's hardening and the camera. \
            Exits 1 when any check fails, 0 otherwise (warnings included).
            """)

    @Flag(help: "Print one JSON document instead of the screen.")
    var json = false

    @Option(help: "Model directory (default: as `facegate run` finds it).")
    var models: String?

    @Option(help: "The installed systemd unit to rate (default: the first of /etc/systemd/system, /lib/systemd/system).")
    var unit: String?

    @Flag(help: "Do not open the camera (e.g. while the daemon is using it).")
    var skipCamera = false

    @OptionGroup var site: SiteOptions

    func run() throws {
        let report = SiteCheckReport(checks())
        print(json ? report.json : report.text)
        if report.status == .fail { throw ExitCode(ExitStatus.failure.rawValue) }
    }

    func checks() -> [SiteCheck] {
        let config: FacegateConfig
        do {
            config = try site.loadConfig()
        } catch {
            return [.fail("config", "\(error)", fix: "correct the file; config/facegate.example.toml documents every key")]
        }
        let checker = SiteChecker(config: config, modelDirectory: ModelDirectory(explicit: models))
        return checker.all(gallery: Result { try site.openGallery(config) }, unit: unit, camera: !skipCamera)
    }
}
