import Config
import FaceVision
import Foundation
import Gallery
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
        router.get("/oversight") { request, _ in
            let session = try signedIn(request, sessions, action: .oversight)
            let language = text(request)
            // The camera belongs to `facegate run`; the console does not open it.
            let checks = SiteChecker(config: config, modelDirectory: models).all(gallery: .success(gallery), unit: nil, camera: false)
            let body = ConsolePage.oversight(
                SiteCheckReport(checks), assessments: try gallery.assessments(), year: YearlyReport.currentYear(), text: language)
            return page(ConsolePage.layout(language.oversight, body, text: language, session: session, path: "/oversight"), request: request)
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
    static func oversight(_ report: SiteCheckReport, assessments: [ImpactAssessment], year: Int, text: ConsoleText) -> String {
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
            <h2>\(escape(text.yearlyReport))</h2>
            <p><a href="/oversight/report?year=\(year)">\(year)</a> · <a href="/oversight/report?year=\(year - 1)">\(year - 1)</a></p>
            """
    }
}
