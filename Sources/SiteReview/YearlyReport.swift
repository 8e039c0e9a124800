public import Audit
public import Config
public import Foundation
public import Gallery
import Kiosk
import Policy

extension Calendar {
    /// The Gregorian calendar in UTC: report years and days are UTC.
    static var utc: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }
}

/// What `facegate report` states for a regulator (R13, R18, R19): gathered
/// once from the gallery and its audit chain, rendered as text or as a
/// printable HTML page. Pseudonyms only; never a name.
public struct YearlyReport: Sendable {
    /// The years a report can cover.
    public static let years = 2000...9999

    public let config: FacegateConfig
    public let year: Int
    public let start: Date
    public let end: Date
    public let generated: Date
    public let chain: AuditVerification
    public let stored: Int
    let summary: AuditSummary
    let assessments: [ImpactAssessment]
    let auditPurges: [AuditEntry]

    /// This year so far, in UTC: what a report covers unless told otherwise.
    public static func currentYear(_ now: Date = Date()) -> Int { Calendar.utc.component(.year, from: now) }

    /// Gathers the facts of `year` (one of `years`) from `gallery`.
    public init(config: FacegateConfig, gallery: Gallery, year: Int, generated: Date = Date()) throws {
        precondition(Self.years.contains(year), "a report year is checked by its caller")
        let start = Calendar.utc.date(from: DateComponents(year: year, month: 1, day: 1))!
        let end = Calendar.utc.date(from: DateComponents(year: year + 1, month: 1, day: 1))!
        self.generated = generated
        self.config = config
        self.year = year
        self.start = start
        self.end = end
        chain = try gallery.verifyAudit()
        stored = try gallery.subjectCount()
        let entries = try gallery.auditEntries(since: start, until: end)
        summary = AuditSummary(entries)
        auditPurges = entries.filter { $0.event.kind == .auditPurge }
        assessments = try gallery.assessments()
    }

    public var title: String { "facegate yearly report — \(config.site.gateID), \(year)" }

    var chainLine: String {
        switch chain {
        case .intact(let entries, let first, _):
            "audit chain intact: \(entries) entries" + (first.map { " kept since \($0.day)" } ?? "")
        case .broken(let sequence, let reason):
            "AUDIT CHAIN BROKEN at entry \(sequence): \(reason). The figures below may be incomplete."
        }
    }

    /// The report's sections as (heading, rows of label and value).
    var sections: [(String, [(String, String)])] {
        let decisions: [(String, AuditEvent.Kind)] = [
            ("opened by face", .match), ("recognised but refused (inactive, expired, minor)", .matchRefused),
            ("not recognised", .unknown), ("two residents too alike", .ambiguous), ("more than one face", .multiFace),
            ("photo or screen suspected", .spoofSuspected), ("gate did not open (actuator error)", .actuatorError),
        ]
        let alternatives = summary.alternativeUses.sorted { $0.key < $1.key }.map { ("opened by \($0.key)", "\($0.value)") }
        return [
            (
                "Site",
                [
                    ("controller", config.site.controller), ("contact", config.site.contact), ("purpose", config.site.purpose),
                    ("placement", config.site.placement.rawValue),
                    ("alternatives to face", config.alternatives.map(\.rawValue).joined(separator: ", ")),
                    ("retention", "templates \(config.retention.templateDays) days; audit entries \(config.retention.auditDays) days"),
                ]
            ),
            (
                "Residents",
                [
                    ("stored at \(generated.day)", "\(stored) (\(FilingThreshold.status(stored, filingReference: config.site.filingReference)))"),
                    ("enrolled", "\(summary.count(.enroll))"),
                    ("withdrawn at their request", "\(summary.withdrawals.count)"),
                    ("removed at the end of retention", "\(summary.purges.count)"),
                    ("audit entries removed after their retention", "\(auditPurges.count) purges"),
                ]
            ),
            ("Decisions at the gate", decisions.map { ($0.0, "\(summary.count($0.1))") }),
            ("Alternatives", alternatives + [("refused (wrong PIN, locked pad, bad controller token)", "\(summary.count(.alternativeRefused))")]),
            (
                "Administration",
                [
                    ("master key rotations", "\(summary.count(.rekey))"), ("changes of operating mode", "\(summary.count(.modeChange))"),
                    ("configuration reloads", "\(summary.count(.configReload))"), ("daemon starts", "\(summary.count(.startup))"),
                ]
            ),
        ]
    }

    var assessmentRows: [(String, String)] {
        assessments.enumerated().map { index, record in
            let state = index == assessments.count - 1 ? "latest" : "superseded"
            return (
                "\(record.identifier) (\(state))",
                "\(record.date) by \(record.assessor); purpose: \(record.purpose); recorded \(record.recordedAt.day)"
            )
        }
    }

    var receiptRows: [(String, String)] {
        summary.withdrawals.map { ("\($0.time.day)  \($0.pseudonym)", "receipt \($0.receipt)") }
    }

    public var text: String {
        var lines = [
            title,
            "period \(start.day) … \(Calendar.utc.date(byAdding: .day, value: -1, to: end)!.day) (UTC); generated \(Timestamp.format(generated))",
            chainLine,
        ]
        func section(_ heading: String, _ rows: [(String, String)], empty: String = "none") {
            lines += ["", heading]
            let width = (rows.map(\.0.count).max() ?? 0) + 2
            lines += rows.isEmpty ? ["  \(empty)"] : rows.map { "  " + $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + $0.1 }
        }
        for (heading, rows) in sections { section(heading, rows) }
        section("Impact assessments (R18)", assessmentRows, empty: "none recorded")
        section("Withdrawal receipts (R6)", receiptRows)
        return lines.joined(separator: "\n")
    }

    public var html: String {
        func escape(_ text: String) -> String { KioskPage.escape(text) }
        func table(_ heading: String, _ rows: [(String, String)], empty: String = "none") -> String {
            let body =
                rows.isEmpty
                ? "<tr><td colspan=\"2\">\(escape(empty))</td></tr>"
                : rows.map { "<tr><th scope=\"row\">\(escape($0.0))</th><td>\(escape($0.1))</td></tr>" }.joined(separator: "\n")
            return "<section><h2>\(escape(heading))</h2>\n<table>\n\(body)\n</table></section>"
        }
        let broken = if case .broken = chain { " class=\"broken\"" } else { "" }
        let tables =
            sections.map { table($0.0, $0.1) } + [
                table("Impact assessments (R18)", assessmentRows, empty: "none recorded"), table("Withdrawal receipts (R6)", receiptRows),
            ]
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
            <style>
            body { font: 11pt/1.4 "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; margin: 2em auto; max-width: 48em; color: #000; }
            h1 { font-size: 16pt; } h2 { font-size: 12pt; margin-top: 1.5em; border-bottom: 1px solid #444; }
            table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .2em .5em; vertical-align: top; }
            th { font-weight: normal; width: 55%; } tr:nth-child(even) { background: #f2f2f2; }
            .broken { color: #a00; font-weight: bold; }
            section { break-inside: avoid; }
            @media print { body { margin: 0; max-width: none; } @page { margin: 18mm; } }
            </style></head>
            <body>
            <h1>\(escape(title))</h1>
            <p>Period \(start.day) … \(Calendar.utc.date(byAdding: .day, value: -1, to: end)!.day) (UTC); generated \(escape(Timestamp.format(generated)))</p>
            <p\(broken)>\(escape(chainLine))</p>
            \(tables.joined(separator: "\n"))
            </body></html>
            """
    }
}
