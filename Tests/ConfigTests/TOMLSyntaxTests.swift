import Foundation
import TestSupport
import Testing

@testable import Config

/// The lexical check in front of toml++ (R20: a broken config is one line
/// naming the place): what TOML allows passes, whatever any token gets
/// wrong is refused at its line, before toml++ could trip over it.
@Suite struct TOMLSyntaxTests {
    static func refusal(_ text: String) -> String? {
        do {
            try TOMLSyntax.check(text, source: "t.toml")
            return nil
        } catch {
            return error.message
        }
    }

    @Test func everythingTOMLAllowsPasses_R20() throws {
        let example = try String(contentsOfFile: "\(Fixtures.repositoryRoot)/config/facegate.example.toml", encoding: .utf8)
        let texts = [
            example,
            example.replacingOccurrences(of: "\n", with: "\r\n"),
            "",
            "# only a comment\n\n\t\n",
            "[a]\nb = 1\n[[c.d]]\ne = 'x'\n[ \"quoted key\" . 'f' ]\n",
            "a.b.\"c\" = true\nd = -0.5e3\ne = +inf\nf = 0x1F\ng = 1979-05-27T07:32:00Z\nh = 1979-05-27 07:32:00\ni = 07:32:00\n",
            "j = 1_000\nk = -nan\nl = 0o17\nm = 0b1010\nn = 6.626e-34\no = 1979-05-27T00:32:00.999-07:00\np = 1979-05-27\nq = false\nr = +0.0\n",
            "a = [\n  \"x\", # first\n  'y',\n  [1, [2, []]],\n]\nb = []\nc = [ ]\n",
            "a = { b = 1, c.d = \"e\", f = { g = [1, 2] } }\nh = {}\n",
            "a = \"tab\\there \\\"quoted\\\" \\u00e9 \\U0001F600 \\\\\"\nb = 'C:\\path'\n",
            "a = \"\"\"\nline one\n  line \\\n    joined\n\"\"\"\nb = '''\nraw \\n \"\"\" here\n'''\nc = \"\"\"two quotes before the end\"\"\"\"\"\n",
            "\"名\" = 1",
            "a = \"门禁 𝄞\" # 注释\n",
        ]
        for text in texts {
            #expect(Self.refusal(text) == nil, "\(text.debugDescription)")
        }
        // A byte-order mark (a config saved on Windows) is dropped, not refused.
        let marked = try FacegateConfig(toml: "\u{FEFF}" + example, source: "t.toml", baseDirectory: "/etc/facegate")
        #expect(marked.site.gateID == "north-gate")
    }

    @Test func everyMalformedTokenIsRefusedAtItsLine_R20() {
        let cases: [(String, String)] = [
            ("[/etc]", "t.toml: line 1: a table header must be [name]"),
            ("a = 1\r\n[=]", "t.toml: line 2: a table header must be [name]"),
            ("[a\n", "t.toml: line 1: a table header must end with ']'"),
            ("[[a]\n", "t.toml: line 1: a table header must end with ']]'"),
            ("a b = 1", "t.toml: line 1: expected '=' after the key"),
            ("x = [\"a\", }]", "t.toml: line 1: a '}' where the array expects a value"),
            ("x = [1 2]", "t.toml: line 1: expected ',' or ']' in an array"),
            ("x = [1,\n", "t.toml: line 2: expected a value, not the end of the file"),
            ("x = { a = 1, }", "t.toml: line 1: expected a key"),
            ("x = { a = 1\n}", "t.toml: line 1: expected ',' or '}' in an inline table"),
            ("x = ", "t.toml: line 1: expected a value"),
            ("x = 1 2", "t.toml: line 1: expected the end of the line"),
            ("x = \"open\ny = 1", "t.toml: line 1: a string that does not end on its line"),
            ("x = \"\\q\"", "t.toml: line 1: an unknown escape"),
            ("x = \"\\uD800\"", "t.toml: line 1: an escape for U+D800, which is no character"),
            ("x = \"\\u12\"", "t.toml: line 1: an escape \\u needs 4 hexadecimal digits"),
            ("x = \"a\u{0}b\"", "t.toml: line 1: a control character"),
            ("x = 1 # a\u{7}bell", "t.toml: line 1: a control character"),
            ("\n\nx = \"\"\"\nnever closed", "t.toml: line 3: a multi-line string that is never closed"),
            ("x = 1\ry = 2", "t.toml: line 1: expected the end of the line"),
            ("\u{FEFF}[", "t.toml: line 1: expected a key"),
            ("x = " + String(repeating: "[", count: 300), "t.toml: line 1: values nested deeper than 32"),
            ("[\u{301}=]", "t.toml: line 1: a table header must be [name]"),
            ("é = 1", "t.toml: line 1: expected a key"),
            ("x = [1979-05-27 0]", "t.toml: line 1: expected ',' or ']' in an array"),
            ("x = 1979-05-27 0 ", "t.toml: line 1: expected the end of the line"),
            ("x = yes", "t.toml: line 1: 'yes' is not a string, a number, a boolean or a date"),
            ("x = 01", "t.toml: line 1: '01' is not a string"),
            ("x = 1__0", "t.toml: line 1: '1__0' is not a string"),
            ("x = 0x", "t.toml: line 1: '0x' is not a string"),
            ("x = 1979-05-27T07:32", "t.toml: line 1: '1979-05-27T07:32' is not a string"),
            ("x = " + String(repeating: "9", count: 65), "t.toml: line 1: a value longer than 64 characters"),
        ]
        for (text, message) in cases {
            let refusal = Self.refusal(text)
            #expect(refusal?.hasPrefix(message) == true && refusal?.contains("\n") == false, "\(text.debugDescription): \(refusal ?? "passed")")
        }
    }
}
