import Foundation

/// One line of `facegate doctor`: what was checked, how it stands, what was
/// found and, unless it is fine, how to fix it.
struct SiteCheck: Codable, Equatable {
    enum Status: String, Codable, Comparable {
        case ok, warn, fail

        static func < (a: Status, b: Status) -> Bool { a.rank < b.rank }
        private var rank: Int { self == .ok ? 0 : self == .warn ? 1 : 2 }
    }

    var check: String
    var status: Status
    var detail: String
    var fix: String?

    static func ok(_ check: String, _ detail: String) -> SiteCheck { SiteCheck(check: check, status: .ok, detail: detail) }

    static func warn(_ check: String, _ detail: String, fix: String) -> SiteCheck {
        SiteCheck(check: check, status: .warn, detail: detail, fix: fix)
    }

    static func fail(_ check: String, _ detail: String, fix: String) -> SiteCheck {
        SiteCheck(check: check, status: .fail, detail: detail, fix: fix)
    }
}

/// Every check's result, as one screen or one JSON document for monitoring.
struct SiteCheckReport: Codable {
    var status: SiteCheck.Status
    var checks: [SiteCheck]

    init(_ checks: [SiteCheck]) {
        self.checks = checks
        status = checks.map(\.status).max() ?? .ok
    }

    var text: String {
        let width = (checks.map(\.check.count).max() ?? 0) + 2
        var lines = checks.map { check in
            let head =
                "\(check.status.rawValue.uppercased().padding(toLength: 6, withPad: " ", startingAt: 0))"
                + check.check.padding(toLength: width, withPad: " ", startingAt: 0) + check.detail
            return check.fix.map { head + "\n" + String(repeating: " ", count: 6 + width) + "fix: " + $0 } ?? head
        }
        let counts = [SiteCheck.Status.ok, .warn, .fail].map { status in "\(checks.filter { $0.status == status }.count) \(status.rawValue)" }
        lines.append("\(checks.count) checks: " + counts.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}
