import Audit
import Estate
import Foundation
import Gallery
import HTTPTypes
import Hummingbird
import Kiosk
import NIOCore

/// How the console's routes read a request: the form, the language, the
/// session and whether its role may do what it asks.
extension ConsoleRouter {
    /// A posted `application/x-www-form-urlencoded` form (at most 64 KB).
    struct Form {
        let fields: [String: String]

        init(_ request: Request, _ context: KioskRequestContext) async throws {
            let body = try await request.body.collect(upTo: 65_536)
            var fields: [String: String] = [:]
            for pair in String(buffer: body).split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map {
                    $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
                }
                if let name = parts.first { fields[name] = parts.count > 1 ? parts[1] : "" }
            }
            self.fields = fields
        }

        subscript(_ name: String) -> String? { fields[name] }
    }

    /// The page's language: `?lang=`, else the cookie, else the browser's, else Chinese.
    static func text(_ request: Request) -> ConsoleText {
        if let asked = request.uri.queryParameters.get("lang") { return ConsoleText(language: asked) }
        if let chosen = request.cookies[languageCookie]?.value { return ConsoleText(language: chosen) }
        let accepted = request.headers[.acceptLanguage] ?? ""
        return ConsoleText(language: accepted.hasPrefix("en") ? "en" : "zh-CN")
    }

    /// An HTML page; a `?lang=` choice is kept in a cookie.
    static func page(_ html: String, status: HTTPResponse.Status = .ok, request: Request) -> Response {
        var response = KioskRouter.content(html, type: "text/html; charset=utf-8")
        response.status = status
        if let asked = request.uri.queryParameters.get("lang") {
            let language = ConsoleText(language: asked).language
            response.setCookie(Cookie(name: languageCookie, value: language, path: "/", secure: true, httpOnly: true, sameSite: .strict))
        }
        return response
    }

    static func fetchSite(_ request: Request) -> String? { request.headers[HTTPField.Name("Sec-Fetch-Site")!] }

    /// The signed-in session for a page `action` needs: without one, to the sign-in page; with the wrong role, 403.
    static func signedIn(_ request: Request, _ sessions: ConsoleSessions, action: ConsoleAction) throws -> ConsoleSessions.Session {
        guard let session = sessions.session(request.cookies[sessionCookie]?.value) else {
            throw HTTPError(.seeOther, headers: [.location: "/login"], message: "sign in first")
        }
        guard action.isAllowed(for: session.role) else {
            throw HTTPError(.forbidden, message: text(request).notAllowed(session.role.rawValue))
        }
        return session
    }

    /// The session behind a form post: it must be signed in, allowed `action`
    /// (nil: any role), and the post must come from the console's own page.
    static func posted(_ request: Request, _ form: Form, _ sessions: ConsoleSessions, action: ConsoleAction?) throws -> ConsoleSessions.Session {
        guard let session = sessions.session(request.cookies[sessionCookie]?.value) else {
            throw HTTPError(.unauthorized, message: "sign in first")
        }
        if let refusal = ConsoleRequestCheck.refusal(
            host: request.head.authority, origin: request.headers[.origin], fetchSite: fetchSite(request), csrf: form["csrf"],
            expected: session.csrf)
        {
            throw HTTPError(.forbidden, message: refusal)
        }
        if let action, !action.isAllowed(for: session.role) {
            throw HTTPError(.forbidden, message: text(request).notAllowed(session.role.rawValue))
        }
        return session
    }

    /// The session (and its token) behind a script's post of a picture or
    /// a file: the page sends the session's CSRF token in a header, and the
    /// post passes the same origin checks as a form's.
    static func pictureSession(
        _ request: Request, _ sessions: ConsoleSessions, action: ConsoleAction
    ) throws -> (token: String, session: ConsoleSessions.Session) {
        guard let token = request.cookies[sessionCookie]?.value, let session = sessions.session(token) else {
            throw HTTPError(.unauthorized, message: "sign in first")
        }
        if let refusal = ConsoleRequestCheck.refusal(
            host: request.head.authority, origin: request.headers[.origin], fetchSite: fetchSite(request),
            csrf: request.headers[HTTPField.Name("X-Facegate-CSRF")!], expected: session.csrf)
        {
            throw HTTPError(.forbidden, message: refusal)
        }
        guard action.isAllowed(for: session.role) else {
            throw HTTPError(.forbidden, message: text(request).notAllowed(session.role.rawValue))
        }
        return (token, session)
    }

    static func auditQuery(_ request: Request) -> ConsoleAuditQuery {
        let parameters = request.uri.queryParameters
        func value(_ name: String) -> String? { parameters.get(name).flatMap { $0.isEmpty ? nil : $0 } }
        return ConsoleAuditQuery(kind: value("kind"), since: value("since"), until: value("until"))
    }

    /// The entries a query names, oldest first; a date that is not YYYY-MM-DD is refused.
    static func auditEntries(_ gallery: Gallery, _ query: ConsoleAuditQuery) throws -> [AuditEntry] {
        func day(_ text: String?) throws -> Date? {
            guard let text else { return nil }
            guard let date = try? Date(text, strategy: .iso8601.year().month().day()) else {
                throw HTTPError(.badRequest, message: "\(text) is not a date (YYYY-MM-DD)")
            }
            return date
        }
        let entries = try gallery.auditEntries(since: try day(query.since), until: try day(query.until))
        return query.kind.map { kind in entries.filter { $0.event.kind.rawValue == kind } } ?? entries
    }

    static func pinsPage(
        _ gallery: Gallery, _ request: Request, _ session: ConsoleSessions.Session, issued: String?, estate: Bool
    ) throws -> Response {
        let language = text(request)
        let note = estate ? "<p class=\"note\" id=\"estate-pins\">\(ConsolePage.escape(language.estatePINs))</p>" : ""
        return page(
            ConsolePage.layout(
                language.pins, note + ConsolePage.pins(try gallery.pins(), issued: issued, text: language, session: session), text: language,
                session: session, path: "/pins"), request: request)
    }

    /// Runs a change on the site's gallery, or on an estate's box, in an
    /// estate session (`EstateOffice.session`): the copy brought up to date,
    /// the change published by `body`, the audit shipped afterwards.
    static func changing<T: Sendable>(
        _ gallery: Gallery, _ estate: EstateEndpoint?, _ body: (EstateOffice?) async throws -> T
    ) async throws -> T {
        guard let estate else { return try await body(nil) }
        return try await EstateOffice.session(estate, gallery: gallery) { try await body($0) }
    }
}

/// A gallery's refusal as the HTTP answer it is: 404 for an unknown
/// resident or PIN, 400 for a broken rule, 500 for storage, 503 for an
/// estate database that did not answer, each with its one-line reason.
struct GalleryErrors<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as EstateError {
            throw HTTPError(.serviceUnavailable, message: error.message)
        } catch let error as GalleryError {
            let status: HTTPResponse.Status =
                switch error.code {
                case .unknownSubject: .notFound
                case .refused: .badRequest
                default: .internalServerError
                }
            throw HTTPError(status, message: error.message)
        }
    }
}
