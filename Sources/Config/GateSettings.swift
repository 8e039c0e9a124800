import Foundation
public import Policy

/// What `facegate run` reads: the camera, which faces count (R15), how a
/// decision is confirmed, spoof screening (R21), how the gate is driven, the kiosk and the
/// controller token. Part of `FacegateConfig`; documented key by key in
/// `config/facegate.example.toml`.
public struct GateSettings: Sendable {
    public struct Camera: Sendable {
        public var source: String
        /// How an RTSP stream's packets travel.
        public var transport: CameraTransport
        /// The file holding the camera's `user:password`; nil: the systemd
        /// credential `camera` if the unit passes one, else none.
        public var credentialsFile: String?
        public var reconnectMaxSeconds: Double
        /// No frame for this long and the camera counts as lost.
        public var frameTimeoutSeconds: Double
        /// A frame captured longer ago than this is never judged: whoever it
        /// shows may have left (a stalled network delivers seconds-old frames in a burst).
        public var maxFrameAgeSeconds: Double
    }

    /// RTSP over TCP (the default: no lost packets, no smeared frames) or UDP.
    public enum CameraTransport: String, Sendable, CaseIterable {
        case tcp, udp
    }

    /// Which faces count (R15): close enough, sharp enough, inside the zone.
    public struct Quality: Sendable {
        public var minFacePixels: Int
        public var minSharpness: Double
        /// x, y, width, height as fractions of the frame; nil: the whole frame.
        public var zone: [Double]?
    }

    public struct Decision: Sendable {
        public var confirmFrames: Int
        public var windowFrames: Int
        public var cooldownSeconds: Double
        /// After a face is refused (unknown, ambiguous, not live), it is judged afresh after this long.
        public var retrySeconds: Double
    }

    public enum Actuator: Sendable, Equatable {
        case exec(command: [String], timeoutSeconds: Double)
        case http(url: String, timeoutSeconds: Double, retries: Int)
        case gpio(chip: String, line: Int, activeLow: Bool)
    }

    public struct Kiosk: Sendable {
        public var listen: String
        public var port: Int
        public var language: Language
        /// What a welcome may show of the resident: nothing unless the site chose otherwise.
        public var greeting: Greeting
        /// The purpose of the face check in plain words, as the screen states it (R14).
        public var purpose: [Language: String]
        /// The welcome screen's words.
        public var welcome: [Language: String]
        public var pinAttempts: Int
        public var pinLockoutSeconds: Double
        /// Origins (`http://host[:port]`) besides the kiosk's own page that
        /// may post a PIN or a controller request: keypads on the LAN.
        public var allowedOrigins: [String]
    }

    public var camera: Camera
    public var quality: Quality
    public var decision: Decision
    public var liveness: Liveness
    public var actuator: Actuator
    public var pulseSeconds: Double
    public var kiosk: Kiosk
    /// File holding the token keypad/card controllers send to POST /api/alternative; nil: endpoint off.
    public var controllerTokenFile: String?

    /// `sitePurpose`: `site.purpose` as each language shows it, nil when the site left the default.
    init(_ reader: TOMLReader, sitePurpose: [Language: String]?, path: (String) -> String) throws(ConfigError) {
        camera = Camera(
            source: try reader.string("camera.source", default: "/dev/video0"),
            transport: try reader.choice("camera.transport", try reader.string("camera.transport", default: "tcp")),
            credentialsFile: try reader.optionalString("camera.credentials_file").map(path),
            reconnectMaxSeconds: try reader.double("camera.reconnect_max_seconds", default: 10, range: 0.5...600),
            frameTimeoutSeconds: try reader.double("camera.frame_timeout_seconds", default: 1.5, range: 0.2...60),
            maxFrameAgeSeconds: try reader.double("camera.max_frame_age_ms", default: 300, range: 50...5000) / 1000)
        if Self.carriesPassword(camera.source) {
            throw reader.error(
                "'camera.source' holds a user name and password in clear; put user:password in the file named by 'camera.credentials_file' (or the systemd credential 'camera') and leave them out of the URL"
            )
        }
        var zone = try reader.optionalDoubles("quality.zone")
        if let box = zone {
            guard box.count == 4, box.allSatisfy({ (0...1).contains($0) }), box[2] > 0, box[3] > 0,
                box[0] + box[2] <= 1.0001, box[1] + box[3] <= 1.0001
            else { throw reader.error("'quality.zone' must be [x, y, width, height], fractions of the frame inside it") }
            zone = box
        }
        quality = Quality(
            minFacePixels: try reader.int("quality.min_face_pixels", default: 90, range: 20...2000),
            minSharpness: try reader.double("quality.min_sharpness", default: 20, range: 0...10_000), zone: zone)
        decision = Decision(
            confirmFrames: try reader.int("decision.confirm_frames", default: 2, range: 1...30),
            windowFrames: try reader.int("decision.window_frames", default: 3, range: 1...30),
            cooldownSeconds: try reader.double("decision.cooldown_seconds", default: 8, range: 0...3600),
            retrySeconds: try reader.double("decision.retry_seconds", default: 2, range: 0.2...60))
        guard decision.confirmFrames <= decision.windowFrames else {
            throw reader.error("'decision.confirm_frames' cannot exceed 'decision.window_frames'")
        }
        liveness = try Liveness(reader)
        pulseSeconds = try reader.double("gate.pulse_ms", default: 500, range: 20...10_000) / 1000
        switch try reader.string("gate.actuator", default: "exec") {
        case "exec":
            // Checked by `facegate run`, so admin commands work with a config that has no gate yet.
            let command = try reader.strings("gate.exec.command", default: [])
            actuator = .exec(command: command, timeoutSeconds: try reader.double("gate.exec.timeout_ms", default: 3000, range: 100...60_000) / 1000)
        case "http":
            guard let url = try reader.optionalString("gate.http.url"), URL(string: url)?.scheme?.hasPrefix("http") == true else {
                throw reader.error("'gate.http.url' must be the controller's http(s) URL")
            }
            actuator = .http(
                url: url, timeoutSeconds: try reader.double("gate.http.timeout_ms", default: 2000, range: 100...60_000) / 1000,
                retries: try reader.int("gate.http.retries", default: 1, range: 0...5))
        case "gpio":
            actuator = .gpio(
                chip: try reader.string("gate.gpio.chip", default: "/dev/gpiochip0"),
                line: try reader.int("gate.gpio.line", default: 0, range: 0...1023),
                activeLow: try reader.bool("gate.gpio.active_low", default: false))
        case let other:
            throw reader.error("'gate.actuator' is \"\(other)\"; allowed: exec, http, gpio")
        }
        for key in ["exec.command", "exec.timeout_ms", "http.url", "http.timeout_ms", "http.retries", "gpio.chip", "gpio.line", "gpio.active_low"] {
            reader.tolerate("gate.\(key)")
        }
        guard let language = Language(rawValue: try reader.string("kiosk.language", default: Language.zhCN.rawValue)) else {
            throw reader.error("'kiosk.language' must be zh-CN or en")
        }
        guard let greeting = Greeting(rawValue: try reader.string("kiosk.greeting", default: Greeting.none.rawValue)) else {
            throw reader.error("'kiosk.greeting' must be none, unit or first-name")
        }
        var purpose: [Language: String] = [:], welcome: [Language: String] = [:]
        for language in Language.allCases {
            let stated = sitePurpose?[language] ?? Kiosk.defaultPurpose[language] ?? FacegateConfig.defaultPurpose
            purpose[language] = try reader.string("kiosk.purpose.\(language.rawValue)", default: stated)
            welcome[language] = try reader.string("kiosk.welcome.\(language.rawValue)", default: Kiosk.defaultWelcome[language] ?? "")
        }
        for table in ["kiosk.purpose", "kiosk.welcome"] {
            for key in try reader.keys(of: table) where Language(rawValue: key) == nil {
                throw reader.error("'\(table).\(key)': languages are zh-CN and en")
            }
        }
        kiosk = Kiosk(
            listen: try reader.string("kiosk.listen", default: "127.0.0.1"),
            port: try reader.int("kiosk.port", default: 8080, range: 0...65535), language: language, greeting: greeting,
            purpose: purpose, welcome: welcome,
            pinAttempts: try reader.int("kiosk.pin_attempts", default: 5, range: 1...100),
            pinLockoutSeconds: try reader.double("kiosk.pin_lockout_seconds", default: 60, range: 1...86_400),
            allowedOrigins: try reader.strings("kiosk.allowed_origins", default: []).map { origin throws(ConfigError) in
                let scheme = ["http://", "https://"].first { origin.lowercased().hasPrefix($0) }
                guard let scheme, origin.count > scheme.count, !origin.dropFirst(scheme.count).contains(where: { "/?#@ ".contains($0) }) else {
                    throw reader.error("'kiosk.allowed_origins' holds \"\(origin)\"; an origin is http://host or http://host:port, nothing after it")
                }
                return origin.lowercased()
            })
        controllerTokenFile = try reader.optionalString("alternatives.controller_token_file").map(path)
    }
}

extension GateSettings {
    /// Whether a `scheme://user:password@host…` URL carries its secret in clear.
    static func carriesPassword(_ source: String) -> Bool {
        guard let scheme = source.range(of: "://") else { return false }
        let authority = source[scheme.upperBound...].prefix { $0 != "/" }
        guard let at = authority.lastIndex(of: "@") else { return false }
        return authority[..<at].contains(":")
    }
}

extension GateSettings.Kiosk {
    /// The default purpose, said for the screen (the site's `purpose` is
    /// written for the notice); a site that changes `site.purpose` says it
    /// here too, or the screen shows `site.purpose` as written.
    static let defaultPurpose: [Language: String] = [
        .zhCN: "为自愿选择刷脸的住户开门",
        .en: "opening this gate for residents who chose face entry",
    ]

    static let defaultWelcome: [Language: String] = [.zhCN: "欢迎回家", .en: "Welcome home"]
}

/// What a welcome screen may show of the resident (`kiosk.greeting`):
/// nothing by default; the unit, or the first name, only if the site turns
/// it on — whoever stands near the gate reads it too.
public enum Greeting: String, Sendable, CaseIterable {
    case none
    case unit
    case firstName = "first-name"
}

extension Greeting {
    /// What the welcome screen shows for a resident with this name and unit.
    public func shown(name: String, unit: String) -> String? {
        switch self {
        case .none:
            return nil
        case .unit:
            return unit.isEmpty ? nil : unit
        case .firstName:
            let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
            let words = trimmed.split(whereSeparator: \.isWhitespace)
            if words.count > 1 { return String(words[0]) }
            guard let first = trimmed.first else { return nil }
            return String(first) + String(repeating: "*", count: trimmed.count - 1)
        }
    }
}
