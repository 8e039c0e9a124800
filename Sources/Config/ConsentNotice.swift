import Crypto
import Foundation
public import Policy

/// The consent notice exactly as a resident sees it (R4): the site's notice
/// template for one language with the config's facts filled in, and the
/// SHA-256 of that exact text, which the consent record keeps.
///
/// Templates may use `{controller}`, `{contact}`, `{purpose}`,
/// `{retention_days}`, `{alternatives}` and `{version}`; filling them from
/// the config keeps the notice true when, say, the retention changes.
public struct ConsentNotice: Sendable, Equatable {
    public let language: Language
    public let version: String
    public let text: String

    /// Lower-case hex SHA-256 of the UTF-8 text.
    public var sha256: String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    public init(language: Language, version: String, text: String) {
        self.language = language
        self.version = version
        self.text = text
    }

    /// Renders the notice for `language` from the config's template file.
    public static func load(_ language: Language, config: FacegateConfig) throws(ConfigError) -> ConsentNotice {
        guard let path = config.notice.files[language] else {
            throw ConfigError("\(config.source): no notice file for \(language.rawValue) (notice.files.\(language.rawValue))")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError("\(config.source): notice file \(path) cannot be read")
        }
        return render(String(decoding: data, as: UTF8.self), language: language, config: config)
    }

    public static func render(_ template: String, language: Language, config: FacegateConfig) -> ConsentNotice {
        let separator = language == .zhCN ? "、" : ", "
        let values: [String: String] = [
            "controller": config.site.wording[language]?.controller ?? config.site.controller,
            "contact": config.site.wording[language]?.contact ?? config.site.contact,
            "purpose": config.site.wording[language]?.purpose ?? config.site.purpose,
            "retention_days": String(config.retention.templateDays),
            "alternatives": config.alternatives.map { $0.label(language) }.joined(separator: separator),
            "version": config.notice.version,
        ]
        var text = template
        for (name, value) in values {
            text = text.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return ConsentNotice(language: language, version: config.notice.version, text: text)
    }
}
