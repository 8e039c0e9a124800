import Config
import Decision
import Foundation
import TestSupport
import Testing

/// The config parser under 10 000 mutated configs (`FACEGATE_CONFIG_FUZZ`
/// for more): every one is either a valid config or one `ConfigError` line
/// naming the file — never a crash, a hang or a multi-line dump. Mutations
/// start from the documented example, so most inputs get deep into the
/// parser and the key checks rather than failing at the first byte.
@Suite(.testExecutor) struct ConfigFuzzTests {
    static let tokens = [
        "[", "]", "[[site]]", "[site]", "[site.extra]", "\"", "'", "\"\"\"", "'''", "=", "==", ".", ",", "{", "}", "{ a = 1 }",
        "#", "\\", "\\u0000", "\\uD800", "\u{0}", "\u{7F}", "𝄞", "门禁", "\r", "\r\n", "\t", "1e999", "-0", "nan", "+inf", "-inf",
        "9223372036854775808", "-9223372036854775809", "0x", "0b2", "1979-05-27T07:32:00Z", "1979-13-45", "true", "falsey",
        "[1, \"a\", 2.0]", "\"a\\nb\"", "[[]]", "a.b.c.d = 1", "site.controller = 1", "\"\" = 1", String(repeating: "[", count: 300),
        String(repeating: "a", count: 5_000),
        // Former toml++ assertions the lexical check now refuses (a CRLF
        // line end or a combining mark hid them from character-based ones).
        "a=1\r\n[=]", "a=1\r\n[[=]]", "[\u{301}=]", "x = [\"a\", }\u{301}]", "# c\r\nx = [\"a\", }]",
    ]

    static func mutate(_ text: String, _ rng: inout SeededGenerator) -> String {
        var lines = text.components(separatedBy: "\n")
        var bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return tokens.randomElement(using: &rng)! }
        switch Int.random(in: 0..<7, using: &rng) {
        case 0:
            for _ in 0..<Int.random(in: 1...8, using: &rng) {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
            return String(decoding: bytes, as: UTF8.self)
        case 1:
            lines.remove(at: Int.random(in: 0..<lines.count, using: &rng))
        case 2:
            let line = lines[Int.random(in: 0..<lines.count, using: &rng)]
            lines.insert(line, at: Int.random(in: 0...lines.count, using: &rng))
        case 3:
            let index = Int.random(in: 0..<lines.count, using: &rng)
            let line = lines[index]
            let cut = line.index(line.startIndex, offsetBy: Int.random(in: 0...line.count, using: &rng))
            lines[index] = String(line[..<cut]) + tokens.randomElement(using: &rng)! + String(line[cut...])
        case 4:
            let index = Int.random(in: 0..<lines.count, using: &rng)
            if let equals = lines[index].firstIndex(of: "=") {
                lines[index] = String(lines[index][...equals]) + " " + tokens.randomElement(using: &rng)!
            }
        case 5:
            let a = Int.random(in: 0..<bytes.count, using: &rng), b = Int.random(in: 0..<bytes.count, using: &rng)
            return String(decoding: bytes[..<min(a, b)] + bytes[max(a, b)...] + bytes[min(a, b)..<max(a, b)], as: UTF8.self)
        default:
            return String(decoding: bytes.prefix(Int.random(in: 0..<bytes.count, using: &rng)), as: UTF8.self)
        }
        return lines.joined(separator: "\n")
    }

    /// Inputs that once reached a toml++ assertion (an abort in debug
    /// builds, undefined behaviour in release): each is refused in one line.
    @Test func formerParserAssertionsAreRefusedInOneLine_R20() {
        for text in [
            "[/etc]", "x = [\"card\", }]", "a=1\r\n[=]", "a=1\r\n[[=]]", "[\u{301}=]", "[\u{0B}camera]", "\u{FEFF}[", "[# f\"\"\"\"egate]",
            "[\u{FFFD}alter'''\n", "x = [\"a\", }\u{301}]", "# c\r\nx = [\"a\", }]", "x = [1979-05-27 0]", "x = 1979-05-27 0 ",
        ] {
            let error = #expect(throws: ConfigError.self) { try FacegateConfig(toml: text, source: "fuzz.toml", baseDirectory: "/etc/facegate") }
            #expect(
                error?.message.hasPrefix("fuzz.toml: line") == true && error?.message.contains("\n") == false,
                "\(text.debugDescription): \(error?.message ?? "accepted")")
        }
    }

    /// A refused value is quoted in the message; a string holding an escaped
    /// line break or terminal control (the config fuzzer's find on CI) shows
    /// it escaped, so the message stays one line naming the key.
    @Test func aQuotedValueWithControlCharactersStaysOneLine_R20() {
        for (key, value) in [
            ("liveness.challenge", #""on\ndoubt""#), ("camera.transport", #""tcp\r\nudp""#), ("liveness.challenge", #""\u001b[2Jnever""#),
        ] {
            let parts = key.split(separator: ".")
            let text = "[alternatives]\nmethods = [\"pin\"]\n[\(parts[0])]\n\(parts[1]) = \(value)\n"
            let error = #expect(throws: ConfigError.self) { try FacegateConfig(toml: text, source: "fuzz.toml", baseDirectory: "/etc/facegate") }
            let message = error?.message ?? "accepted"
            #expect(message.hasPrefix("fuzz.toml: '\(key)'"), "\(message)")
            #expect(!message.unicodeScalars.contains { $0.properties.generalCategory == .control }, "\(message.debugDescription)")
        }
    }

    @Test func mutatedConfigsAreLoadedOrRefusedInOneLineNeverCrash_R20() throws {
        let example = try String(contentsOfFile: "\(Fixtures.repositoryRoot)/config/facegate.example.toml", encoding: .utf8)
        let count = Int(ProcessInfo.processInfo.environment["FACEGATE_CONFIG_FUZZ"] ?? "") ?? 10_000
        var rng = SeededGenerator(seed: 20_261_202)
        var loaded = 0, refused = 0
        var messages = Set<String>()
        let started = ContinuousClock.now
        for round in 0..<count {
            var text = example
            for _ in 0..<Int.random(in: 1...3, using: &rng) { text = Self.mutate(text, &rng) }
            do {
                _ = try FacegateConfig(toml: text, source: "fuzz.toml", baseDirectory: "/etc/facegate")
                loaded += 1
            } catch {
                refused += 1
                #expect(error.message.hasPrefix("fuzz.toml"), "round \(round): \(error.message)")
                #expect(!error.message.contains("\n"), "round \(round): one line: \(error.message)")
                messages.insert(String(error.message.prefix(40)))
            }
        }
        let seconds = Double((ContinuousClock.now - started).components.seconds)
        print(
            "config fuzz: \(count) mutated configs in \(Int(seconds)) s: \(loaded) loaded, \(refused) refused (\(messages.count) distinct message starts), 0 crashes"
        )
        #expect(refused > count / 2, "most mutations break the config, so the refusals were exercised")
        #expect(loaded > 0, "some mutations are harmless, so the accepting path was exercised too")
    }
}
