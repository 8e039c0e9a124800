import Audit
import Config
import Foundation
import Gallery
import Kiosk
import Policy

/// The desk's enrollment page and its printable receipt.
extension ConsolePage {
    /// What the enrollment form was filled in with, kept when a post is refused.
    struct EnrollmentFields {
        var name = "", unit = "", contact = "", formReference = "", guardian = "", relation = ""
        var minor = false

        init() {}

        init(_ form: ConsoleRouter.Form) {
            name = form["name"] ?? ""
            unit = form["unit"] ?? ""
            contact = form["contact"] ?? ""
            formReference = form["form_ref"] ?? ""
            guardian = form["guardian"] ?? ""
            relation = form["guardian_relation"] ?? ""
            minor = form["minor"] == "yes"
        }
    }

    /// The notice in the resident's language (switchable), the resident's
    /// details, the consent, and the camera or photo with live feedback. The
    /// agreement box is never ticked in advance.
    static func enroll(
        notice: ConsentNotice, fields: EnrollmentFields, error: String?, minorsEnabled: Bool, text: ConsoleText,
        session: ConsoleSessions.Session
    ) -> String {
        let message = error.map { "<p class=\"error\" role=\"alert\" id=\"refusal\">\(escape($0))</p>" } ?? ""
        let languages = Language.allCases.map { language in
            language == notice.language
                ? "<strong>\(escape(language.rawValue))</strong>"
                : "<a href=\"/enroll?notice=\(language.rawValue)\">\(escape(language.rawValue))</a>"
        }
        let minor =
            minorsEnabled
            ? """
            <fieldset><label><input type="checkbox" name="minor" value="yes"\(fields.minor ? " checked" : "")> \(escape(text.minorBox))</label>
            <label>\(escape(text.guardian)) <input name="guardian" value="\(escape(fields.guardian))"></label>
            <label>\(escape(text.relation)) <input name="guardian_relation" value="\(escape(fields.relation))"></label></fieldset>
            """ : ""
        return """
            \(message)<p class="optional">\(escape(text.optional))</p>
            <section><h2>\(escape(text.notice))</h2><p>\(escape(text.noticeIn)): \(languages.joined(separator: " · "))</p>
            <pre class="notice" id="notice" lang="\(notice.language.rawValue)">\(escape(notice.text.trimmingCharacters(in: .whitespacesAndNewlines)))</pre>
            <p class="facts">\(escape(text.noticeFacts(version: notice.version, language: notice.language.rawValue, sha256: notice.sha256)))</p></section>
            <form method="post" action="/enroll" id="enroll">\(csrfField(session))
            <input type="hidden" name="notice" value="\(notice.language.rawValue)"><input type="hidden" name="notice_sha256" value="\(notice.sha256)">
            <fieldset><label>\(escape(text.residentName)) <input name="name" required value="\(escape(fields.name))"></label>
            <label>\(escape(text.unit)) <input name="unit" required value="\(escape(fields.unit))"></label>
            <label>\(escape(text.contact)) <input name="contact" value="\(escape(fields.contact))"></label></fieldset>
            \(minor)
            <fieldset><legend>\(escape(text.consentOnScreen))</legend>
            <label><input type="checkbox" name="agree" value="yes"> \(escape(text.agree))</label>
            <label>\(escape(text.typedName)) <input name="typed_name" autocomplete="off"></label></fieldset>
            <fieldset><label>\(escape(text.consentPaper)) <input name="form_ref" value="\(escape(fields.formReference))"></label></fieldset>
            <fieldset id="capture"><legend>\(escape(text.face))</legend>
            <video id="camera" autoplay muted playsinline width="320" height="240"></video>
            <button type="button" id="start-camera">\(escape(text.startCamera))</button>
            <label>\(escape(text.photo)) <input type="file" id="photo" accept="image/jpeg,image/png,image/webp"></label>
            <p id="feedback" role="status" aria-live="polite" data-ready="false"></p>
            <p class="facts">\(escape(text.capturePrivacy))</p></fieldset>
            <button type="submit" id="enroll-button">\(escape(text.enrollButton))</button></form>
            """
    }

    /// What the resident takes home: the pseudonym, the notice and consent, the expiry and the audit entry.
    static func enrollmentReceipt(
        _ receipt: GalleryReceipt, unit: String, notice: ConsentNotice, method: ConsentRecord.Method, guardian: Guardian?,
        operatorName: String, text: ConsoleText, at time: Date
    ) -> String {
        """
        <section class="receipt" id="receipt"><p>\(escape(text.enrolled(receipt.pseudonym)))</p>
        <dl><dt>\(escape(text.pseudonym))</dt><dd><code>\(escape(receipt.pseudonym))</code></dd>\
        <dt>\(escape(text.unit))</dt><dd>\(escape(unit))</dd>\
        <dt>\(escape(text.notice))</dt><dd>\(escape(text.noticeFacts(version: notice.version, language: notice.language.rawValue, sha256: notice.sha256)))</dd>\
        <dt>\(escape(text.consentHow))</dt><dd>\(escape(method.described))\(guardian.map { " (\(escape(text.guardian)): \(escape($0.relation)))" } ?? "")</dd>\
        <dt>\(escape(text.expires))</dt><dd>\(escape(receipt.expires?.day ?? "?"))</dd>\
        <dt>\(escape(text.receipt))</dt><dd><code>\(escape(receipt.auditReceipt))</code></dd>\
        <dt>\(escape(text.operatorLabel))</dt><dd>\(escape(operatorName))</dd>\
        <dt>\(escape(text.time))</dt><dd>\(escape(Timestamp.format(time)))</dd></dl></section>
        <button type="button" class="print">\(escape(text.print))</button>
        """
    }
}
