import ArgumentParser
import Config
import Foundation
import Gallery
import Policy

#if canImport(Glibc)
    import Glibc
#endif

/// Shows the consent notice and obtains the separate, explicit yes (R3):
/// typed by the resident at a real terminal, or a paper form's reference.
/// Nothing is preselected and anything but the exact phrase cancels.
enum ConsentPrompt {
    static let phrases = ["同意", "I agree"]

    static func ask(notice: ConsentNotice, paperForm: String?, guardian: String?) throws -> ConsentRecord.Method {
        let rule = String(repeating: "─", count: 60)
        print(rule)
        print(notice.text.trimmingCharacters(in: .whitespacesAndNewlines))
        print(rule)
        print("Notice v\(notice.version), \(notice.language.rawValue), sha256 \(notice.sha256)")
        if let paperForm {
            print("Consent recorded from signed paper form \(paperForm).")
            return .paperForm(reference: paperForm)
        }
        guard isatty(STDIN_FILENO) == 1 else {
            throw CommandFailure(
                status: .usage,
                description: "consent must be typed by the resident at this terminal, or recorded with --consent-form REF for a signed paper form")
        }
        let who = guardian == nil ? "the resident" : "the guardian"
        print("Face entry is optional: the alternatives above work just as well.")
        print("If \(who) agrees, type 同意 or I agree and press Enter (anything else cancels): ", terminator: "")
        fflush(nil)
        let answer = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces) ?? ""
        guard phrases.contains(answer) else {
            throw CommandFailure(status: .failure, description: "no consent given; nothing was stored")
        }
        return .typedAtTerminal
    }
}
