import Config
import Enrollment
import Estate
import Foundation
import Gallery
import HTTPTypes
import Hummingbird
import Kiosk
import NIOCore
import NIOPosix

/// The desk's bulk import: the operator chooses the office's CSV and the
/// photos it names; the page sends the file, then each photo, one at a
/// time, to be judged in memory (`DeskImport`), shows every row's outcome
/// before anything is stored, and only then imports the rows that passed,
/// as `facegate import` does, each audited under the operator's name.
extension ConsoleRouter {
    /// Largest CSV the page may send: a 10 000-home estate's file is well under it.
    static let largestImportFile = 4 << 20

    static func addImport(
        to router: Router<KioskRequestContext>, gallery: Gallery, sessions: ConsoleSessions, importer: DeskImport, config: FacegateConfig,
        estate: EstateEndpoint?
    ) {
        router.get("/import") { request, _ in
            let session = try signedIn(request, sessions, action: .enroll)
            importer.discard(for: request.cookies[sessionCookie]?.value ?? "")
            let language = text(request)
            return page(
                ConsolePage.layout(
                    language.importTitle, ConsolePage.importForm(config.enrollment.language, text: language, session: session), text: language,
                    session: session, path: "/import"), request: request)
        }
        router.post("/import/start") { request, _ in
            let (token, session) = try pictureSession(request, sessions, action: .enroll)
            let language = text(request)
            let csv = String(buffer: try await request.body.collect(upTo: largestImportFile))
            let notice = try ConsentNotice.load(noticeLanguage(request.uri.queryParameters.get("notice"), config), config: config)
            // In an estate the copy is brought up to date first, so a face enrolled at any box is found twice.
            try await changing(gallery, estate) { _ in }
            do {
                let rows = try importer.start(csv: csv, notice: notice, operatorName: session.name, config: config, for: token)
                return json(["rows": rows.map { row(view: $0, language) }, "summary": language.importSummary(rows)])
            } catch let refusal as ResidentEnrollment.Refusal {
                var response = json(["rows": [Any](), "summary": refusal.description])
                response.status = .unprocessableContent
                return response
            }
        }
        router.post("/import/photo") { request, _ in
            let (token, _) = try pictureSession(request, sessions, action: .enroll)
            let language = text(request)
            let line = request.uri.queryParameters.get("line").flatMap { Int($0) } ?? 0
            let bytes = Array(buffer: try await request.body.collect(upTo: largestPicture))
            let enrolled = try gallery.templates().map { (subject: $0.pseudonym, values: $0.values) }
            let judged = try await NIOThreadPool.singleton.runIfActive {
                importer.photo(bytes, line: line, config: config, enrolled: enrolled, for: token)
            }
            guard let judged else { throw HTTPError(.badRequest, message: "no row at line \(line); check the file again") }
            return json(row(view: judged, language).merging(["summary": language.importSummary(importer.outcomes(for: token) ?? [])]) { $1 })
        }
        router.post("/import") { request, context in
            let form = try await Form(request, context)
            let session = try posted(request, form, sessions, action: .enroll)
            let token = request.cookies[sessionCookie]?.value ?? ""
            let language = text(request)
            guard let outcomes = importer.outcomes(for: token) else { throw HTTPError(.badRequest, message: language.importFirst) }
            let ready = importer.ready(for: token)
            var results = Dictionary(uniqueKeysWithValues: outcomes.map { ($0.line, $0) })
            for outcome in outcomes where outcome.state == .waiting {
                results[outcome.line]?.state = .refused
                results[outcome.line]?.detail = language.notChecked
            }
            let imported = try await changing(gallery, estate) { office in
                var done: [Int: DeskImport.Outcome] = [:]
                for (outcome, made) in ready {
                    var result = outcome
                    do {
                        let receipt = try gallery.enroll(made, minorsEnabled: config.enrollment.minorsEnabled)
                        try await office?.publishEnrollment(receipt.pseudonym, actor: session.name)
                        result.detail = language.importedAs(receipt.pseudonym, receipt: receipt.auditReceipt)
                    } catch let error as GalleryError {
                        result.state = .refused
                        result.detail = error.message
                    } catch let error as EstateError {
                        result.state = .refused
                        result.detail = language.estateDown(error.message)
                    }
                    done[outcome.line] = result
                }
                return done
            }
            results.merge(imported) { $1 }
            importer.discard(for: token)
            let rows = results.values.sorted { $0.line < $1.line }
            return page(
                ConsolePage.layout(
                    language.importTitle, ConsolePage.importResults(rows, text: language, at: Date()), text: language, session: session,
                    path: "/import"), request: request)
        }
    }

    /// A row for the page's script.
    static func row(view outcome: DeskImport.Outcome, _ language: ConsoleText) -> [String: Any] {
        ["line": outcome.line, "unit": outcome.unit, "photo": outcome.photo, "state": outcome.state.rawValue, "say": language.say(outcome)]
    }
}
