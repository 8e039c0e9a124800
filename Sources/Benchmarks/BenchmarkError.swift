/// A benchmark that cannot produce its report: what went wrong, and which
/// kind of failure it is, so the command line can pick its exit status.
public struct BenchmarkError: Error, Sendable, CustomStringConvertible {
    public enum Code: Sendable {
        /// A photo or video shows no face where one is needed.
        case noFace
        /// An input holds nothing to measure (a video without frames).
        case badInput
        /// The `facegate run` started for the measurement did not come up.
        case daemonFailed
        /// The measurement itself failed (no answer, no opening, a database not empty).
        case failed
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
