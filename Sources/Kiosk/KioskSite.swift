/// What a site tells its gate screen: the language it starts in, the ways
/// in it offers, the purpose of the face check and the welcome, in each
/// language. `GateService` builds it from the config; a change (SIGHUP)
/// reloads every connected screen.
public struct KioskSite: Sendable, Codable, Equatable {
    /// "zh-CN" or "en": what the screen shows until someone taps the toggle.
    public var language: String
    /// The alternatives (R1) by config name: card, pin, qr, guard, intercom.
    public var alternatives: [String]
    /// The purpose of the face check by language, after "used only for:" (R14).
    public var purpose: [String: String]
    /// The welcome greeting by language.
    public var welcome: [String: String]

    public init(language: String, alternatives: [String], purpose: [String: String], welcome: [String: String]) {
        self.language = language
        self.alternatives = alternatives
        self.purpose = purpose
        self.welcome = welcome
    }
}
