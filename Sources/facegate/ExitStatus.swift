import ArgumentParser
import Benchmarks
import Config
import Enrollment
import Estate
import FaceVision
import Foundation
import GRDB
import Gallery
import Gate
import Keys
import Matcher
import Policy

/// facegate's exit codes, and the one place where any error becomes a
/// one-line message on stderr and a code (documented in the README).
enum ExitStatus: Int32 {
    case failure = 1
    case noFace = 3
    case usage = 64
    case badInput = 65
    case inputMissing = 66
    case unavailable = 69
    case software = 70
    case configuration = 78

    init(_ code: FaceVisionError.Code) {
        switch code {
        case .modelMissing, .modelMismatch, .modelUnusable: self = .configuration
        case .inputUnreadable: self = .inputMissing
        case .notAnImage, .imageTruncated, .imageTooLarge, .unsuitablePicture: self = .badInput
        case .sourceUnavailable, .sourceLost: self = .unavailable
        case .invalidArgument: self = .usage
        case .internalFailure: self = .software
        }
    }
}

/// A command's own failure that is not a FaceVisionError.
struct CommandFailure: Error, CustomStringConvertible {
    let status: ExitStatus
    let description: String

    static func noFace(in path: String, image: Image) -> CommandFailure {
        let tiny = min(image.width, image.height) < 20 ? " (the image is only \(image.width)×\(image.height) pixels)" : ""
        return CommandFailure(status: .noFace, description: "\(path): no face found\(tiny)")
    }
}

extension ExitStatus {
    init(_ code: GalleryError.Code) {
        switch code {
        case .missing, .wrongKey, .damaged, .newerSchema: self = .configuration
        case .refused, .unknownSubject: self = .failure
        case .storage: self = .unavailable
        }
    }

    init(_ code: BenchmarkError.Code) {
        switch code {
        case .noFace: self = .noFace
        case .badInput: self = .badInput
        case .daemonFailed: self = .configuration
        case .failed: self = .failure
        }
    }

    /// The code and the one line for any error a command lets through.
    static func report(_ error: any Error) -> (ExitStatus, String) {
        switch error {
        case let error as FaceVisionError: (ExitStatus(error.code), error.message)
        case let error as CommandFailure: (error.status, error.description)
        case let error as BenchmarkError: (ExitStatus(error.code), error.message)
        case let error as GalleryError: (ExitStatus(error.code), error.message)
        case let error as KeyError: (.configuration, error.message)
        case let error as ConfigError: (.configuration, error.message)
        case let error as StartupRefusal: (.configuration, "refusing to start: \(error)")
        case let error as EstateError: (.unavailable, error.message)
        case let error as GateError: (.unavailable, "gate: \(error.message)")
        case let error as MatcherError: (.badInput, error.message)
        case let error as DatabaseError: (.unavailable, "database: \(error.message ?? "SQLite error \(error.resultCode.rawValue)")")
        case let error as ValidationError: (.usage, error.message)
        case let error as ResidentEnrollment.Refusal: (.failure, error.description)
        default: (.software, String(describing: error))
        }
    }
}

extension Facegate {
    /// Runs the parsed command; reports any failure as `facegate: message`,
    /// one line with its code. Only a command line that does not parse gets
    /// argument-parser's own answer (the message and the usage).
    static func main() async {
        // Every file facegate creates (gallery, keys, audit) is for its owner only (R12).
        umask(0o077)
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch  where !(error is ValidationError) && String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
            // `help` and `--help` end this way: argument-parser prints them.
            exit(withError: error)
        } catch {
            let (status, message) = ExitStatus.report(error)
            fail(message, status)
        }
    }

    private static func fail(_ message: String, _ status: ExitStatus) -> Never {
        let line = message.split(whereSeparator: \.isNewline).joined(separator: "; ")
        FileHandle.standardError.write(Data("facegate: \(line)\n".utf8))
        Foundation.exit(status.rawValue)
    }
}
