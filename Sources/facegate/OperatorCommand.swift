public import ArgumentParser
import Audit
import Foundation
import Gallery

/// `facegate operator …`: the staff who may sign in to the web console, by role.
struct OperatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operator", abstract: "Add, list, unlock and remove web-console operators (desk, auditor, admin).",
        subcommands: [Add.self, List.self, Password.self, Unlock.self, Remove.self])

    /// Where a new password comes from: one line on standard input, or made here and printed once.
    struct PasswordSource: ParsableArguments {
        @Flag(help: "Read the password (at least 12 characters) from one line of standard input instead of making one.")
        var passwordStdin = false

        func password() throws -> (password: String, made: Bool) {
            guard passwordStdin else { return (Self.random(), true) }
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw ValidationError("--password-stdin: no password on standard input")
            }
            return (line, false)
        }

        /// Four groups of four from 32 letters and digits that cannot be misread: 80 bits.
        static func random() -> String {
            let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789"), count = alphabet.count
            var generator = SystemRandomNumberGenerator()
            return (0..<4).map { _ in String((0..<4).map { _ in alphabet[Int.random(in: 0..<count, using: &generator)] }) }.joined(separator: "-")
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an operator; a made password is printed once and stored only as a slow hash.")
        @Argument(help: "The login name (a–z, 0–9, '.', '-', '_').")
        var name: String
        @Option(help: "desk (enroll, withdraw, PINs), auditor (audit, reports), admin (both, and operators).")
        var role: OperatorAccount.Role
        @OptionGroup var source: PasswordSource
        @OptionGroup var site: SiteOptions
        @OptionGroup var operatorOption: OperatorOption

        func run() throws {
            let (password, made) = try source.password()
            try site.openGallery(site.loadConfig()).addOperator(name, role: role, password: password, actor: operatorOption.resolved)
            print("Operator \(name) added as \(role.rawValue).\(made ? " Password: \(password) (give it to them now; it is not stored)." : "")")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List operators, their roles and whether they are locked.")
        @OptionGroup var site: SiteOptions

        func run() throws {
            for account in try site.openGallery(site.loadConfig()).operators() {
                let locked = account.lockedUntil.map { $0 > Date() ? "  locked until \(Timestamp.format($0))" : "" } ?? ""
                print("\(account.name)  \(account.role.rawValue)  added \(account.created.day)\(locked)")
            }
        }
    }

    struct Password: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give an operator a new password (this also unlocks them).")
        @Argument var name: String
        @OptionGroup var source: PasswordSource
        @OptionGroup var site: SiteOptions
        @OptionGroup var operatorOption: OperatorOption

        func run() throws {
            let (password, made) = try source.password()
            try site.openGallery(site.loadConfig()).setOperatorPassword(name, password: password, actor: operatorOption.resolved)
            print("New password for \(name).\(made ? " Password: \(password) (give it to them now; it is not stored)." : "")")
        }
    }

    struct Unlock: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unlock an operator whom wrong passwords locked.")
        @Argument var name: String
        @OptionGroup var site: SiteOptions
        @OptionGroup var operatorOption: OperatorOption

        func run() throws {
            try site.openGallery(site.loadConfig()).unlockOperator(name, actor: operatorOption.resolved)
            print("Operator \(name) unlocked.")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an operator; their past actions stay in the audit.")
        @Argument var name: String
        @OptionGroup var site: SiteOptions
        @OptionGroup var operatorOption: OperatorOption

        func run() throws {
            try site.openGallery(site.loadConfig()).removeOperator(name, actor: operatorOption.resolved)
            print("Removed operator \(name).")
        }
    }
}

extension OperatorAccount.Role: ExpressibleByArgument {}
