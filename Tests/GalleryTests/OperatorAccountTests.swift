import Audit
import Foundation
import Gallery
import TestSupport
import Testing

/// The web console's operators (issue 29): a password is kept only as a
/// slow salted hash, wrong passwords lock the account, and every change and
/// sign-in is audited under the operator's name.
@Suite(.testExecutor) struct OperatorAccountTests {
    /// A gallery whose clock the test moves.
    static func gallery() throws -> (Gallery, TestClock, String) {
        let clock = TestClock()
        let (gallery, _, directory) = try GalleryFixtures.make(now: { [clock] in clock.now })
        return (gallery, clock, directory)
    }

    @Test func R13_anOperatorSignsInWithTheRightPasswordOnlyAndEveryStepIsAudited() throws {
        let (gallery, _, directory) = try Self.gallery()
        try gallery.addOperator("wang.desk", role: .desk, password: "correct horse battery", actor: "admin-li")
        try gallery.addOperator("zhao", role: .auditor, password: "another long secret", actor: "admin-li")
        #expect(try gallery.operators().map { "\($0.name) \($0.role.rawValue)" } == ["wang.desk desk", "zhao auditor"])
        guard case .accepted(let account) = try gallery.signIn("wang.desk", password: "correct horse battery") else {
            Issue.record("the right password was refused")
            return
        }
        #expect(account.name == "wang.desk" && account.role == .desk)
        #expect(try gallery.signIn("wang.desk", password: "correct horse batterY") == .refused)
        #expect(try gallery.signIn("zhao", password: "correct horse battery") == .refused, "one operator's password is not another's")
        #expect(try gallery.signIn("nobody", password: "correct horse battery") == .refused, "an unknown name gets the same answer")
        let entries = try gallery.auditEntries().map(\.event).filter { $0.kind.rawValue.hasPrefix("operator-") }
        #expect(entries.map(\.kind) == [.operatorAdded, .operatorAdded, .operatorSignIn])
        #expect(entries.map(\.actor) == ["admin-li", "admin-li", "wang.desk"])
        #expect(try gallery.verifyAudit().isIntact)
        for (file, bytes) in try GalleryFixtures.allBytes(in: directory) {
            #expect(!GalleryFixtures.contains(bytes, Array("correct horse battery".utf8)), "\(file) holds a password in clear")
        }
    }

    @Test func fiveWrongPasswordsLockTheAccountForFifteenMinutesEvenAgainstTheRightOne() throws {
        let (gallery, clock, _) = try Self.gallery()
        try gallery.addOperator("wang.desk", role: .desk, password: "correct horse battery", actor: "admin-li")
        let answers = try (1...5).map { _ in try gallery.signIn("wang.desk", password: "guess-guess-guess") }
        let start = clock.now
        /// Locked until 15 min from now (stored to the millisecond).
        func lockedForFifteenMinutes(_ answer: OperatorSignIn?) -> Bool {
            guard case .locked(let until)? = answer else { return false }
            return abs(until.timeIntervalSince(start) - 900) < 0.01
        }
        #expect(answers.prefix(4).allSatisfy { $0 == .refused } && lockedForFifteenMinutes(answers.last))
        #expect(lockedForFifteenMinutes(try gallery.signIn("wang.desk", password: "correct horse battery")))
        let locks = try gallery.auditEntries().map(\.event).filter { $0.kind == .operatorLocked }
        #expect(locks.count == 1 && locks.first?.reason == "5 wrong passwords in a row; operator wang.desk locked for 15 min")
        #expect(
            lockedForFifteenMinutes(try gallery.operators().first?.lockedUntil.map { .locked(until: $0) }), "the lock is stored: a restart keeps it")
        clock.advance(by: 901)
        guard case .accepted = try gallery.signIn("wang.desk", password: "correct horse battery") else {
            Issue.record("still locked after 15 min")
            return
        }
        let four = try (1...4).map { _ in try gallery.signIn("wang.desk", password: "guess-guess-guess") }
        #expect(four.allSatisfy { $0 == .refused }, "a success starts the count again")
        try gallery.unlockOperator("wang.desk", actor: "admin-li")
        #expect(try gallery.signIn("wang.desk", password: "guess-guess-guess") == .refused, "unlocking also resets the count")
    }

    @Test func whatCannotWorkIsRefusedAndChangesNeedAnExistingOperator() throws {
        let (gallery, _, _) = try Self.gallery()
        try gallery.addOperator("li", role: .admin, password: "long enough secret", actor: "root")
        let cases: [(() throws -> Void, String)] = [
            ({ try gallery.addOperator("li", role: .desk, password: "long enough secret", actor: "root") }, "there is already an operator li"),
            ({ try gallery.addOperator("Li Wei", role: .desk, password: "long enough secret", actor: "root") }, "an operator name has"),
            ({ try gallery.addOperator("wei", role: .desk, password: "short", actor: "root") }, "an operator's password has at least 12 characters"),
            ({ try gallery.removeOperator("nobody", actor: "root") }, "no operator nobody"),
            ({ try gallery.setOperatorPassword("nobody", password: "long enough secret", actor: "root") }, "no operator nobody"),
        ]
        for (action, message) in cases {
            let error = #expect(throws: GalleryError.self) { try action() }
            #expect(error?.code == .refused && error?.message.hasPrefix(message) == true, "\(error?.message ?? "no error")")
        }
        try gallery.setOperatorPassword("li", password: "a new long secret", actor: "root")
        #expect(try gallery.signIn("li", password: "long enough secret") == .refused)
        guard case .accepted = try gallery.signIn("li", password: "a new long secret") else {
            Issue.record("the new password was refused")
            return
        }
        try gallery.removeOperator("li", actor: "root")
        #expect(try gallery.operators().isEmpty && gallery.signIn("li", password: "a new long secret") == .refused)
        let reasons = try gallery.auditEntries().map(\.event).filter { $0.kind == .operatorChanged }.map(\.reason)
        #expect(reasons == ["new password for operator li", "operator li removed"])
    }
}
