import Foundation
import Logging
import PostgresNIO

/// Where the estate's PostgreSQL server is and how to prove it is the right
/// one: TLS always, the server's certificate checked against the estate's
/// CA and its name. The estate's own server, never a cloud service.
public struct EstateEndpoint: Sendable {
    public var host: String
    public var port: Int
    public var database: String
    public var user: String
    /// A file holding the password (or the systemd credential `facegate-estate-password`).
    public var passwordFile: String?
    /// The CA certificate (PEM) that signed the server's certificate.
    public var caFile: String
    /// The name the server's certificate must carry, when `host` is not it
    /// (an address, or a name the certificate does not list).
    public var serverName: String?

    public init(host: String, port: Int, database: String, user: String, passwordFile: String?, caFile: String, serverName: String?) {
        self.host = host
        self.port = port
        self.database = database
        self.user = user
        self.passwordFile = passwordFile
        self.caFile = caFile
        self.serverName = serverName
    }

    static let passwordCredential = "facegate-estate-password"

    /// The password from the systemd credential, else from `passwordFile`.
    func password() throws(EstateError) -> String? {
        var candidates: [String] = []
        if let directory = ProcessInfo.processInfo.environment["CREDENTIALS_DIRECTORY"] {
            candidates.append("\(directory)/\(Self.passwordCredential)")
        }
        if let passwordFile { candidates.append(passwordFile) }
        for path in candidates where FileManager.default.fileExists(atPath: path) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw EstateError("\(path): cannot be read (permission denied?)")
            }
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if let passwordFile { throw EstateError("\(passwordFile): no such file (estate.password_file)") }
        return nil
    }

    /// Opens one TLS connection, or says in one line why it cannot.
    func connect(logger: Logger) async throws(EstateError) -> PostgresConnection {
        guard FileManager.default.isReadableFile(atPath: caFile) else {
            throw EstateError("\(caFile): no such file or not readable (estate.ca_file, the CA that signed the estate server's certificate)")
        }
        let password = try password()
        do {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .file(caFile)
            tls.certificateVerification = .fullVerification
            tls.minimumTLSVersion = .tlsv12
            var configuration = PostgresConnection.Configuration(
                host: host, port: port, username: user, password: password, database: database,
                tls: .require(try NIOSSLContext(configuration: tls)))
            // The certificate must name `serverName`, else `host`; a host given
            // as an address is checked against the certificate's IP addresses.
            configuration.options.tlsServerName = serverName
            configuration.options.connectTimeout = .seconds(5)
            return try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        } catch {
            throw EstateError.from(error, self)
        }
    }
}
