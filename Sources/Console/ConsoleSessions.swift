public import Foundation
public import Gallery
import Locking

/// The console's signed-in operators, in memory: a random token in an
/// HttpOnly, SameSite=Strict cookie names a session, which carries the
/// operator's name and role and its own CSRF token for every form. A
/// session ends after `idleSeconds` without a request, `longestSeconds`
/// after sign-in, at sign-out, or when the console stops.
public final class ConsoleSessions: Sendable {
    /// One operator's signed-in session.
    public struct Session: Sendable, Equatable {
        public var name: String
        public var role: OperatorAccount.Role
        /// The value every form of this session posts back (CSRF).
        public var csrf: String
        public var started: Date
        public var lastSeen: Date
    }

    public let idleSeconds: Double
    public let longestSeconds: Double
    private let sessions = Locked<[String: Session]>([:])

    public init(idleSeconds: Double = 1_800, longestSeconds: Double = 43_200) {
        self.idleSeconds = idleSeconds
        self.longestSeconds = longestSeconds
    }

    /// A new session for `account` and its token (the cookie's value).
    public func open(for account: OperatorAccount, at now: Date = Date()) -> (token: String, session: Session) {
        let token = Self.randomToken(),
            session = Session(name: account.name, role: account.role, csrf: Self.randomToken(), started: now, lastSeen: now)
        sessions.withLock { all in
            all = all.filter { isLive($0.value, at: now) }
            all[token] = session
        }
        return (token, session)
    }

    /// The live session `token` names, marked as seen at `now`; nil when there is none or it has ended.
    public func session(_ token: String?, at now: Date = Date()) -> Session? {
        guard let token else { return nil }
        return sessions.withLock { all -> Session? in
            guard var session = all[token] else { return nil }
            guard isLive(session, at: now) else {
                all[token] = nil
                return nil
            }
            session.lastSeen = now
            all[token] = session
            return session
        }
    }

    /// Seen within `idleSeconds` and started within `longestSeconds`.
    func isLive(_ session: Session, at now: Date) -> Bool {
        now.timeIntervalSince(session.lastSeen) < idleSeconds && now.timeIntervalSince(session.started) < longestSeconds
    }

    public func close(_ token: String?) {
        guard let token else { return }
        sessions.withLock { $0[token] = nil }
    }

    /// Ends every session of `name` (the operator was removed or got a new password).
    public func close(operator name: String) {
        sessions.withLock { all in all = all.filter { $0.value.name != name } }
    }

    /// 256 random bits as base64url without padding: valid in a cookie and a form.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

/// What each page or form of the console does, and which roles may do it:
/// the desk looks after residents and PINs, the auditor reads the audit,
/// the admin does both.
public enum ConsoleAction: String, Sendable, CaseIterable {
    case residents, enroll, withdraw, pins, audit, export, oversight

    public func isAllowed(for role: OperatorAccount.Role) -> Bool {
        switch (self, role) {
        case (_, .admin): true
        case (.residents, .desk), (.enroll, .desk), (.withdraw, .desk), (.pins, .desk): true
        case (.audit, .auditor), (.export, .auditor), (.oversight, .auditor): true
        default: false
        }
    }
}

/// Whether a form post comes from the console's own pages: same-site
/// fetch metadata, an Origin (when sent) of the console itself, and, once
/// signed in, the session's CSRF token. Pure, so the rule is tested alone.
public enum ConsoleRequestCheck {
    /// Why a post is refused; nil when it may go on.
    public static func refusal(host: String?, origin: String?, fetchSite: String?, csrf: String?, expected: String?) -> String? {
        if let fetchSite, !["same-origin", "none"].contains(fetchSite) { return "a form from another site (\(fetchSite)) cannot post here" }
        // Under the pages' `Referrer-Policy: no-referrer` Chromium sends
        // `Origin: null` even for the console's own forms; its fetch
        // metadata still says same-origin, which no page can forge.
        let ownNull = origin == "null" && fetchSite == "same-origin"
        if let origin, !ownNull, origin != host.map({ "http://\($0)" }), origin != host.map({ "https://\($0)" }) {
            return "a form from \(origin) cannot post here"
        }
        if let expected {
            guard let csrf, csrf.utf8.count == expected.utf8.count, zip(csrf.utf8, expected.utf8).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else {
                return "the form's token is missing or stale; reload the page"
            }
        }
        return nil
    }
}
