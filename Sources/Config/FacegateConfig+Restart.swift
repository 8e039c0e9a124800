/// Settings a running daemon reads once, at start: a SIGHUP cannot apply
/// them (the kiosk's socket is bound, the camera and the gate are open, the
/// gallery files are held), so a reload names them instead of claiming them.
extension FacegateConfig {
    /// The keys whose new values in `newer` take effect only after a restart.
    public func keysNeedingRestart(_ newer: FacegateConfig) -> [String] {
        var keys: [String] = []
        func compare<Value: Equatable>(_ key: String, _ value: (FacegateConfig) -> Value) {
            if value(self) != value(newer) { keys.append(key) }
        }
        compare("kiosk.listen") { $0.gate.kiosk.listen }
        compare("kiosk.port") { $0.gate.kiosk.port }
        compare("kiosk.allowed_origins") { $0.gate.kiosk.allowedOrigins }
        compare("camera.source") { $0.gate.camera.source }
        compare("camera.transport") { $0.gate.camera.transport }
        compare("camera.credentials_file") { $0.gate.camera.credentialsFile }
        compare("camera.reconnect_max_seconds") { $0.gate.camera.reconnectMaxSeconds }
        compare("gate.actuator") { $0.gate.actuator }
        compare("gate.pulse_ms") { $0.gate.pulseSeconds }
        compare("storage.state_directory") { $0.storage.stateDirectory }
        compare("storage.key_file") { $0.storage.keyFile }
        compare("site.gate_id") { $0.site.gateID }
        compare("estate") { $0.estate.map { "\($0.host):\($0.port)/\($0.database) as \($0.user)" } }
        compare("events") {
            [$0.events.mqtt.map { "mqtt \($0.host):\($0.port) \($0.topic)" }, $0.events.webhook.map { "webhook \($0.url)" }]
                .compactMap { $0 }.joined(separator: ", ")
        }
        return keys
    }
}
