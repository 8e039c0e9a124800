import Crypto
import Foundation

/// Where facegate looks for its models, and the only way to load one: every
/// load checks the file's size and SHA-256 against its `ModelSpec` (R20).
///
/// Search order: `--models`, else `$FACEGATE_MODELS`, else
/// `/usr/share/facegate/models` then `./Models`. A directory named explicitly
/// (flag or variable) is the only one searched, so a typo is reported rather
/// than silently replaced by another copy.
public struct ModelDirectory: Sendable {
    public static let installed = "/usr/share/facegate/models"
    public static let checkout = "Models"

    /// The directories searched, in order, each with how it was chosen.
    public let candidates: [(path: String, origin: String)]

    /// `environment` defaults to the process environment.
    public init(explicit: String? = nil, environment: [String: String]? = nil) {
        let environment = environment ?? ProcessInfo.processInfo.environment
        if let explicit {
            candidates = [(explicit, "--models")]
        } else if let variable = environment["FACEGATE_MODELS"], !variable.isEmpty {
            candidates = [(variable, "FACEGATE_MODELS")]
        } else {
            candidates = [(Self.installed, "default"), (Self.checkout, "default")]
        }
    }

    /// Finds `spec`'s file, reads it and verifies size and SHA-256.
    public func load(_ spec: ModelSpec) throws(FaceVisionError) -> VerifiedModel {
        guard let directory = candidates.first(where: { FileManager.default.fileExists(atPath: "\($0.path)/\(spec.file)") })
        else {
            let looked = candidates.map { "\($0.path) (\($0.origin))" }.joined(separator: ", ")
            throw FaceVisionError(
                .modelMissing,
                "model \(spec.file) not found; looked in \(looked). Run `make models`, or pass --models DIR")
        }
        let path = "\(directory.path)/\(spec.file)"
        let identity = FileIdentity(path)
        let contents = try InputFile.read(path, maxBytes: spec.bytes + 1)
        guard contents.count == spec.bytes else {
            throw FaceVisionError(
                .modelMismatch,
                "model \(path) is \(contents.count) bytes, expected \(spec.bytes) (truncated or a different file); fetch it again with `make models`")
        }
        let digest = SHA256.hash(data: contents).map { String(format: "%02x", $0) }.joined()
        guard digest == spec.sha256 else {
            throw FaceVisionError(
                .modelMismatch,
                "model \(path) has SHA-256 \(digest), expected \(spec.sha256); refusing to load it")
        }
        guard identity == FileIdentity(path) else {
            throw FaceVisionError(.modelMismatch, "model \(path) changed while it was being verified")
        }
        return VerifiedModel(spec: spec, path: path, contents: contents, identity: identity)
    }

    /// The SHA-256 of every model facegate uses, each file verified here
    /// first: what an impact assessment recorded now covers.
    public func verifiedHashes() throws(FaceVisionError) -> [String] {
        var hashes: [String] = []
        for spec in ModelSpec.all { hashes.append(try load(spec).spec.sha256) }
        return hashes
    }
}

/// A model file whose size and SHA-256 matched its spec when it was read.
/// Only `ModelDirectory.load` makes one.
public struct VerifiedModel: Sendable {
    public let spec: ModelSpec
    public let path: String
    let contents: [UInt8]
    let identity: FileIdentity

    /// Reads a file with no check at all, so tests can prove that the loaders
    /// themselves survive a corrupt or wrong model. Never used by facegate.
    package static func unverified(_ spec: ModelSpec, path: String) throws(FaceVisionError) -> VerifiedModel {
        VerifiedModel(
            spec: spec, path: path, contents: try InputFile.read(path, maxBytes: 1 << 30), identity: FileIdentity(path))
    }

    /// Throws if the file at `path` is no longer the one that was verified,
    /// for loaders that must read the file again by path.
    func confirmUnchanged() throws(FaceVisionError) {
        guard FileIdentity(path) == identity else {
            throw FaceVisionError(.modelMismatch, "model \(path) was replaced after it was verified; refusing to use it")
        }
    }
}

/// Device, inode, size and modification time of a file: enough to notice
/// that a path now names a different or rewritten file.
struct FileIdentity: Equatable, Sendable {
    let device: UInt64?
    let inode: UInt64?
    let size: UInt64?
    let modified: Date?

    init(_ path: String) {
        let attributes = (try? FileManager.default.attributesOfItem(atPath: path)) ?? [:]
        device = (attributes[.systemNumber] as? NSNumber)?.uint64Value
        inode = (attributes[.systemFileNumber] as? NSNumber)?.uint64Value
        size = (attributes[.size] as? NSNumber)?.uint64Value
        modified = attributes[.modificationDate] as? Date
    }
}
