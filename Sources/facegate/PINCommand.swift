import ArgumentParser
import Audit
import Gallery

/// `facegate pin …`: PINs for the built-in alternative way in.
struct PINCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pin", abstract: "Issue, list and remove PINs (an alternative to face entry for anyone).",
        subcommands: [Add.self, List.self, Remove.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue a PIN for a unit; it is printed once and stored only as a slow hash.")
        @Option(help: "The unit the PIN belongs to.")
        var unit: String
        @Option(help: "A chosen PIN of 6–8 digits (default: a random one).")
        var pin: String?
        @OptionGroup var site: SiteOptions
        @OptionGroup var operatorOption: OperatorOption

        func run() throws {
            let issued = try site.openGallery(site.loadConfig()).addPIN(unit: unit, pin: pin, actor: operatorOption.resolved)
            print("PIN \(issued.pin) issued as \(issued.identifier) for unit \(unit). Give it to the resident now; it is not stored.")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List PIN ids and units (never the PINs).")
        @OptionGroup var site: SiteOptions

        func run() throws {
            for entry in try site.openGallery(site.loadConfig()).pins() {
                print("\(entry.identifier)  unit \(entry.unit)  issued \(entry.created.day)")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a PIN.")
        @Argument(help: "The PIN id (p-…).")
        var identifier: String
        @OptionGroup var site: SiteOptions
        @OptionGroup var operatorOption: OperatorOption

        func run() throws {
            try site.openGallery(site.loadConfig()).removePIN(identifier, actor: operatorOption.resolved)
            print("Removed PIN \(identifier).")
        }
    }
}
