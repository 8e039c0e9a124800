import Foundation

/// A whole site in a temp directory, driven through the `facegate` binary:
/// the example config pointed at a private state directory and key file,
/// and a gallery made by `facegate keygen`.
public struct SiteFixture: Sendable {
    public let folder: String
    public let config: String

    /// `edit` may change the example config's text (e.g. enable minors).
    /// Without `keygen` the site has no key or gallery of its own (a gate of
    /// an estate, whose config names the estate's key).
    public init(keygen: Bool = true, _ edit: (String) -> String = { $0 }) throws {
        folder = try Fixtures.temporaryDirectory("site")
        config = "\(folder)/facegate.toml"
        let example = try String(contentsOfFile: "\(Fixtures.repositoryRoot)/config/facegate.example.toml", encoding: .utf8)
        let text = edit(example)
            .replacingOccurrences(of: "\"/var/lib/facegate\"", with: "\"\(folder)/state\"")
            .replacingOccurrences(of: "\"/etc/facegate/master.key\"", with: "\"\(folder)/master.key\"")
            .replacingOccurrences(of: "= \"notice.", with: "= \"\(Fixtures.repositoryRoot)/config/notice.")
        try text.write(toFile: config, atomically: true, encoding: .utf8)
        guard keygen else { return }
        let made = try run(["keygen"])
        guard made.status == 0 else { throw ProcessFailure("keygen failed: \(made.stderr)") }
    }

    public var stateDirectory: String { "\(folder)/state" }

    /// Rewrites the config file (e.g. to break it on purpose).
    public func editConfig(_ edit: (String) -> String) throws {
        let text = try String(contentsOfFile: config, encoding: .utf8)
        try edit(text).write(toFile: config, atomically: true, encoding: .utf8)
    }

    /// `facegate ARGUMENTS --config … [--models …]`, stdin from /dev/null.
    public func run(_ arguments: [String], models: Bool = false) throws -> Subprocess.Result {
        try Subprocess.run(Subprocess.facegate, arguments + ["--config", config] + (models ? ["--models", Fixtures.modelsPath] : []))
    }

    /// The same on a real terminal (util-linux `script`), typing `input`.
    public func runAtTerminal(_ arguments: [String], typing input: String) throws -> Subprocess.Result {
        let words = [Subprocess.facegate] + arguments + ["--config", config, "--models", Fixtures.modelsPath]
        let command = words.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let inputFile = "\(folder)/typed-\(UUID().uuidString.prefix(6))"
        try input.write(toFile: inputFile, atomically: true, encoding: .utf8)
        return try Subprocess.run("/bin/sh", ["-c", "script -qec \"$0\" /dev/null < \"$1\"", command, inputFile])
    }

    /// `facegate enroll` with a signed paper form for each photo set.
    public func enroll(name: String, unit: String, photos: [String], extra: [String] = []) throws -> Subprocess.Result {
        try run(
            ["enroll", "--name", name, "--unit", unit, "--consent-form", "F-\(unit)"] + photos.flatMap { ["--photo", $0] } + extra, models: true)
    }

    /// `facegate operator add NAME --role ROLE`; the password it printed once.
    public func addOperator(_ name: String, role: String) throws -> String {
        let added = try run(["operator", "add", name, "--role", role, "--operator", "admin-li"])
        guard added.status == 0, let password = added.stdout.split(separator: " ").drop(while: { $0 != "Password:" }).dropFirst().first else {
            throw ProcessFailure("operator add \(name): \(added.stderr)")
        }
        return password.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
