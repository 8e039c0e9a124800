public import Decision
import Foundation
public import Policy

/// Everything a site configures, read from TOML (`/etc/facegate/facegate.toml`
/// or `--config`). Every key is documented in `config/facegate.example.toml`;
/// a key facegate does not know is an error naming it. Relative paths are
/// resolved against the config file's folder.
public struct FacegateConfig: Sendable {
    public static let defaultPath = "/etc/facegate/facegate.toml"
    /// The purpose a site states unless it writes its own (`site.purpose`).
    public static let defaultPurpose = "opening the estate's gates for residents who choose face entry"

    /// Who runs the gate and why (shown in the notice, kept in consent and PIA records).
    public struct Site: Sendable {
        /// Controller, contact and purpose in one language.
        public struct Wording: Sendable, Equatable {
            public var controller: String
            public var contact: String
            public var purpose: String
        }

        /// As recorded in consent and PIA records: the text given, or every
        /// language's text joined ("zh-CN: …; en: …") when given per language.
        public var controller: String
        public var contact: String
        public var gateID: String
        public var purpose: String
        /// As the notice and the screen show them, per language (a language
        /// the site left out shows the other's text).
        public var wording: [Language: Wording]
        public var placement: Placement
        /// The CAC filing's reference once the site has filed (R19), else nil.
        public var filingReference: String?
    }

    public struct Storage: Sendable {
        public var stateDirectory: String
        public var keyFile: String
    }

    public struct Retention: Sendable {
        public var templateDays: Int
        public var auditDays: Int
    }

    public struct Enrollment: Sendable {
        public var minorsEnabled: Bool
        public var minFacePixels: Int
        public var minSharpness: Double
        public var duplicateThreshold: Double
        public var language: Language
    }

    /// The 1:N decision (see `DecisionRule` for how the defaults were chosen).
    /// How a face is matched (`[matcher]`). The threshold follows the gallery:
    /// facegate derives it from the risk the site accepts and the number of
    /// residents enrolled, unless the site fixes one.
    public struct Matching: Sendable {
        /// `matcher.threshold`: a fixed cosine threshold, which wins over `strangerRisk`.
        public var fixedThreshold: Double?
        /// `matcher.stranger_risk`: the chance the site accepts that one
        /// stranger, trying once, passes for some resident.
        ///
        /// The default, 1 in 200 (0.5 %), is the error Dahua's published
        /// "> 99.5 %" verification accuracy allows, and half the 1 % above
        /// which `doctor` has always warned. FIDO's biometric certification
        /// asks FRR ≤ 3 % at FAR ≤ 1e-4 *per comparison*; at 1:N that is
        /// 1 − (1 − 1e-4)^N per stranger, 9.5 % for 1 000 residents, so 0.5 %
        /// per stranger is 19 times stricter there. It gives up to 2 400
        /// residents `StrangerRisk.floor` (0.51), 3 000 residents 0.518 and
        /// 10 000 residents 0.556 (`StrangerRisk.threshold`), with the genuine
        /// acceptance that `doctor` states. Above 0.56 the calibration has no
        /// impostor pair left to vouch for a lower risk, so a gallery beyond
        /// about 12 000 stays at 0.56 and `doctor` warns.
        public var strangerRisk: Double
        public var margin: Double
        public var int8FromTemplates: Int

        public static let defaultStrangerRisk = 0.005

        public init(
            fixedThreshold: Double? = nil, strangerRisk: Double = Self.defaultStrangerRisk, margin: Double = 0.06, int8FromTemplates: Int = 1000
        ) {
            self.fixedThreshold = fixedThreshold
            self.strangerRisk = strangerRisk
            self.margin = margin
            self.int8FromTemplates = int8FromTemplates
        }

        /// The threshold in force with `residents` enrolled.
        public func threshold(residents: Int) -> Float {
            fixedThreshold.map(Float.init) ?? StrangerRisk.threshold(risk: strangerRisk, residents: residents)
        }

        /// The decision rule in force with `residents` enrolled.
        public func rule(residents: Int) -> DecisionRule {
            DecisionRule(threshold: threshold(residents: residents), margin: Float(margin))
        }
    }

    public struct Notice: Sendable {
        public var version: String
        /// The notice template file for each language that has one.
        public var files: [Language: String]
    }

    /// The estate database this box shares the gallery through (several
    /// gates, one office); nil for a gate that keeps its own gallery.
    public struct Estate: Sendable {
        public var host: String
        public var port: Int
        public var database: String
        public var user: String
        public var passwordFile: String?
        public var caFile: String
        public var serverName: String?
        /// After this long without a sync, face entry stops (R6).
        public var maxSyncAgeSeconds: Double
    }

    public var site: Site
    public var storage: Storage
    public var estate: Estate?
    public var retention: Retention
    public var alternatives: [AlternativeMethod]
    public var enrollment: Enrollment
    public var matching: Matching
    public var notice: Notice
    /// The file it was read from.
    public var source: String
    /// Everything `facegate run` reads beyond the gallery settings.
    public var gate: GateSettings
    /// Where decisions are published for the estate's platform.
    public var events: EventSettings

    /// Reads and validates the config at `path`.
    public static func load(_ path: String) throws(ConfigError) -> FacegateConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(
                FileManager.default.fileExists(atPath: path)
                    ? "\(path): cannot be read (permission denied?)"
                    : "\(path): no such config file (pass --config, or copy the example there: config/facegate.example.toml, or /usr/share/doc/facegate/examples/facegate.example.toml from the package)"
            )
        }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try FacegateConfig(toml: String(decoding: data, as: UTF8.self), source: path, baseDirectory: base)
    }

    /// Parses TOML text; `baseDirectory` anchors relative paths.
    public init(toml: String, source: String, baseDirectory: String) throws(ConfigError) {
        let reader = try TOMLReader(toml, source: source)
        func path(_ value: String) -> String {
            value.hasPrefix("/") ? value : URL(fileURLWithPath: baseDirectory).appendingPathComponent(value).standardized.path
        }
        func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ raw: String) throws(ConfigError) -> T
        where T.RawValue == String {
            try reader.choice(key, raw)
        }

        let controller = try reader.localized("site.controller")
        let contact = try reader.localized("site.contact")
        // The default purpose written out counts as the default (the screen then shows its own wording).
        let purpose = try reader.localized("site.purpose").flatMap { Self.recorded($0) == Self.defaultPurpose ? nil : $0 }
        site = Site(
            controller: controller.map(Self.recorded) ?? Self.defaultWording[.en]!.controller,
            contact: contact.map(Self.recorded) ?? Self.defaultWording[.en]!.contact,
            gateID: try reader.string("site.gate_id", default: "gate-1"),
            purpose: purpose.map(Self.recorded) ?? Self.defaultPurpose,
            wording: Dictionary(
                uniqueKeysWithValues: Language.allCases.map { language in
                    let fallback = Self.defaultWording[language]!
                    return (
                        language,
                        Site.Wording(
                            controller: controller.map { Self.shown($0, language) } ?? fallback.controller,
                            contact: contact.map { Self.shown($0, language) } ?? fallback.contact,
                            purpose: purpose.map { Self.shown($0, language) } ?? fallback.purpose)
                    )
                }),
            placement: try choice("site.placement", reader.string("site.placement", default: Placement.residentialEntrance.rawValue)),
            filingReference: try reader.optionalString("site.filing_reference"))
        storage = Storage(
            stateDirectory: path(try reader.string("storage.state_directory", default: "/var/lib/facegate")),
            keyFile: path(try reader.string("storage.key_file", default: "/etc/facegate/master.key")))
        retention = Retention(
            templateDays: try reader.int("retention.template_days", default: 730, range: 1...3650),
            auditDays: try reader.int("retention.audit_days", default: 1095, range: 1095...36500))
        var methods: [AlternativeMethod] = []
        for raw in try reader.strings("alternatives.methods", default: []) {
            methods.append(try choice("alternatives.methods", raw))
        }
        alternatives = methods
        enrollment = Enrollment(
            minorsEnabled: try reader.bool("enrollment.minors_enabled", default: false),
            minFacePixels: try reader.int("enrollment.min_face_pixels", default: 80, range: 20...2000),
            minSharpness: try reader.double("enrollment.min_sharpness", default: 20, range: 0...10_000),
            duplicateThreshold: try reader.double("enrollment.duplicate_threshold", default: 0.5, range: 0.2...1),
            language: try choice("enrollment.language", reader.string("enrollment.language", default: Language.zhCN.rawValue)))
        matching = Matching(
            fixedThreshold: try reader.optionalDouble("matcher.threshold", range: 0.3...0.95),
            strangerRisk: try reader.double("matcher.stranger_risk", default: Matching.defaultStrangerRisk, range: 0.000_001...0.1),
            margin: try reader.double("matcher.margin", default: 0.06, range: 0...0.5),
            int8FromTemplates: try reader.int("matcher.int8_from_templates", default: 1000, range: 0...100_000_000))
        var files: [Language: String] = [:]
        for key in try reader.keys(of: "notice.files") {
            let language: Language = try choice("notice.files.\(key)", key)
            files[language] = path(try reader.string("notice.files.\(key)", default: ""))
        }
        notice = Notice(version: try reader.string("notice.version", default: "1"), files: files)
        if let host = try reader.optionalString("estate.host") {
            estate = Estate(
                host: host,
                port: try reader.int("estate.port", default: 5432, range: 1...65535),
                database: try reader.string("estate.database", default: "facegate"),
                user: try reader.string("estate.user", default: "facegate"),
                passwordFile: try reader.optionalString("estate.password_file").map(path),
                caFile: path(try reader.string("estate.ca_file", default: "/etc/facegate/estate-ca.pem")),
                serverName: try reader.optionalString("estate.server_name"),
                maxSyncAgeSeconds: try reader.double("estate.max_sync_age_seconds", default: 600, range: 5...86_400))
        } else if !(try reader.keys(of: "estate")).isEmpty {
            throw reader.error("[estate] needs 'estate.host', the estate database server")
        }
        gate = try GateSettings(reader, sitePurpose: purpose == nil ? nil : site.wording.mapValues(\.purpose), path: path)
        events = try EventSettings(reader, gateID: site.gateID, path: path)
        self.source = source
        try reader.rejectUnknownKeys()
    }
}

extension FacegateConfig {
    /// What the notice says where the site wrote nothing: in each language,
    /// so the Chinese notice carries no English.
    static let defaultWording: [Language: Site.Wording] = [
        .zhCN: Site.Wording(controller: "本小区物业服务企业", contact: "物业服务中心", purpose: "为自愿选择刷脸通行的住户开启小区大门"),
        .en: Site.Wording(controller: "the estate's property management", contact: "the management office", purpose: defaultPurpose),
    ]

    /// One text for records: the text, or each language's joined in a fixed order.
    static func recorded(_ texts: [Language: String]) -> String {
        let distinct = Set(texts.values)
        if distinct.count == 1, let only = distinct.first { return only }
        return Language.allCases.compactMap { language in texts[language].map { "\(language.rawValue): \($0)" } }.joined(separator: "; ")
    }

    /// What one language shows: its own text, else the other language's.
    static func shown(_ texts: [Language: String], _ language: Language) -> String {
        texts[language] ?? Language.allCases.compactMap { texts[$0] }.first ?? ""
    }
}
