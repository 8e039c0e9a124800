import Foundation
import Policy
import TOMLKit

/// Reads typed values out of a parsed TOML document and remembers which keys
/// it read, so that every key it did not read can be reported as unknown —
/// a misspelt key is an error, never silently ignored.
final class TOMLReader {
    private let root: TOMLTable
    private let source: String
    private var read: Set<String> = []

    init(_ text: String, source: String) throws(ConfigError) {
        self.source = source
        // A byte-order mark (an editor on Windows) is no part of the text.
        let text = text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
        try TOMLSyntax.check(text, source: source)
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError("\(source): \(error.source.begin.debugDescription): \(error.description)")
        } catch {
            throw ConfigError("\(source): not valid TOML")
        }
    }

    private func value(_ path: String) throws(ConfigError) -> (any TOMLValueConvertible)? {
        read.insert(path)
        var table = root
        let parts = path.split(separator: ".").map(String.init)
        for (index, part) in parts.enumerated() {
            guard let value = table[part] else { return nil }
            if index == parts.count - 1 { return value }
            guard let next = value.table else {
                throw ConfigError("\(source): '\(parts[...index].joined(separator: "."))' must be a table")
            }
            read.insert(parts[...index].joined(separator: "."))
            table = next
        }
        return nil
    }

    private func typeError(_ path: String, _ expected: String) -> ConfigError {
        ConfigError("\(source): '\(path)' must be \(expected)")
    }

    func string(_ path: String, default fallback: String) throws(ConfigError) -> String {
        try optionalString(path) ?? fallback
    }

    func optionalString(_ path: String) throws(ConfigError) -> String? {
        guard let value = try value(path) else { return nil }
        guard let string = value.string else { throw typeError(path, "a string") }
        return string
    }

    /// A text given once for every language (a string) or per language (a
    /// table of zh-CN and en strings); nil when absent. A language left out
    /// of a table is absent from the result.
    func localized(_ path: String) throws(ConfigError) -> [Language: String]? {
        guard let value = try value(path) else { return nil }
        if let string = value.string { return Dictionary(uniqueKeysWithValues: Language.allCases.map { ($0, string) }) }
        guard let table = value.table else { throw typeError(path, "a string, or a table of zh-CN and en strings") }
        var texts: [Language: String] = [:]
        for key in table.keys {
            guard let language = Language(rawValue: key) else { throw error("'\(path).\(key)': languages are zh-CN and en") }
            texts[language] = try string("\(path).\(key)", default: "")
        }
        guard !texts.isEmpty else { throw typeError(path, "a string, or a table of zh-CN and en strings") }
        return texts
    }

    func int(_ path: String, default fallback: Int, range: ClosedRange<Int>) throws(ConfigError) -> Int {
        guard let value = try value(path) else { return fallback }
        guard let int = value.int else { throw typeError(path, "an integer") }
        guard range.contains(int) else { throw typeError(path, "between \(range.lowerBound) and \(range.upperBound)") }
        return int
    }

    func double(_ path: String, default fallback: Double, range: ClosedRange<Double>) throws(ConfigError) -> Double {
        try optionalDouble(path, range: range) ?? fallback
    }

    func optionalDouble(_ path: String, range: ClosedRange<Double>) throws(ConfigError) -> Double? {
        guard let value = try value(path) else { return nil }
        guard let double = value.double ?? value.int.map(Double.init) else { throw typeError(path, "a number") }
        guard range.contains(double) else { throw typeError(path, "between \(range.lowerBound) and \(range.upperBound)") }
        return double
    }

    func bool(_ path: String, default fallback: Bool) throws(ConfigError) -> Bool {
        guard let value = try value(path) else { return fallback }
        guard let bool = value.bool else { throw typeError(path, "true or false") }
        return bool
    }

    func strings(_ path: String, default fallback: [String]) throws(ConfigError) -> [String] {
        guard let value = try value(path) else { return fallback }
        guard let array = value.array else { throw typeError(path, "an array of strings") }
        var strings: [String] = []
        for element in array {
            guard let string = element.string else { throw typeError(path, "an array of strings") }
            strings.append(string)
        }
        return strings
    }

    func optionalDoubles(_ path: String) throws(ConfigError) -> [Double]? {
        guard let value = try value(path) else { return nil }
        guard let array = value.array else { throw typeError(path, "an array of numbers") }
        var numbers: [Double] = []
        for element in array {
            guard let number = element.double ?? element.int.map(Double.init) else { throw typeError(path, "an array of numbers") }
            numbers.append(number)
        }
        return numbers
    }

    /// `raw` as one of `T`'s cases; an error naming the key and every allowed value otherwise.
    func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ raw: String) throws(ConfigError) -> T
    where T.RawValue == String {
        guard let value = T(rawValue: raw) else {
            throw error("'\(key)' is \"\(raw)\"; allowed: \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    /// An error about this file.
    func error(_ message: String) -> ConfigError { ConfigError("\(source): \(message)") }

    /// Marks a key as known without reading it (settings of an actuator not in use).
    func tolerate(_ path: String) {
        read.insert(path)
        let parts = path.split(separator: ".")
        for count in 1..<parts.count { read.insert(parts.prefix(count).joined(separator: ".")) }
    }

    /// Keys present in a table, for sections whose keys are data (e.g. per-language files).
    func keys(of path: String) throws(ConfigError) -> [String] {
        guard let value = try value(path) else { return [] }
        guard let table = value.table else { throw typeError(path, "a table") }
        return table.keys
    }

    /// Throws naming the first key present in the file that nothing read.
    func rejectUnknownKeys() throws(ConfigError) {
        func walk(_ table: TOMLTable, prefix: String) throws(ConfigError) {
            for key in table.keys.sorted() {
                let path = prefix.isEmpty ? key : "\(prefix).\(key)"
                guard read.contains(path) else {
                    throw ConfigError("\(source): unknown key '\(path)' (see config/facegate.example.toml for every key)")
                }
                if let child = table[key]?.table { try walk(child, prefix: path) }
            }
        }
        try walk(root, prefix: "")
    }
}
