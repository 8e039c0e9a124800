import Foundation

/// The gate screen's HTML: the kiosk page and the consent notice page.
/// Self-contained — its style and script come from the daemon itself
/// (`/kiosk.css`, `/kiosk.js`) and its font is a system CJK font named in
/// the font stack — so a panel with no network beyond the gate box works.
public enum KioskPage {
    /// What the page's script starts from, and what `/api/site` returns
    /// when the site's wording changes: the site, every word in both
    /// languages, and the revision the event stream will name.
    struct Wording: Encodable {
        let site: KioskSite
        let text: [String: KioskText]
        let revision: String

        init(site: KioskSite, revision: String) {
            self.site = site
            self.text = KioskText.byLanguage
            self.revision = revision
        }

        /// JSON safe to place inside a `<script>` element.
        var json: String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let text = (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            return text.replacingOccurrences(of: "<", with: "\\u003c")
        }
    }

    /// The kiosk page. Its text is filled in by the script from `wording`,
    /// so the language toggle needs no round trip.
    static func html(_ wording: Wording) -> String {
        let language = wording.site.language
        return head(title: "facegate", language: language) + """
            <body data-state="offline" data-language="\(escape(language))">
            <header>
            <p id="purpose"><strong id="purpose-label"></strong><span id="purpose-text"></span><span id="privacy"></span></p>
            <a id="notice-link" class="chip" href="/notice"></a>
            <button id="language" class="chip" type="button"></button>
            </header>
            <main id="status" aria-live="assertive">
            <div id="icon" aria-hidden="true"></div>
            <div id="message"><h1 id="headline"></h1><p id="detail"></p></div>
            </main>
            <nav id="ways"></nav>
            <section id="pinpad" hidden>
            <h2 id="pin-title"></h2>
            <output id="pin-dots"></output>
            <p id="pin-message" role="alert"></p>
            <div id="keys">
            \((1...9).map { "<button type=\"button\" data-key=\"\($0)\">\($0)</button>" }.joined())
            <button type="button" data-key="delete" id="pin-delete"></button>
            <button type="button" data-key="0">0</button>
            <button type="button" data-key="ok" id="pin-ok"></button>
            </div>
            <button type="button" id="pin-cancel" class="chip"></button>
            </section>
            <script type="application/json" id="wording">\(wording.json)</script>
            <script src="/kiosk.js"></script>
            </body>
            </html>
            """
    }

    /// The consent notice as a resident reads it at the gate before
    /// deciding (R4): the same text `facegate enroll` shows, large, with a
    /// way back and to the other language. It returns to the gate screen
    /// by itself after three minutes.
    static func notice(_ text: String, language: String) -> String {
        let words = KioskText.byLanguage[language] ?? KioskText.chinese
        let other = language == "en" ? "zh-CN" : "en"
        return head(title: words.notice, language: language, returnAfter: 180) + """
            <body class="notice" data-language="\(escape(language))">
            <header>
            <a id="back" class="chip" href="/?lang=\(escape(language))">\(escape(words.back))</a>
            <h1 id="notice-title">\(escape(words.notice))</h1>
            <a id="language" class="chip" href="/notice?lang=\(other)">\(escape(words.otherLanguage))</a>
            </header>
            <article id="notice-text">\(paragraphs(text, language: language))</article>
            </body>
            </html>
            """
    }

    /// Everything up to `<body>`; `returnAfter` seconds: go back to the gate screen by itself.
    static func head(title: String, language: String, returnAfter: Int? = nil) -> String {
        let refresh = returnAfter.map { "<meta http-equiv=\"refresh\" content=\"\($0);url=/\">\n" } ?? ""
        return """
            <!doctype html>
            <html lang="\(escape(language))">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            \(refresh)<title>\(escape(title))</title>
            <link rel="stylesheet" href="/kiosk.css">
            </head>

            """
    }

    /// The notice's paragraphs, each as one flowing `<p>`: the template's
    /// line breaks suit a terminal, not a narrow panel.
    static func paragraphs(_ text: String, language: String) -> String {
        let joiner = language == "en" ? " " : ""
        return text.components(separatedBy: "\n\n").map { paragraph in
            let lines = paragraph.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            return "<p>\(escape(lines.joined(separator: joiner)))</p>"
        }.joined(separator: "\n")
    }

    /// Text made safe to place in HTML (also used by `facegate report`).
    public static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
