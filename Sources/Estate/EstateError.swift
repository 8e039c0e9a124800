import Foundation
import PostgresNIO

/// Why talking to the estate database failed, in one line that names the
/// server and says what to do; never a bound value (a ciphertext, a pseudonym).
public struct EstateError: Error, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }

    /// Turns a PostgresNIO, TLS or socket error into a line an installer can act on.
    static func from(_ error: any Error, _ endpoint: EstateEndpoint) -> EstateError {
        if let error = error as? EstateError { return error }
        let server = "the estate database at \(endpoint.host):\(endpoint.port)"
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                let state = error.serverInfo?[.sqlState] ?? ""
                if state == "28P01" || state == "28000" {
                    return EstateError("\(server) refused user \(endpoint.user): \(message); check estate.password_file and pg_hba.conf")
                }
                if state == "3D000" { return EstateError("\(server): \(message); create it or fix estate.database") }
                return EstateError("\(server): \(message)")
            }
            if let underlying = error.underlying { return from(underlying, endpoint) }
            switch error.code {
            case .sslUnsupported:
                return EstateError("\(server) does not offer TLS; facegate never sends the gallery unencrypted (turn ssl on in postgresql.conf)")
            case .serverClosedConnection, .connectionError, .uncleanShutdown:
                return EstateError("lost the connection to \(server)")
            default:
                return EstateError("\(server): \(error.code)")
            }
        }
        if let error = error as? NIOSSLError {
            return EstateError("TLS to \(server) failed (\(error)); is estate.ca_file the CA that signed the server's certificate?")
        }
        if let error = error as? BoringSSLError {
            return EstateError("TLS to \(server) failed: the server's certificate does not verify against estate.ca_file (\(error))")
        }
        if let error = error as? NIOSSLExtraError, error == .failedToValidateHostname {
            return EstateError(
                "TLS to \(server) failed: its certificate is not for \(endpoint.serverName ?? endpoint.host); set estate.server_name to the name in the server's certificate"
            )
        }
        if let error = error as? NIOSSLExtraError {
            return EstateError("TLS to \(server) failed: \(error)")
        }
        if let error = error as? IOError {
            return EstateError("cannot reach \(server): \(error.description)")
        }
        if error is ChannelError || error is NIOConnectionError {
            return EstateError("cannot reach \(server) (\(error))")
        }
        return EstateError("\(server): \(String(describing: error))")
    }
}
