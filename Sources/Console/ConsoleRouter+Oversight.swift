import Config
import FaceVision
import Foundation
import Gallery
import HTTPTypes
import Hummingbird
import Kiosk
import SiteReview

/// The auditor's oversight: the doctor's checks of this site as it stands,
/// the recorded impact assessments (R18) and the yearly report (R13, R19),
/// each read fresh from the config, the models and the gallery on every visit.
extension ConsoleRouter {
    static func addOversight(
        to router: Router<KioskRequestContext>, gallery: Gallery, sessions: ConsoleSessions, config: FacegateConfig, models: ModelDirectory
    ) {
        @Sendable func oversight(_ request: Request, _ session: ConsoleSessions.Session, message: String?, status: HTTPResponse.Status = .ok) throws
            -> Response
        {
            let language = text(request)
            // The camera belongs to `facegate run`; the console does not open it.
            let checks = SiteChecker(config: config, modelDirectory: models).all(gallery: .success(gallery), unit: nil, camera: false)
            let body = ConsolePage.oversight(
                SiteCheckReport(checks), assessments: try gallery.assessments(), year: YearlyReport.currentYear(), purpose: config.site.purpose,
                message: message.map { ($0, status != .ok) }, text: language, session: session)
            return page(
                ConsolePage.layout(language.oversight, body, text: language, session: session, path: "/oversight"), status: status, request: request)
        }
        router.get("/oversight") { request, _ in
            try oversight(request, try signedIn(request, sessions, action: .oversight), message: nil)
        }
        // An assessment covers the models installed now and the config's
        // purpose, as `facegate pia record` records it.
        router.post("/oversight/assessment") { request, context in
            let form = try await Form(request, context)
            let session = try posted(request, form, sessions, action: .oversight)
            let language = text(request)
            let date = (form["date"] ?? "").trimmingCharacters(in: .whitespaces)
            guard (try? Date(date, strategy: .iso8601.year().month().day())) != nil else {
                return try oversight(request, session, message: language.notADate(date), status: .badRequest)
            }
            let assessment = ImpactAssessment(
                identifier: (form["identifier"] ?? "").trimmingCharacters(in: .whitespaces),
                assessor: (form["assessor"] ?? "").trimmingCharacters(in: .whitespaces), date: date, purpose: config.site.purpose,
                modelHashes: try models.verifiedHashes(), recordedAt: Date())
            do {
                try gallery.recordAssessment(assessment, actor: session.name)
            } catch let refusal as GalleryError where refusal.code == .refused {
                return try oversight(request, session, message: refusal.message, status: .badRequest)
            }
            return try oversight(request, session, message: language.assessmentRecorded(assessment.identifier))
        }
        router.get("/oversight/report") { request, _ in
            let session = try signedIn(request, sessions, action: .oversight)
            let language = text(request)
            let asked = request.uri.queryParameters.get("year").flatMap { Int($0) } ?? YearlyReport.currentYear()
            guard YearlyReport.years.contains(asked) else { throw HTTPError(.badRequest, message: "\(asked) is not a year like 2026") }
            let report = try YearlyReport(config: config, gallery: gallery, year: asked)
            let body = """
                <pre class="report" id="report">\(ConsolePage.escape(report.text))</pre>
                <button type="button" class="print">\(ConsolePage.escape(language.print))</button>
                """
            return page(ConsolePage.layout(report.title, body, text: language, session: session, path: "/oversight/report"), request: request)
        }
    }
}

extension ConsolePage {
    /// The doctor's checks, worst first, then the impact assessments on record.
    static func oversight(
        _ report: SiteCheckReport, assessments: [ImpactAssessment], year: Int, purpose: String, message: (text: String, failed: Bool)?,
        text: ConsoleText,
        session: ConsoleSessions.Session
    ) -> String {
        let rows = report.checks.sorted { $0.status > $1.status }.map { check in
            """
            <tr class="\(check.status.rawValue)"><td>\(check.status.rawValue.uppercased())</td><td>\(escape(check.check))</td>\
            <td>\(escape(check.detail))\(check.fix.map { "<br><em>\(escape(text.fix)): \(escape($0))</em>" } ?? "")</td></tr>
            """
        }
        let records = assessments.map { record in
            """
            <tr><td>\(escape(record.identifier))</td><td>\(escape(record.date))</td><td>\(escape(record.assessor))</td>\
            <td>\(escape(record.purpose))</td><td>\(record.modelHashes.map { "<code>\(escape(String($0.prefix(12))))</code>" }.joined(separator: " "))</td></tr>
            """
        }
        return """
            <h2>\(escape(text.doctor))</h2><p id="doctor-status" class="\(report.status.rawValue)">\(escape(text.standing(report.status.rawValue)))</p>
            <table id="checks"><tbody>
            \(rows.joined(separator: "\n"))
            </tbody></table>
            <h2>\(escape(text.assessments))</h2>
            \(records.isEmpty ? "<p class=\"error\">\(escape(text.noAssessment))</p>" : "")
            <table id="assessments"><thead><tr><th>ID</th><th>\(escape(text.date))</th><th>\(escape(text.assessor))</th>\
            <th>\(escape(text.purpose))</th><th>\(escape(text.modelsCovered))</th></tr></thead><tbody>
            \(records.joined(separator: "\n"))
            </tbody></table>
            \(message.map { "<p class=\"\($0.failed ? "error" : "issued")\" id=\"assessment-message\">\(escape($0.text))</p>" } ?? "")
            <form method="post" action="/oversight/assessment" id="record-assessment">\(csrfField(session))
            <p>\(escape(text.recordAssessment(purpose: purpose)))</p>
            <label>ID <input name="identifier" required placeholder="PIA-\(year)-01"></label>\
            <label>\(escape(text.assessor)) <input name="assessor" required></label>\
            <label>\(escape(text.date)) <input name="date" type="date" required></label>\
            <button type="submit">\(escape(text.record))</button></form>
            <h2>\(escape(text.yearlyReport))</h2>
            <p><a href="/oversight/report?year=\(year)">\(year)</a> · <a href="/oversight/report?year=\(year - 1)">\(year - 1)</a></p>
            """
    }
}
