import Foundation

/// One line of `facegate doctor`: what was checked, how it stands, what was
/// found and, unless it is fine, how to fix it.
public struct SiteCheck: Codable, Equatable, Sendable {
    /// How a check stands; a report stands as its worst check.
    public enum Status: String, Codable, Comparable, Sendable {
        case ok, warn, fail

        public static func < (a: Status, b: Status) -> Bool { a.rank < b.rank }
        private var rank: Int { self == .ok ? 0 : self == .warn ? 1 : 2 }
    }

    public var check: String
    public var status: Status
    public var detail: String
    public var fix: String?

    public static func ok(_ check: String, _ detail: String) -> SiteCheck { SiteCheck(check: check, status: .ok, detail: detail) }

    public static func warn(_ check: String, _ detail: String, fix: String) -> SiteCheck {
        SiteCheck(check: check, status: .warn, detail: detail, fix: fix)
    }

    public static func fail(_ check: String, _ detail: String, fix: String) -> SiteCheck {
        SiteCheck(check: check, status: .fail, detail: detail, fix: fix)
    }
}

/// Every check's result, as one screen or one JSON document for monitoring.
public struct SiteCheckReport: Codable, Sendable {
    public var status: SiteCheck.Status
    public var checks: [SiteCheck]

    public init(_ checks: [SiteCheck]) {
        self.checks = checks
        status = checks.map(\.status).max() ?? .ok
    }

    public var text: String {
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

    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}
