import Foundation

/// A file of residents to enroll at once, as an estate's office keeps them:
/// a CSV (RFC 4180, UTF-8, a header row) with the columns `name`, `unit`,
/// `photo` (a path, relative to the file's folder unless absolute) and
/// `consent_form` (the signed paper form's reference: an import records
/// consent collected on paper, never consent nobody gave), and optionally
/// `contact`, `birth_year`, `guardian` and `guardian_relation`. Pure: it
/// reads text, so every rule of the format is tested alone.
public struct ResidentImport: Sendable, Equatable {
    /// One resident's row; `line` is where it starts in the file.
    public struct Row: Sendable, Equatable {
        public var line: Int
        public var name: String
        public var unit: String
        public var photo: String
        public var consentForm: String
        public var contact: String?
        public var birthYear: String?
        public var guardian: String?
        public var guardianRelation: String?
    }

    public static let required = ["name", "unit", "photo", "consent_form"]
    public static let optional = ["contact", "birth_year", "guardian", "guardian_relation"]

    public let rows: [Row]

    /// The rows of `text`; a missing or unknown column, a row of the wrong
    /// width or an unclosed quote refuses the whole file, naming the line.
    public init(csv text: String, folder: String) throws(ResidentEnrollment.Refusal) {
        let records = try Self.records(text)
        guard let header = records.first?.fields.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) else {
            throw ResidentEnrollment.Refusal("the file is empty: it needs a header row (\(Self.required.joined(separator: ",")))")
        }
        if let unknown = header.first(where: { !(Self.required + Self.optional).contains($0) }) {
            throw ResidentEnrollment.Refusal(
                "line 1: unknown column \"\(unknown)\" (the columns are \((Self.required + Self.optional).joined(separator: ", ")))")
        }
        if let missing = Self.required.first(where: { !header.contains($0) }) {
            throw ResidentEnrollment.Refusal("line 1: the column \"\(missing)\" is missing")
        }
        var rows: [Row] = []
        for record in records.dropFirst() where record.fields != [""] {
            guard record.fields.count == header.count else {
                throw ResidentEnrollment.Refusal("line \(record.line): \(record.fields.count) fields, the header has \(header.count)")
            }
            func field(_ name: String) -> String? {
                header.firstIndex(of: name).map { record.fields[$0].trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
            }
            let photo = field("photo") ?? ""
            rows.append(
                Row(
                    line: record.line, name: field("name") ?? "", unit: field("unit") ?? "",
                    photo: photo.isEmpty || photo.hasPrefix("/") ? photo : "\(folder)/\(photo)", consentForm: field("consent_form") ?? "",
                    contact: field("contact"), birthYear: field("birth_year"), guardian: field("guardian"),
                    guardianRelation: field("guardian_relation")))
        }
        self.rows = rows
    }

    /// The file's records, each with the line it starts on: fields split at
    /// commas, quoted fields may hold commas, line breaks and doubled quotes.
    static func records(_ text: String) throws(ResidentEnrollment.Refusal) -> [(line: Int, fields: [String])] {
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = [], field = "", quoted = false, wasQuoted = false, line = 1, start = 1
        var characters = text.hasPrefix("\u{FEFF}") ? Substring(text.dropFirst()) : Substring(text)
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" {
                        field.append(characters.removeFirst())
                    } else {
                        quoted = false
                    }
                } else {
                    if character.isNewline { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty && !wasQuoted:
                quoted = true
                wasQuoted = true
            case ",":
                fields.append(field)
                field = ""
                wasQuoted = false
            case "\n", "\r\n", "\r":
                fields.append(field)
                records.append((start, fields))
                fields = []
                field = ""
                wasQuoted = false
                line += 1
                start = line
            default:
                field.append(character)
            }
        }
        guard !quoted else { throw ResidentEnrollment.Refusal("line \(start): a quoted field is not closed") }
        if !field.isEmpty || !fields.isEmpty || wasQuoted {
            fields.append(field)
            records.append((start, fields))
        }
        return records
    }
}
