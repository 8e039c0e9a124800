/// TOML's lexical layer (keys, strings, brackets, commas, line ends),
/// checked in Swift before toml++ sees the text. toml++ 3.4.0 (inside
/// TOMLKit 0.6) assumes parts of it without checking: `[/etc]`, `[=]` after a
/// CRLF line end, `["card", }]` each tripped an assertion in debug builds and
/// are undefined behaviour in release (found by the config fuzzer, one after
/// another). Rather than refuse those inputs one by one, this scan accepts
/// only text whose every token is well formed, so toml++ is handed nothing
/// but well-formed TOML and is left the meaning: duplicate keys, numbers,
/// dates. It reads Unicode scalars, as toml++ does: to Swift a CRLF or a
/// combining mark after `[` is one character, and hid such headers once.
struct TOMLSyntax {
    private let scalars: [Unicode.Scalar]
    private let source: String
    private var index = 0
    private var line = 1
    private var depth = 0
    /// `scalarValue`, made once per check (a `Regex` is not `Sendable`, so no shared one).
    private let scalarValue = Self.scalarValue

    /// Values nest no deeper than this (a config needs two or three).
    static let maximumDepth = 32

    /// Throws a one-line `ConfigError` naming the line of the first token
    /// that is not well-formed TOML.
    static func check(_ text: String, source: String) throws(ConfigError) {
        var syntax = TOMLSyntax(scalars: Array(text.unicodeScalars), source: source)
        try syntax.document()
    }

    private init(scalars: [Unicode.Scalar], source: String) {
        self.scalars = scalars
        self.source = source
    }

    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private func ahead(_ offset: Int) -> Unicode.Scalar? { index + offset < scalars.count ? scalars[index + offset] : nil }

    private mutating func advance() {
        if scalars[index] == "\n" { line += 1 }
        index += 1
    }

    private func failure(_ what: String) -> ConfigError { ConfigError("\(source): line \(line): \(what)") }

    private func unexpected(_ what: String) -> ConfigError {
        guard let current else { return failure("\(what), not the end of the file") }
        return failure("\(what), not \(Self.describe(current))")
    }

    /// A scalar as an error message shows it: visible ones quoted, the
    /// rest (controls, blanks, marks, byte-order marks) as an escape.
    private static func describe(_ scalar: Unicode.Scalar) -> String {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .otherLetter, .decimalNumber, .otherPunctuation, .mathSymbol, .otherSymbol,
            .openPunctuation, .closePunctuation, .dashPunctuation, .connectorPunctuation, .currencySymbol:
            return "'\(scalar)'"
        default:
            return scalar.escaped(asASCII: true)
        }
    }

    private mutating func document() throws(ConfigError) {
        while true {
            skipBlanks()
            guard let scalar = current else { return }
            switch scalar {
            case "\n", "\r", "#": break
            case "[": try header()
            default: try keyValue()
            }
            try endOfLine()
        }
    }

    private mutating func skipBlanks() {
        while current == " " || current == "\t" { advance() }
    }

    /// Blanks, a comment, then a line end or the end of the text.
    private mutating func endOfLine() throws(ConfigError) {
        skipBlanks()
        if current == "#" {
            advance()
            while let scalar = current, scalar != "\n", scalar != "\r" {
                guard !Self.isControl(scalar) else { throw failure("a control character \(scalar.escaped(asASCII: true)) in a comment") }
                advance()
            }
        }
        try newline(or: "the end of the line")
    }

    private mutating func newline(or what: String) throws(ConfigError) {
        if current == "\r", ahead(1) == "\n" { advance() }
        guard current == nil || current == "\n" else { throw unexpected("expected \(what)") }
        if current != nil { advance() }
    }

    private mutating func header() throws(ConfigError) {
        advance()
        let array = current == "["
        if array { advance() }
        skipBlanks()
        guard let first = current, Self.isBare(first) || first == "\"" || first == "'" else {
            throw failure("a table header must be [name] with a plain or quoted name")
        }
        try key()
        for _ in 0..<(array ? 2 : 1) {
            guard current == "]" else { throw unexpected("a table header must end with '\(array ? "]]" : "]")'") }
            advance()
        }
    }

    private mutating func keyValue() throws(ConfigError) {
        try key()
        guard current == "=" else { throw unexpected("expected '=' after the key") }
        advance()
        skipBlanks()
        try value()
    }

    /// A key, plain or quoted, dotted or not; the blanks after it are skipped.
    private mutating func key() throws(ConfigError) {
        while true {
            switch current {
            case let scalar? where Self.isBare(scalar):
                while let scalar = current, Self.isBare(scalar) { advance() }
            case let quote? where quote == "\"" || quote == "'": try string(quote: quote)
            default: throw unexpected("expected a key (letters, digits, '_' and '-', or a quoted name)")
            }
            skipBlanks()
            guard current == "." else { return }
            advance()
            skipBlanks()
        }
    }

    private mutating func value() throws(ConfigError) {
        switch current {
        case let quote? where quote == "\"" || quote == "'":
            try ahead(1) == quote && ahead(2) == quote ? multilineString(quote: quote) : string(quote: quote)
        case "[", "{":
            depth += 1
            guard depth <= Self.maximumDepth else { throw failure("values nested deeper than \(Self.maximumDepth)") }
            try current == "[" ? array() : inlineTable()
            depth -= 1
        default: try word()
        }
    }

    /// TOML's other values, whole: booleans; decimal, hexadecimal, octal and
    /// binary integers; floats, inf and nan; dates, times and date-times.
    /// toml++ reads their meaning, but only after this: its value scanner
    /// also asserts what it does not check (`1979-05-27 0]` tripped it).
    static var scalarValue: Regex<Substring> {
        #/true|false|[+-]?(?:inf|nan)|0x[0-9A-Fa-f](?:_?[0-9A-Fa-f])*|0o[0-7](?:_?[0-7])*|0b[01](?:_?[01])*|[+-]?(?:0|[1-9](?:_?[0-9])*)(?:\.[0-9](?:_?[0-9])*)?(?:[eE][+-]?[0-9](?:_?[0-9])*)?|[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?(?:[Zz]|[+-][0-9]{2}:[0-9]{2})?)?|[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?/#
    }

    /// Longer than any value a config holds, shorter than toml++'s 128-character look-back.
    static let maximumValueLength = 64

    /// A number, a boolean or a date (whose time may follow after one space).
    private mutating func word() throws(ConfigError) {
        var word = ""
        while let scalar = current, scalar.isASCII,
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "_+-.:".unicodeScalars.contains(scalar)
        {
            word.unicodeScalars.append(scalar)
            advance()
            if current == " ", word.wholeMatch(of: #/[0-9]{4}-[0-9]{2}-[0-9]{2}/#) != nil,
                let first = ahead(1), let second = ahead(2), ("0"..."9").contains(first), ("0"..."9").contains(second), ahead(3) == ":"
            {
                word.unicodeScalars.append(" ")
                advance()
            }
        }
        guard !word.isEmpty else { throw unexpected("expected a value") }
        guard word.unicodeScalars.count <= Self.maximumValueLength else {
            throw failure("a value longer than \(Self.maximumValueLength) characters")
        }
        guard word.wholeMatch(of: scalarValue) != nil else {
            throw failure("'\(word)' is not a string, a number, a boolean or a date")
        }
    }

    private mutating func array() throws(ConfigError) {
        advance()
        while true {
            try skipArrayBlanks()
            if current == "]" { return advance() }
            guard current != "}" else { throw failure("a '}' where the array expects a value") }
            try value()
            try skipArrayBlanks()
            switch current {
            case ",": advance()
            case "]": return advance()
            default: throw unexpected("expected ',' or ']' in an array")
            }
        }
    }

    /// Inside an array values may stand on lines of their own, with comments.
    private mutating func skipArrayBlanks() throws(ConfigError) {
        while true {
            skipBlanks()
            guard current == "#" || current == "\n" || current == "\r" else { return }
            try endOfLine()
        }
    }

    /// `{ key = value, … }` on one line, without a trailing comma.
    private mutating func inlineTable() throws(ConfigError) {
        advance()
        skipBlanks()
        if current == "}" { return advance() }
        while true {
            try keyValue()
            skipBlanks()
            switch current {
            case ",":
                advance()
                skipBlanks()
            case "}": return advance()
            default: throw unexpected("expected ',' or '}' in an inline table")
            }
        }
    }

    /// `"…"` (with escapes) or `'…'`, on one line.
    private mutating func string(quote: Unicode.Scalar) throws(ConfigError) {
        advance()
        while true {
            guard let scalar = current, scalar != "\n", scalar != "\r" else { throw failure("a string that does not end on its line") }
            advance()
            if scalar == quote { return }
            if quote == "\"", scalar == "\\" {
                try escape()
            } else if Self.isControl(scalar) {
                throw failure("a control character \(scalar.escaped(asASCII: true)) in a string")
            }
        }
    }

    /// `"""…"""` (with escapes) or `'''…'''`; up to two quotes may stand
    /// just before the closing three.
    private mutating func multilineString(quote: Unicode.Scalar) throws(ConfigError) {
        let opened = line
        for _ in 0..<3 { advance() }
        while true {
            guard let scalar = current else { throw ConfigError("\(source): line \(opened): a multi-line string that is never closed") }
            if scalar == quote, ahead(1) == quote, ahead(2) == quote {
                for _ in 0..<3 { advance() }
                for _ in 0..<2 where current == quote { advance() }
                return
            }
            if scalar == "\r" {
                guard ahead(1) == "\n" else { throw failure("a carriage return without a line feed in a string") }
                advance()
                continue
            }
            advance()
            if quote == "\"", scalar == "\\" {
                try multilineEscape()
            } else if scalar != "\n", Self.isControl(scalar) {
                throw failure("a control character \(scalar.escaped(asASCII: true)) in a string")
            }
        }
    }

    /// In a `"""` string a backslash at the end of a line joins it to the next.
    private mutating func multilineEscape() throws(ConfigError) {
        var look = index
        while look < scalars.count, scalars[look] == " " || scalars[look] == "\t" { look += 1 }
        guard look < scalars.count, scalars[look] == "\n" || scalars[look] == "\r" else { return try escape() }
        while let scalar = current, scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
            guard scalar != "\r" || ahead(1) == "\n" else { throw failure("a carriage return without a line feed in a string") }
            advance()
        }
    }

    private mutating func escape() throws(ConfigError) {
        guard let scalar = current else { throw failure("a string that is never closed") }
        advance()
        switch scalar {
        case "b", "t", "n", "f", "r", "\"", "\\": return
        case "u", "U":
            var value: UInt32 = 0
            for _ in 0..<(scalar == "u" ? 4 : 8) {
                guard let digit = current, let number = digit.isASCII ? UInt32(String(digit), radix: 16) : nil else {
                    throw failure("an escape \\\(scalar) needs \(scalar == "u" ? 4 : 8) hexadecimal digits")
                }
                value = value << 4 | number
                advance()
            }
            guard Unicode.Scalar(value) != nil else {
                throw failure("an escape for U+\(String(value, radix: 16, uppercase: true)), which is no character")
            }
        default: throw failure("an unknown escape \\\(scalar.escaped(asASCII: true)) in a string")
        }
    }

    private static func isBare(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-")
    }

    /// What TOML forbids in strings and comments: controls other than tab.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F
    }
}
