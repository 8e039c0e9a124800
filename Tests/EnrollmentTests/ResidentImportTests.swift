import Enrollment
import Testing

/// The import file's format, alone: RFC 4180 quoting, relative photo paths,
/// and a whole file refused, naming the line, when its shape is wrong.
@Suite struct ResidentImportTests {
    @Test func quotedFieldsHoldCommasQuotesAndLineBreaksAndPhotosAreFoundBesideTheFile() throws {
        let text =
            "\u{FEFF}Name,unit,photo,consent_form,contact\r\n\"Wang, \"\"Wu\"\"\",3-402,a.jpg,F-1,\"line one\nline two\"\r\nLi,3-403,/abs/b.jpg,F-2,\r\n\r\n"
        let rows = try ResidentImport(csv: text, folder: "/data").rows
        #expect(rows.count == 2)
        #expect(rows[0].name == "Wang, \"Wu\"" && rows[0].photo == "/data/a.jpg" && rows[0].contact == "line one\nline two")
        #expect(rows[1].line == 4 && rows[1].photo == "/abs/b.jpg" && rows[1].contact == nil, "\(rows[1])")
    }

    @Test func aFileOfTheWrongShapeIsRefusedNamingTheLine() {
        let cases = [
            ("", "the file is empty"),
            ("name,unit,photo,consent_form,colour\n", "line 1: unknown column \"colour\""),
            ("name,unit,photo\n", "line 1: the column \"consent_form\" is missing"),
            ("name,unit,photo,consent_form\nA,1,a.jpg\n", "line 2: 3 fields, the header has 4"),
            ("name,unit,photo,consent_form\nA,1,a.jpg,\"F-1\n", "line 2: a quoted field is not closed"),
        ]
        for (text, words) in cases {
            #expect(throws: ResidentEnrollment.Refusal.self, "\(words)") { try ResidentImport(csv: text, folder: "/") }
            do {
                _ = try ResidentImport(csv: text, folder: "/")
            } catch {
                #expect(error.description.hasPrefix(words), "\(error.description)")
            }
        }
    }
}
