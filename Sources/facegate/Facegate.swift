import ArgumentParser

/// The `facegate` command: face entry for residential gates, with consent,
/// alternatives and an audit trail. Each subcommand is one file.
@main
struct Facegate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "facegate",
        abstract: "Face entry for residential gates: consent-only, never the only way in, audited.",
        discussion: """
            Exit codes: 0 ok, 1 failure, 3 no face found, 64 bad usage, 65 bad input image, \
            66 input missing or unreadable, 69 camera or stream unavailable, 70 internal error, \
            78 model or configuration problem.
            """,
        subcommands: [
            Run.self, Keygen.self, Enroll.self, Import.self, Withdraw.self, List.self, Purge.self, Rekey.self, PINCommand.self, OperatorCommand.self,
            ConsoleCommand.self,
            Assessment.self, AuditCommand.self, Doctor.self, Report.self, EstateCommand.self,
            Detect.self, Embed.self, Compare.self, Bench.self,
        ]
    )
}
