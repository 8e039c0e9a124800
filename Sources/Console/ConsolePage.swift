import Audit
import Foundation
import Gallery
import Kiosk

/// The console's HTML, rendered on the server: plain forms that post to
/// the console itself with the session's CSRF token, one script of its own
/// (the print button and the desk's camera), and nothing biometric on any
/// page (a resident is a unit and a pseudonym).
enum ConsolePage {
    static func escape(_ text: String) -> String { KioskPage.escape(text) }

    /// A whole page: the header names the operator and offers what their role may open.
    static func layout(_ title: String, _ body: String, text: ConsoleText, session: ConsoleSessions.Session?, path: String) -> String {
        let other = text.otherLanguage
        var navigation = ""
        if let session {
            let links: [(ConsoleAction, String, String)] = [
                (.residents, "/residents", text.residents), (.enroll, "/enroll", text.enroll), (.enroll, "/import", text.importTitle),
                (.pins, "/pins", text.pins),
                (.audit, "/audit", text.audit),
                (.oversight, "/oversight", text.oversight),
            ]
            navigation = links.filter { $0.0.isAllowed(for: session.role) }.map { "<a href=\"\($0.1)\">\(escape($0.2))</a>" }.joined(separator: " ")
            navigation += """
                 <span class="who">\(escape(session.name)) (\(session.role.rawValue))</span>\
                <form method="post" action="/logout" class="inline">\(csrfField(session))<button type="submit">\(escape(text.signOut))</button></form>
                """
        }
        return """
            <!doctype html>
            <html lang="\(text.language)"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
            <title>\(escape(title)) · \(escape(text.title))</title><link rel="stylesheet" href="/console.css"><script src="/console.js" defer></script></head>
            <body><header><strong>\(escape(text.title))</strong> <nav>\(navigation)</nav> <a class="language" href="\(escape(path))?lang=\(other.code)">\(other.label)</a></header>
            <main><h1>\(escape(title))</h1>
            \(body)
            </main></body></html>
            """
    }

    static func csrfField(_ session: ConsoleSessions.Session) -> String {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(escape(session.csrf))\">"
    }

    static func signIn(_ text: String?, language: ConsoleText) -> String {
        let message = text.map { "<p class=\"error\" role=\"alert\">\(escape($0))</p>" } ?? ""
        return layout(
            language.signInTitle,
            """
            \(message)<form method="post" action="/login" id="sign-in">
            <input type="hidden" name="lang" value="\(language.language)">
            <label>\(escape(language.name)) <input name="name" autocomplete="username" required></label>
            <label>\(escape(language.password)) <input name="password" type="password" autocomplete="current-password" required></label>
            <button type="submit">\(escape(language.signIn))</button></form>
            """, text: language, session: nil, path: "/login")
    }

    static func residents(_ subjects: [SubjectSummary], text: ConsoleText, session: ConsoleSessions.Session) -> String {
        guard !subjects.isEmpty else { return "<p>\(escape(text.noResidents))</p>" }
        let rows = subjects.sorted { ($0.unit, $0.pseudonym) < ($1.unit, $1.pseudonym) }.map { subject in
            """
            <tr><td>\(escape(subject.unit))</td><td><code>\(escape(subject.pseudonym))</code>\(subject.isMinor ? " (\(escape(text.minor)))" : "")</td>\
            <td>\(subject.consentedAt.day)</td><td>\(subject.expires.day)</td>\
            <td><form method="post" action="/residents/withdraw" class="inline">\(csrfField(session))\
            <input type="hidden" name="pseudonym" value="\(escape(subject.pseudonym))">\
            <input name="confirm" placeholder="\(escape(text.withdrawConfirm))" aria-label="\(escape(text.withdrawConfirm))">\
            <button type="submit">\(escape(text.withdraw))</button></form></td></tr>
            """
        }
        return """
            <table id="residents"><thead><tr><th>\(escape(text.unit))</th><th>\(escape(text.pseudonym))</th><th>\(escape(text.consented))</th>\
            <th>\(escape(text.expires))</th><th></th></tr></thead><tbody>
            \(rows.joined(separator: "\n"))
            </tbody></table>
            """
    }

    static func receipt(_ receipt: GalleryReceipt, unit: String?, text: ConsoleText, at time: Date) -> String {
        """
        <section class="receipt" id="receipt"><p>\(escape(text.withdrawn(receipt.pseudonym)))</p>
        <dl><dt>\(escape(text.pseudonym))</dt><dd><code>\(escape(receipt.pseudonym))</code></dd>\
        \(unit.map { "<dt>\(escape(text.unit))</dt><dd>\(escape($0))</dd>" } ?? "")\
        <dt>\(escape(text.receipt))</dt><dd><code>\(escape(receipt.auditReceipt))</code></dd>\
        <dt>\(escape(text.time))</dt><dd>\(escape(Timestamp.format(time)))</dd></dl></section>
        <button type="button" class="print">\(escape(text.print))</button>
        """
    }

    static func pins(_ pins: [PINEntry], issued: String?, text: ConsoleText, session: ConsoleSessions.Session) -> String {
        let rows = pins.map { pin in
            """
            <tr><td>\(escape(pin.unit))</td><td><code>\(escape(pin.identifier))</code></td><td>\(pin.created.day)</td>\
            <td><form method="post" action="/pins/remove" class="inline">\(csrfField(session))\
            <input type="hidden" name="identifier" value="\(escape(pin.identifier))"><button type="submit">\(escape(text.revoke))</button></form></td></tr>
            """
        }
        return """
            \(issued.map { "<p class=\"issued\" id=\"issued\">\(escape($0))</p>" } ?? "")
            <form method="post" action="/pins/add" id="issue">\(csrfField(session))<label>\(escape(text.unit)) <input name="unit" required></label>\
            <button type="submit">\(escape(text.issuePIN))</button></form>
            <table id="pins"><thead><tr><th>\(escape(text.unit))</th><th>ID</th><th>\(escape(text.issuedOn))</th><th></th></tr></thead><tbody>
            \(rows.joined(separator: "\n"))
            </tbody></table>
            """
    }

    static func audit(
        _ entries: [AuditEntry], total: Int, verification: AuditVerification, query: ConsoleAuditQuery, text: ConsoleText
    ) -> String {
        let status =
            switch verification {
            case .intact: "<p class=\"verified\" id=\"verification\">\(escape(text.verified))</p>"
            case .broken(let sequence, let reason): "<p class=\"error\" id=\"verification\">\(escape(text.broken(sequence, reason)))</p>"
            }
        let rows = entries.map { entry in
            let event = entry.event
            return """
                <tr><td>#\(entry.sequence)</td><td>\(escape(Timestamp.format(entry.time)))</td><td>\(escape(event.kind.rawValue))</td>\
                <td>\(escape(event.gate))</td><td>\(escape(event.reason))</td><td>\(escape(event.actor ?? ""))</td></tr>
                """
        }
        let filters = "kind=\(escape(query.kind ?? ""))&since=\(escape(query.since ?? ""))&until=\(escape(query.until ?? ""))"
        return """
            \(status)
            <form method="get" action="/audit" id="search"><label>\(escape(text.kind)) <input name="kind" value="\(escape(query.kind ?? ""))"></label>
            <label>\(escape(text.since)) <input name="since" value="\(escape(query.since ?? ""))"></label>
            <label>\(escape(text.until)) <input name="until" value="\(escape(query.until ?? ""))"></label>
            <button type="submit">\(escape(text.search))</button></form>
            <p>\(escape(text.export)): <a href="/audit/export?format=csv&\(filters)">CSV</a> · <a href="/audit/export?format=jsonl&\(filters)">JSONL</a></p>
            <p>\(escape(text.showing(entries.count, of: total)))</p>
            <table id="audit"><thead><tr><th>#</th><th>\(escape(text.time))</th><th>\(escape(text.kind))</th><th>gate</th>\
            <th>\(escape(text.reason))</th><th>\(escape(text.actor))</th></tr></thead><tbody>
            \(rows.joined(separator: "\n"))
            </tbody></table>
            """
    }

    static let css = """
        body { font-family: "Noto Sans CJK SC", "Noto Sans", sans-serif; margin: 0; color: #1d2329; background: #f6f7f9; }
        header { display: flex; gap: 1em; align-items: center; padding: 0.6em 1em; background: #12355b; color: #fff; flex-wrap: wrap; }
        header a, header button { color: #fff; }
        header button { background: transparent; border: 1px solid #fff; }
        header .language { margin-left: auto; }
        main { padding: 1em 1.5em; max-width: 70em; }
        table { border-collapse: collapse; width: 100%; background: #fff; }
        th, td { border-bottom: 1px solid #dde1e6; padding: 0.35em 0.5em; text-align: left; vertical-align: top; }
        form.inline { display: inline; }
        label { display: inline-block; margin: 0.3em 1em 0.3em 0; }
        .error { color: #a31515; font-weight: bold; }
        .verified, .issued { color: #17603a; font-weight: bold; }
        .note { color: #5a4a00; }
        .receipt { background: #fff; border: 1px solid #99a; padding: 1em; max-width: 40em; }
        fieldset { border: 1px solid #dde1e6; background: #fff; margin: 0.6em 0; }
        pre.notice { white-space: pre-wrap; background: #fff; border: 1px solid #99a; padding: 0.8em; max-height: 18em; overflow: auto; font-family: inherit; }
        .facts { color: #555; font-size: 0.9em; }
        .optional { font-weight: bold; }
        video { background: #222; display: block; margin: 0.4em 0; }
        #feedback { font-size: 1.2em; font-weight: bold; min-height: 1.4em; }
        #feedback[data-ready=true] { color: #17603a; }
        tr.fail td:first-child, p.fail { color: #a31515; font-weight: bold; }
        tr.warn td:first-child, p.warn { color: #8a5a00; font-weight: bold; }
        tr.ok td:first-child, p.ok { color: #17603a; }
        pre.report { white-space: pre-wrap; background: #fff; border: 1px solid #99a; padding: 0.8em; }
        @media print { header, button, form { display: none; } body { background: #fff; } }
        """

    /// The print button, and the desk's capture: camera frames (about three
    /// a second, one at a time) or a chosen photo are posted to
    /// `/enroll/shot` as they are, in memory, and the answer is shown live.
    static let javascript = """
        document.querySelectorAll("button.print").forEach(function (button) {
          button.addEventListener("click", function () { window.print(); });
        });
        (function () {
          var form = document.getElementById("enroll");
          if (!form) { return; }
          var csrf = form.querySelector("[name=csrf]").value;
          var feedback = document.getElementById("feedback");
          var video = document.getElementById("camera");
          var canvas = document.createElement("canvas");
          var running = false;
          function send(blob, source) {
            return fetch("/enroll/shot?source=" + source, {
              method: "POST", body: blob, credentials: "same-origin",
              headers: { "Content-Type": blob.type || "image/jpeg", "X-Facegate-CSRF": csrf }
            }).then(function (response) { return response.json(); }).then(function (answer) {
              feedback.textContent = answer.say;
              feedback.dataset.ready = answer.ready ? "true" : "false";
              feedback.dataset.shots = String(answer.shots);
              feedback.dataset.advice = answer.advice;
              return answer;
            });
          }
          function stop() {
            running = false;
            if (video.srcObject) { video.srcObject.getTracks().forEach(function (track) { track.stop(); }); video.srcObject = null; }
          }
          function frame() {
            if (!running) { return; }
            if (!video.videoWidth) { setTimeout(frame, 200); return; }
            canvas.width = video.videoWidth;
            canvas.height = video.videoHeight;
            canvas.getContext("2d").drawImage(video, 0, 0);
            canvas.toBlob(function (blob) {
              send(blob, "camera").then(function (answer) {
                if (answer.ready) { stop(); } else { setTimeout(frame, 300); }
              }, function () { setTimeout(frame, 1000); });
            }, "image/jpeg", 0.92);
          }
          document.getElementById("start-camera").addEventListener("click", function () {
            stop();
            navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false }).then(function (stream) {
              video.srcObject = stream;
              running = true;
              frame();
            }, function (error) { feedback.textContent = error.name + ": " + error.message; });
          });
          document.getElementById("photo").addEventListener("change", function (event) {
            var file = event.target.files[0];
            if (file) { stop(); send(file, "photo"); }
          });
        })();
        """
}

/// What the audit page was asked to show.
struct ConsoleAuditQuery: Sendable {
    var kind: String?
    var since: String?
    var until: String?
}
