import ArgumentParser
import Config
import FaceVision
import Gallery
import Keys
import Estate
import Foundation

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
        case .notAnImage, .imageTruncated, .imageTooLarge: self = .badInput
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

extension Facegate {
    /// Runs the parsed command; reports any failure as `facegate: message`.
    static func main() async {
        // Every file facegate creates (gallery, keys, audit) is for its owner only (R12).
        umask(0o077)
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as FaceVisionError {
            fail(error.message, ExitStatus(error.code))
        } catch let error as CommandFailure {
            fail(error.description, error.status)
        } catch let error as GalleryError {
            fail(error.message, error.code == .refused || error.code == .unknownSubject ? .failure : error.code == .storage ? .unavailable : .configuration)
        } catch let error as KeyError {
            fail(error.message, .configuration)
        } catch let error as ConfigError {
            fail(error.message, .configuration)
        } catch let error as EstateError {
            fail(error.message, .unavailable)
        } catch {
            exit(withError: error)
        }
    }

    private static func fail(_ message: String, _ status: ExitStatus) -> Never {
        FileHandle.standardError.write(Data("facegate: \(message)\n".utf8))
        Foundation.exit(status.rawValue)
    }
}
