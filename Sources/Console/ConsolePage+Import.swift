import Audit
import Foundation
import Policy

extension ConsolePage {
    /// The import page: the CSV and its photos chosen from the desk's
    /// computer, a check that stores nothing, each row's outcome as it is
    /// judged, and the import of the rows that passed.
    static func importForm(_ language: Language, text: ConsoleText, session: ConsoleSessions.Session) -> String {
        let notices = Language.allCases.map { option in
            "<option value=\"\(option.rawValue)\"\(option == language ? " selected" : "")>\(escape(option.rawValue))</option>"
        }
        return """
            <p>\(escape(text.importExplain))</p>
            <form id="import-files" data-csrf="\(escape(session.csrf))">
            <label>\(escape(text.csvFile)) <input type="file" name="csv" accept=".csv,text/csv" required></label>
            <label>\(escape(text.photoFiles)) <input type="file" name="photos" accept="image/*" multiple></label>
            <label>\(escape(text.notice)) <select name="notice">\(notices.joined())</select></label>
            <button type="button" id="import-check">\(escape(text.importCheck))</button></form>
            <p id="import-summary" aria-live="polite"></p>
            <table id="import-rows"><thead><tr><th>\(escape(text.line))</th><th>\(escape(text.unit))</th><th>\(escape(text.outcome))</th></tr></thead>
            <tbody></tbody></table>
            <form method="post" action="/import" id="import-commit" hidden>\(csrfField(session))\
            <button type="submit">\(escape(text.importCommit))</button></form>
            """
    }

    /// What the import did, row by row: the pseudonym and audit entry of each
    /// resident enrolled, the reason for each row refused. Printable.
    static func importResults(_ rows: [DeskImport.Outcome], text: ConsoleText, at time: Date) -> String {
        let enrolled = rows.filter { $0.state == .ready }.count
        let lines = rows.map { row in
            let state = row.state == .ready ? "ok" : "fail"
            return "<tr class=\"\(state)\"><td>\(row.line)</td><td>\(escape(row.unit))</td><td>\(escape(row.detail))</td></tr>"
        }
        return """
            <section class="receipt" id="import-receipt"><p id="import-done">\(escape(text.importDone(enrolled, refused: rows.count - enrolled)))</p>
            <table><thead><tr><th>\(escape(text.line))</th><th>\(escape(text.unit))</th><th>\(escape(text.outcome))</th></tr></thead><tbody>
            \(lines.joined(separator: "\n"))
            </tbody></table><p class="facts">\(escape(Timestamp.format(time)))</p></section>
            <button type="button" class="print">\(escape(text.print))</button>
            """
    }

    /// The import page's script: reads the chosen CSV, posts it to
    /// `/import/start`, then posts each row's photo (matched by file name)
    /// to `/import/photo`, one at a time, and shows every answer.
    static let importScript = """
        (function () {
          var form = document.getElementById("import-files");
          if (!form) { return; }
          var csrf = form.dataset.csrf;
          var summary = document.getElementById("import-summary");
          var rows = document.querySelector("#import-rows tbody");
          var commit = document.getElementById("import-commit");
          function post(path, body, type) {
            return fetch(path, {
              method: "POST", body: body, credentials: "same-origin", headers: { "Content-Type": type, "X-Facegate-CSRF": csrf }
            }).then(function (response) { return response.json(); });
          }
          function show(row) {
            var line = rows.querySelector("tr[data-line='" + row.line + "']");
            if (!line) {
              line = document.createElement("tr");
              line.dataset.line = String(row.line);
              for (var i = 0; i < 3; i++) { line.appendChild(document.createElement("td")); }
              rows.appendChild(line);
            }
            line.className = row.state === "ready" ? "ok" : row.state === "refused" ? "fail" : "warn";
            line.dataset.state = row.state;
            line.children[0].textContent = String(row.line);
            line.children[1].textContent = row.unit;
            line.children[2].textContent = row.say;
          }
          document.getElementById("import-check").addEventListener("click", function () {
            var csv = form.querySelector("[name=csv]").files[0];
            if (!csv) { summary.textContent = form.querySelector("[name=csv]").validationMessage; return; }
            var photos = {};
            Array.prototype.forEach.call(form.querySelector("[name=photos]").files, function (file) { photos[file.name] = file; });
            commit.hidden = true;
            rows.textContent = "";
            summary.dataset.done = "false";
            var notice = form.querySelector("[name=notice]").value;
            csv.text().then(function (text) {
              return post("/import/start?notice=" + encodeURIComponent(notice), text, "text/csv; charset=utf-8");
            }).then(function (answer) {
              summary.textContent = answer.summary;
              answer.rows.forEach(show);
              return answer.rows.filter(function (row) { return row.state === "waiting"; }).reduce(function (chain, row) {
                return chain.then(function () {
                  var file = photos[row.photo];
                  return post("/import/photo?line=" + row.line, file || new Blob([]), (file && file.type) || "image/jpeg").then(function (judged) {
                    show(judged);
                    summary.textContent = judged.summary;
                  });
                });
              }, Promise.resolve());
            }).then(function () {
              commit.hidden = !rows.querySelector("tr[data-state=ready]");
              summary.dataset.done = "true";
            }, function (error) { summary.textContent = String(error); summary.dataset.done = "true"; });
          });
        })();
        """
}
