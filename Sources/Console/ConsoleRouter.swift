import Audit
public import Config
public import Estate
public import FaceVision
import Foundation
public import Gallery
import HTTPTypes
public import Hummingbird
public import Kiosk
import NIOCore

/// `facegate console`'s pages: sign-in, the residents by unit with
/// withdrawal and its printable receipt, enrollment at the desk, a CSV import, PINs, and the audit with its
/// verification and export, and the oversight (the doctor, the impact
/// assessments, the yearly report). Every page needs a signed-in operator whose
/// role allows it (`ConsoleAction`); every post must come from the
/// console's own pages (`ConsoleRequestCheck`); every change is audited
/// under the operator's name by the gallery it calls. On an estate's box
/// (`estate` given) the gallery is this box's copy: each page brings it up
/// to date first and each change goes through the estate database, which
/// every gate copies from (`changing`).
public enum ConsoleRouter {
    static let sessionCookie = "facegate_console"
    static let languageCookie = "facegate_console_lang"
    /// The audit page shows at most this many entries, newest first; the export has them all.
    static let auditPage = 300

    public static func make(
        gallery: Gallery, sessions: ConsoleSessions, desk: DeskCapture, config: FacegateConfig, models: ModelDirectory,
        estate: EstateEndpoint? = nil
    ) -> Router<KioskRequestContext> {
        let router = Router(context: KioskRequestContext.self)
        router.add(middleware: PrivacyHeaders(formAction: "'self'"))
        router.add(middleware: GalleryErrors())
        router.get("/console.css") { _, _ in KioskRouter.content(ConsolePage.css, type: "text/css; charset=utf-8") }
        router.get("/console.js") { _, _ in
            KioskRouter.content(ConsolePage.javascript + ConsolePage.importScript, type: "text/javascript; charset=utf-8")
        }
        router.get("/healthz") { _, _ in "ok" }
        router.get("/login") { request, _ in page(ConsolePage.signIn(nil, language: text(request)), request: request) }
        router.post("/login") { request, context in
            let form = try await Form(request, context)
            let language = ConsoleText(language: form["lang"] ?? text(request).language)
            if let refusal = ConsoleRequestCheck.refusal(
                host: request.head.authority, origin: request.headers[.origin], fetchSite: fetchSite(request), csrf: nil, expected: nil)
            {
                throw HTTPError(.forbidden, message: refusal)
            }
            switch try gallery.signIn(form["name"] ?? "", password: form["password"] ?? "") {
            case .accepted(let account):
                let (token, _) = sessions.open(for: account)
                var response = Response(status: .seeOther, headers: [.location: account.role == .auditor ? "/audit" : "/residents"])
                response.setCookie(Cookie(name: sessionCookie, value: token, path: "/", secure: true, httpOnly: true, sameSite: .strict))
                response.setCookie(Cookie(name: languageCookie, value: language.language, path: "/", secure: true, httpOnly: true, sameSite: .strict))
                return response
            case .refused:
                return page(ConsolePage.signIn(language.refused, language: language), status: .unauthorized, request: request)
            case .locked(let until):
                let minutes = max(1, Int((until.timeIntervalSinceNow / 60).rounded(.up)))
                return page(ConsolePage.signIn(language.locked(minutes: minutes), language: language), status: .forbidden, request: request)
            }
        }
        router.post("/logout") { request, context in
            let form = try await Form(request, context)
            _ = try posted(request, form, sessions, action: nil)
            sessions.close(request.cookies[sessionCookie]?.value)
            var response = Response(status: .seeOther, headers: [.location: "/login"])
            response.setCookie(Cookie(name: sessionCookie, value: "", maxAge: 0, path: "/", secure: true, httpOnly: true, sameSite: .strict))
            return response
        }
        router.get("/") { request, _ in
            guard let session = sessions.session(request.cookies[sessionCookie]?.value) else {
                return Response(status: .seeOther, headers: [.location: "/login"])
            }
            return Response(status: .seeOther, headers: [.location: session.role == .auditor ? "/audit" : "/residents"])
        }
        router.get("/residents") { request, _ in
            let session = try signedIn(request, sessions, action: .residents)
            let language = text(request)
            var warning = ""
            if let estate {
                do {
                    try await EstateOffice.session(estate, gallery: gallery) { _ in }
                } catch {
                    warning = "<p class=\"error\" id=\"estate-warning\">\(ConsolePage.escape(language.estateUnreachable("\(error)")))</p>"
                }
            }
            return page(
                ConsolePage.layout(
                    language.residents, warning + ConsolePage.residents(try gallery.subjects(), text: language, session: session), text: language,
                    session: session, path: "/residents"), request: request)
        }
        router.post("/residents/withdraw") { request, context in
            let form = try await Form(request, context)
            let session = try posted(request, form, sessions, action: .withdraw)
            let language = text(request)
            guard let pseudonym = form["pseudonym"], form["confirm"]?.trimmingCharacters(in: .whitespaces) == pseudonym else {
                throw HTTPError(.badRequest, message: language.withdrawConfirm)
            }
            let unit = try gallery.subjects().first { $0.pseudonym == pseudonym }?.unit
            let receipt = try await changing(gallery, estate) { office in
                // The estate database first: once it has removed the subject,
                // no gate can copy them again.
                _ = try await office?.database.remove([pseudonym], kind: .withdraw, actor: session.name)
                return try gallery.withdraw(pseudonym, actor: session.name)
            }
            return page(
                ConsolePage.layout(
                    language.withdrawnTitle, ConsolePage.receipt(receipt, unit: unit, text: language, at: Date()), text: language, session: session,
                    path: "/residents"), request: request)
        }
        addEnrollment(to: router, gallery: gallery, sessions: sessions, desk: desk, config: config, estate: estate)
        addImport(to: router, gallery: gallery, sessions: sessions, importer: DeskImport(capture: desk), config: config, estate: estate)
        addOversight(to: router, gallery: gallery, sessions: sessions, config: config, models: models)
        router.get("/pins") { request, _ in
            let session = try signedIn(request, sessions, action: .pins)
            return try pinsPage(gallery, request, session, issued: nil, estate: estate != nil)
        }
        router.post("/pins/add") { request, context in
            let form = try await Form(request, context)
            let session = try posted(request, form, sessions, action: .pins)
            guard let unit = form["unit"]?.trimmingCharacters(in: .whitespaces), !unit.isEmpty else {
                throw HTTPError(.badRequest, message: "no unit")
            }
            let issued = try gallery.addPIN(unit: unit, actor: session.name)
            return try pinsPage(gallery, request, session, issued: text(request).issued(issued.pin, unit: unit), estate: estate != nil)
        }
        router.post("/pins/remove") { request, context in
            let form = try await Form(request, context)
            let session = try posted(request, form, sessions, action: .pins)
            try gallery.removePIN(form["identifier"] ?? "", actor: session.name)
            return try pinsPage(gallery, request, session, issued: nil, estate: estate != nil)
        }
        router.get("/audit") { request, _ in
            let session = try signedIn(request, sessions, action: .audit)
            let query = auditQuery(request)
            let entries = try auditEntries(gallery, query)
            let language = text(request)
            let body = ConsolePage.audit(
                Array(entries.reversed().prefix(auditPage)), total: entries.count, verification: try gallery.verifyAudit(), query: query,
                text: language)
            return page(ConsolePage.layout(language.audit, body, text: language, session: session, path: "/audit"), request: request)
        }
        router.get("/audit/export") { request, _ in
            let session = try signedIn(request, sessions, action: .export)
            let format = AuditExportFormat(rawValue: request.uri.queryParameters.get("format") ?? "csv") ?? .csv
            let entries = try auditEntries(gallery, auditQuery(request))
            let lines = (format.header.map { [$0] } ?? []) + entries.map { format.line($0) }
            _ = try gallery.audit(
                AuditEvent(
                    .auditExport, gate: gallery.gate, reason: "\(entries.count) audit entries exported as \(format.rawValue) from the console",
                    actor: session.name))
            var response = KioskRouter.content(
                lines.joined(separator: "\n") + "\n", type: format == .csv ? "text/csv; charset=utf-8" : "application/jsonl; charset=utf-8")
            response.headers[.contentDisposition] = "attachment; filename=\"facegate-audit.\(format.rawValue)\""
            return response
        }
        return router
    }
}
