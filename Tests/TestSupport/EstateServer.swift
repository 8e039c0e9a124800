import Foundation

/// A real PostgreSQL server on 127.0.0.1 for the estate tests, made by
/// scripts/estate-pg.sh in a temp folder: its own cluster, a test CA and a
/// server certificate, TLS required, a password for the `facegate` role.
/// `kill()` is a crash or an outage; `start()` brings it back on the same port.
public final class EstateServer: @unchecked Sendable {
    // @unchecked: only the test that owns the server touches it.
    public let folder: String
    public let port: Int
    public var caFile: String { "\(folder)/tls/ca.pem" }
    /// A CA that did not sign the server's certificate.
    public var otherCAFile: String { "\(folder)/tls/other-ca.pem" }
    public var passwordFile: String { "\(folder)/password" }
    static var script: String { "\(Fixtures.repositoryRoot)/scripts/estate-pg.sh" }

    public init() throws {
        folder = try Fixtures.temporaryDirectory("estate-pg")
        var port = 0
        for _ in 1...5 {
            // Below the ephemeral range, away from the kiosk and camera ports.
            port = Int.random(in: 16_000..<20_000)
            if (try? Subprocess.run(Self.script, ["start", folder, String(port)]))?.status == 0 { break }
            port = 0
        }
        guard port != 0 else { throw ProcessFailure("the estate PostgreSQL server did not start in \(folder)") }
        self.port = port
    }

    public func start() throws {
        let result = try Subprocess.run(Self.script, ["start", folder, String(port)])
        guard result.status == 0 else { throw ProcessFailure("estate-pg.sh start: \(result.stderr)") }
    }

    /// An immediate stop, as a crash or a pulled cable looks to the gates.
    public func kill() throws {
        _ = try Subprocess.run(Self.script, ["kill", folder])
    }

    /// SQL as the server's superuser (to inspect, or to tamper on purpose).
    public func psql(_ sql: String) throws -> Subprocess.Result {
        try Subprocess.run(Self.script, ["psql", folder, "-tA", "-v", "ON_ERROR_STOP=1", "-c", sql])
    }

    /// The `[estate]` section pointing at this server; `ca` replaces the CA file.
    public func configSection(ca: String? = nil, serverName: String = "localhost", maxSyncAge: Double = 600) -> String {
        """

        [estate]
        host = "127.0.0.1"
        port = \(port)
        database = "estate"
        user = "facegate"
        password_file = "\(passwordFile)"
        ca_file = "\(ca ?? caFile)"
        server_name = "\(serverName)"
        max_sync_age_seconds = \(maxSyncAge)

        """
    }

    deinit {
        _ = try? Subprocess.run(Self.script, ["stop", folder])
        try? FileManager.default.removeItem(atPath: folder)
    }
}

/// An estate: a management office (a site with the key and the gallery,
/// set up with `facegate estate init`) on one `EstateServer`.
public struct EstateOfficeSite: Sendable {
    public let office: SiteFixture
    public var keyFile: String { "\(office.folder)/master.key" }

    public init(server: EstateServer) throws {
        let section = server.configSection()
        office = try SiteFixture { $0.replacingOccurrences(of: "gate_id = \"north-gate\"", with: "gate_id = \"office\"") + section }
        let made = try office.run(["estate", "init"])
        guard made.status == 0 else { throw ProcessFailure("estate init: \(made.stderr)") }
    }

    /// A config edit that makes a site a gate of this estate: its own gate id,
    /// the office's master key (a systemd credential in real life), the server.
    public func gateConfig(_ gateID: String, server: EstateServer, maxSyncAge: Double = 600) -> @Sendable (String) -> String {
        let key = keyFile, section = server.configSection(maxSyncAge: maxSyncAge)
        return { text in
            text.replacingOccurrences(of: "gate_id = \"north-gate\"", with: "gate_id = \"\(gateID)\"")
                .replacingOccurrences(of: "\"/etc/facegate/master.key\"", with: "\"\(key)\"") + section
        }
    }
}
