import Config
import Enrollment
import Estate
import FaceVision
import Foundation
import Gallery
import HTTPTypes
import Hummingbird
import Kiosk
import NIOCore
import NIOPosix
import Policy

/// The desk's enrollment: the page with the notice in the resident's
/// language, each camera frame or photo judged in memory for live feedback
/// (`DeskCapture`), and the enrollment itself, made by the same
/// `ResidentEnrollment` as `facegate enroll`, with a printable receipt.
extension ConsoleRouter {
    /// Largest picture a browser may send: a 4K JPEG is well under it.
    static let largestPicture = 8 << 20

    static func addEnrollment(
        to router: Router<KioskRequestContext>, gallery: Gallery, sessions: ConsoleSessions, desk: DeskCapture, config: FacegateConfig,
        estate: EstateEndpoint?
    ) {
        router.get("/enroll") { request, _ in
            let session = try signedIn(request, sessions, action: .enroll)
            let language = text(request)
            let notice = try ConsentNotice.load(noticeLanguage(request.uri.queryParameters.get("notice"), config), config: config)
            desk.discard(for: request.cookies[sessionCookie]?.value ?? "")
            return enrollPage(notice, ConsolePage.EnrollmentFields(), error: nil, config, request, session, language)
        }
        router.post("/enroll/shot") { request, _ in
            let (token, _) = try pictureSession(request, sessions, action: .enroll)
            let source = DeskCapture.Source(rawValue: request.uri.queryParameters.get("source") ?? "") ?? .camera
            let bytes = Array(buffer: try await request.body.collect(upTo: largestPicture))
            let language = text(request)
            do {
                let feedback = try await NIOThreadPool.singleton.runIfActive { try desk.judge(bytes, source: source, for: token) }
                let say =
                    feedback.ready
                    ? language.ready : "\(language.advice(feedback.advice?.rawValue)) \(language.shots(feedback.shots, of: feedback.needed))"
                return json([
                    "shots": feedback.shots, "needed": feedback.needed, "ready": feedback.ready, "advice": feedback.advice?.rawValue ?? "good",
                    "say": say,
                ])
            } catch let error as FaceVisionError {
                var response = json(["shots": 0, "needed": 0, "ready": false, "advice": "unreadable", "say": error.message])
                response.status = .unprocessableContent
                return response
            }
        }
        router.post("/enroll") { request, context in
            let form = try await Form(request, context)
            let session = try posted(request, form, sessions, action: .enroll)
            let token = request.cookies[sessionCookie]?.value ?? ""
            let language = text(request)
            let fields = ConsolePage.EnrollmentFields(form)
            let notice = try ConsentNotice.load(noticeLanguage(form["notice"], config), config: config)
            func refuse(_ reason: String, status: HTTPResponse.Status = .badRequest) -> Response {
                var response = enrollPage(notice, fields, error: language.refusedEnrollment(reason), config, request, session, language)
                response.status = status
                return response
            }
            guard form["notice_sha256"] == notice.sha256 else { return refuse(language.noticeChanged) }
            let guardian = fields.minor ? Guardian(name: fields.guardian, relation: fields.relation) : nil
            let method: ConsentRecord.Method
            if let reference = form["form_ref"]?.trimmingCharacters(in: .whitespaces), !reference.isEmpty {
                method = .paperForm(reference: reference)
            } else if form["agree"] == "yes" {
                let typed = (form["typed_name"] ?? "").trimmingCharacters(in: .whitespaces)
                guard !typed.isEmpty,
                    typed.caseInsensitiveCompare((guardian?.name ?? fields.name).trimmingCharacters(in: .whitespaces)) == .orderedSame
                else {
                    return refuse(language.nameMismatch)
                }
                method = .confirmedOnScreen
            } else {
                return refuse(language.consentMissing)
            }
            let enrollment = ResidentEnrollment(
                identity: Identity(
                    name: fields.name.trimmingCharacters(in: .whitespaces), unit: fields.unit.trimmingCharacters(in: .whitespaces),
                    contact: fields.contact.isEmpty ? nil : fields.contact),
                notice: notice, method: method, isMinor: fields.minor, guardian: guardian, operatorName: session.name)
            do {
                try enrollment.check(config)
                guard let shots = desk.shots(for: token) else { return refuse(language.noShots) }
                // In an estate the copy is brought up to date first, so a face
                // enrolled at another office is found twice here too.
                let receipt = try await changing(gallery, estate) { office in
                    let receipt = try enrollment.enroll(shots, modelID: desk.modelID, config: config, gallery: gallery)
                    try await office?.publishEnrollment(receipt.pseudonym, actor: session.name)
                    return receipt
                }
                desk.discard(for: token)
                return page(
                    ConsolePage.layout(
                        language.enrolledTitle,
                        ConsolePage.enrollmentReceipt(
                            receipt, unit: enrollment.identity.unit, notice: notice, method: method, guardian: guardian, operatorName: session.name,
                            text: language, at: Date()), text: language, session: session, path: "/enroll"), request: request)
            } catch let refusal as ResidentEnrollment.Refusal {
                return refuse(refusal.description)
            } catch let refusal as GalleryError where refusal.code == .refused {
                return refuse(refusal.message)
            } catch let error as EstateError {
                // The good shots stay in the draft: the desk can try again when the database is back.
                return refuse(language.estateDown(error.message), status: .serviceUnavailable)
            }
        }
    }

    /// The notice language asked for, else the site's enrollment language.
    static func noticeLanguage(_ asked: String?, _ config: FacegateConfig) -> Language {
        asked.flatMap(Language.init(rawValue:)) ?? config.enrollment.language
    }

    static func enrollPage(
        _ notice: ConsentNotice, _ fields: ConsolePage.EnrollmentFields, error: String?, _ config: FacegateConfig, _ request: Request,
        _ session: ConsoleSessions.Session, _ language: ConsoleText
    ) -> Response {
        page(
            ConsolePage.layout(
                language.enroll,
                ConsolePage.enroll(
                    notice: notice, fields: fields, error: error, minorsEnabled: config.enrollment.minorsEnabled, text: language, session: session),
                text: language, session: session, path: "/enroll"), request: request)
    }

    static func json(_ object: [String: Any]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return KioskRouter.content(String(decoding: data, as: UTF8.self), type: "application/json")
    }
}
