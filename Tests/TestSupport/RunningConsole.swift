import Foundation

/// `facegate console` of a `SiteFixture`, started on a free port for a test
/// and spoken to over real HTTP with curl: the status, the headers and the
/// body of each answer.
public final class RunningConsole: @unchecked Sendable {
    public let port: Int
    public let url: String
    private let process = Process()
    private let logFile: String

    public init(site: SiteFixture) throws {
        port = Int.random(in: 26_000..<32_000)
        url = "http://127.0.0.1:\(port)"
        logFile = "\(site.folder)/console.log"
        guard FileManager.default.createFile(atPath: logFile, contents: nil) else { throw ProcessFailure("cannot create \(logFile)") }
        process.executableURL = URL(fileURLWithPath: Subprocess.facegate)
        process.arguments = ["console", "--port", "\(port)", "--config", site.config, "--models", Fixtures.modelsPath]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: logFile)
        process.standardError = FileHandle(forWritingAtPath: logFile)
        try process.run()
        let deadline = Date().addingTimeInterval(90)
        while !log.contains("console listening") {
            guard process.isRunning, Date() < deadline else {
                stop()
                throw ProcessFailure("facegate console did not start listening: \(log)")
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    public var log: String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }

    /// SIGTERM, then waits; the exit status.
    @discardableResult
    public func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit { stop() }

    /// One answer: its status, its header lines and its body.
    public struct Answer: Sendable {
        public let status: Int
        public let headers: [String]
        public let body: String

        /// The value of the first `Set-Cookie` for `name`, and its attributes.
        public func cookie(_ name: String) -> (value: String, attributes: String)? {
            for line in headers where line.lowercased().hasPrefix("set-cookie: \(name.lowercased())=") {
                let text = line.dropFirst("set-cookie: \(name)=".count)
                let value = text.prefix { $0 != ";" }
                return (String(value), String(text.dropFirst(value.count)))
            }
            return nil
        }

        public func header(_ name: String) -> String? {
            headers.first { $0.lowercased().hasPrefix(name.lowercased() + ":") }.map {
                String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces)
            }
        }
    }

    /// A GET, a form POST when `form` is given, or a POST of the file
    /// `upload`'s bytes as they are (as the desk's page posts a picture),
    /// with the session cookie `session` and any `headers` ("Origin: …").
    public func request(
        _ path: String, session: String? = nil, form: [String: String]? = nil, upload: String? = nil, headers: [String] = []
    ) throws -> Answer {
        var arguments = ["-s", "-i", "--max-time", "60", "-H", "Accept-Language: en", url + path]
        if let session { arguments += ["-H", "Cookie: facegate_console=\(session)"] }
        for header in headers { arguments += ["-H", header] }
        if let form {
            for (name, value) in form.sorted(by: { $0.key < $1.key }) { arguments += ["--data-urlencode", "\(name)=\(value)"] }
        }
        if let upload { arguments += ["-H", "Content-Type: image/jpeg", "--data-binary", "@\(upload)"] }
        let result = try Subprocess.run("/usr/bin/curl", arguments)
        guard result.status == 0 else { throw ProcessFailure("curl \(path): exit \(result.status) \(result.stderr)") }
        let parts = result.stdout.components(separatedBy: "\r\n\r\n")
        let head = parts.first?.components(separatedBy: "\r\n") ?? []
        let status = head.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        return Answer(status: status, headers: Array(head.dropFirst()), body: parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    /// The CSRF token a page's forms carry.
    public static func csrf(in page: String) -> String? {
        guard let range = page.range(of: "name=\"csrf\" value=\"") else { return nil }
        return String(page[range.upperBound...].prefix { $0 != "\"" })
    }
}
