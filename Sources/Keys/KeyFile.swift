import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads, checks and creates key files: a key file must be a regular file
/// that only its owner — the user facegate runs as — can read (R12).
enum KeyFile {
    static func missing(_ path: String) -> KeyError {
        KeyError(
            .missing,
            "no master key: \(path) does not exist and no systemd credential \(MasterKey.credentialName) was passed; create one with `facegate keygen`"
        )
    }

    static func read(_ path: String) throws(KeyError) -> Data {
        guard FileManager.default.fileExists(atPath: path) else { throw missing(path) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KeyError(.io, "\(path) cannot be read by uid \(geteuid()); it must be owned by the user facegate runs as")
        }
        return data
    }

    /// Refuses anything but a regular file of mode 0600 or 0400 owned by the effective user.
    static func checkPermissions(_ path: String) throws(KeyError) {
        guard FileManager.default.fileExists(atPath: path) else { throw missing(path) }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            throw KeyError(.io, "\(path) cannot be examined")
        }
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            throw KeyError(.unsafePermissions, "\(path) is not a regular file; the master key must be a plain file (mode 0600)")
        }
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o777
        guard mode & 0o077 == 0 else {
            throw KeyError(
                .unsafePermissions,
                "\(path) has mode \(String(mode, radix: 8)); others could read the master key. Fix: chmod 600 \(path)")
        }
        let owner = (attributes[.ownerAccountID] as? NSNumber)?.uint32Value ?? UInt32.max
        guard owner == geteuid() else {
            throw KeyError(
                .unsafePermissions,
                "\(path) is owned by uid \(owner), but facegate runs as uid \(geteuid()). Fix: chown \(geteuid()) \(path), or run facegate as its owner"
            )
        }
    }

    /// Creates `path` with mode 0600 holding `contents`; fails if it exists.
    static func create(_ path: String, contents: Data) throws(KeyError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let reason = errno
            if reason == EEXIST {
                throw KeyError(.exists, "\(path) already exists; facegate keygen never overwrites a key (move it away first)")
            }
            throw KeyError(.io, "cannot create \(path): \(String(cString: strerror(reason)))")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: contents)
            try handle.synchronize()
        } catch {
            throw KeyError(.io, "cannot write \(path): \(error.localizedDescription)")
        }
    }
}
