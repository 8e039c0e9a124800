import Foundation
import HTTPTypes
public import Hummingbird
public import NIOCore
import ServiceLifecycle

/// The kiosk's HTTP endpoints, served by the daemon on a local address:
/// the gate screen (`/`, its style, script and wording) and its event
/// stream, the PIN pad, the controller endpoint for keypads and card
/// readers, the consent notice (`/notice`, `/notice.txt`), and /metrics.
/// None of them lists residents or returns images, scores or names (R12).
public enum KioskRouter {
    struct PINRequest: Decodable { let pin: String }
    struct AlternativeRequest: Decodable {
        let method: String
        let reference: String?
    }

    struct OutcomeResponse: ResponseEncodable { let result: AlternativeOutcome }

    public static func make(_ backend: some KioskBackend, access: KioskAccess = KioskAccess()) -> Router<KioskRequestContext> {
        let router = Router(context: KioskRequestContext.self)
        router.add(middleware: PrivacyHeaders())
        router.get("/") { _, _ in
            content(KioskPage.html(wording(backend)), type: "text/html; charset=utf-8")
        }
        router.get("/kiosk.css") { _, _ in content(KioskStyle.css, type: "text/css; charset=utf-8") }
        router.get("/kiosk.js") { _, _ in content(KioskScript.javascript, type: "text/javascript; charset=utf-8") }
        router.get("/api/site") { _, _ in wording(backend) }
        router.get("/events") { _, context in
            guard let stream = backend.events.subscribe() else {
                throw HTTPError(.serviceUnavailable, message: "too many screens follow the events")
            }
            // Ends at SIGTERM: an open screen must not hold the daemon's shutdown.
            let snapshots = SnapshotStream(snapshots: stream, withGreeting: isKioskScreen(context))
            let body = ResponseBody(asyncSequence: snapshots.cancelOnGracefulShutdown())
            return Response(
                status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
        }
        router.get("/api/state") { _, context in backend.events.current.shown(withGreeting: isKioskScreen(context)) }
        router.post("/api/pin") { request, context in
            try check(request, access)
            let body = try await request.decode(as: PINRequest.self, context: context)
            let outcome = await backend.enterPIN(body.pin, from: KioskClient(address: context.remoteAddress?.ipAddress))
            return EditedResponse(status: outcome == .malformed ? .badRequest : .ok, response: OutcomeResponse(result: outcome))
        }
        router.post("/api/alternative") { request, context in
            try check(request, access)
            let body = try await request.decode(as: AlternativeRequest.self, context: context)
            let token = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
            let client = KioskClient(address: context.remoteAddress?.ipAddress)
            return OutcomeResponse(
                result: await backend.controllerAlternative(method: body.method, reference: body.reference, token: token, from: client))
        }
        router.get("/notice") { request, _ in
            let (text, language) = try notice(request, backend)
            return content(KioskPage.notice(text, language: language), type: "text/html; charset=utf-8")
        }
        router.get("/notice.txt") { request, _ in content(try notice(request, backend).text, type: "text/plain; charset=utf-8") }
        router.get("/metrics") { _, _ in content(backend.metrics(), type: "text/plain; version=0.0.4") }
        router.get("/healthz") { _, _ in "ok" }
        return router
    }

    /// Whether the request comes from the kiosk's own screen (127.0.0.1 or
    /// ::1): only it is shown a welcome's greeting (a unit or a first name).
    /// Any other client of /events or /api/state would otherwise learn who
    /// goes in and when.
    static func isKioskScreen(_ context: KioskRequestContext) -> Bool {
        KioskClient(address: context.remoteAddress?.ipAddress).isLocal
    }

    /// Refuses a request that could come from another site (`KioskAccess`).
    static func check(_ request: Request, _ access: KioskAccess) throws {
        let fetchSite = HTTPField.Name("Sec-Fetch-Site")!
        if let refusal = access.refusal(
            contentType: request.headers[.contentType], host: request.head.authority,
            origin: request.headers[.origin], fetchSite: request.headers[fetchSite])
        {
            throw HTTPError(refusal == .notJSON ? .unsupportedMediaType : .forbidden, message: refusal.rawValue)
        }
    }

    static func wording(_ backend: some KioskBackend) -> KioskPage.Wording {
        let (site, revision) = backend.events.wording
        return KioskPage.Wording(site: site, revision: revision)
    }

    /// The notice in the `lang` the request names (default: the site's), or 404.
    static func notice(_ request: Request, _ backend: some KioskBackend) throws -> (text: String, language: String) {
        let language = request.uri.queryParameters.get("lang") ?? backend.events.site.language
        guard let text = backend.notice(language: language) else { throw HTTPError(.notFound) }
        return (text, language)
    }

    public static func content(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// The kiosk's request context: Hummingbird's basics plus the client's
/// address, which the PIN pad's brake counts by.
public struct KioskRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

extension KioskPage.Wording: ResponseEncodable {}

extension KioskSnapshot: ResponseEncodable {}

/// Server-sent events: each snapshot as one `data:` line of JSON (the
/// snapshots themselves repeat every 15 s as a heartbeat).
struct SnapshotStream: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let snapshots: AsyncStream<KioskSnapshot>
    /// False for clients that are not the kiosk's own screen.
    let withGreeting: Bool

    struct AsyncIterator: AsyncIteratorProtocol {
        var iterator: AsyncStream<KioskSnapshot>.AsyncIterator
        let withGreeting: Bool
        var first = true
        mutating func next() async -> ByteBuffer? {
            guard let snapshot = await iterator.next()?.shown(withGreeting: withGreeting) else { return nil }
            let json = (try? JSONEncoder().encode(snapshot)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            // The first event also tells the browser to reconnect 2 s after losing the daemon.
            defer { first = false }
            return ByteBuffer(string: (first ? "retry: 2000\n" : "") + "data: \(json)\n\n")
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(iterator: snapshots.makeAsyncIterator(), withGreeting: withGreeting) }
}

/// Every answer: no caching, no embedding in other sites, no script or
/// style but the daemon's own, nothing fetched from elsewhere. Forms may
/// post only where `formAction` says (the kiosk has none; the console posts
/// to itself).
public struct PrivacyHeaders<Context: RequestContext>: RouterMiddleware {
    let formAction: String

    public init(formAction: String = "'none'") {
        self.formAction = formAction
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.cacheControl] = response.headers[.cacheControl] ?? "no-store"
        response.headers[.contentSecurityPolicy] =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action \(formAction); frame-ancestors 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        return response
    }
}
