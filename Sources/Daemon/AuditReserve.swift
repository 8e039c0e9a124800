import Foundation

/// Room kept free for the audit log. A file of `size` zero bytes in the state
/// directory is given back when an audit write fails, so that an opening is
/// still audited on a disk that something else filled; it is made again
/// once there is room for it (four times its size free).
struct AuditReserve: Sendable {
    static let fileName = "audit-reserve"
    let path: String
    let size: Int

    init(directory: String, size: Int = 1 << 20) {
        path = "\(directory)/\(Self.fileName)"
        self.size = size
    }

    var isHeld: Bool { FileManager.default.fileExists(atPath: path) }

    /// Makes the reserve when it is missing and the disk has room; true when it is held.
    @discardableResult
    func replenish() -> Bool {
        if isHeld { return true }
        let folder = (path as NSString).deletingLastPathComponent
        guard let free = (try? FileManager.default.attributesOfFileSystem(forPath: folder))?[.systemFreeSize] as? NSNumber,
            free.int64Value >= Int64(size) * 4
        else { return false }
        let partial = path + ".partial"
        guard FileManager.default.createFile(atPath: partial, contents: Data(count: size), attributes: [.posixPermissions: 0o600]),
            (try? FileManager.default.moveItem(atPath: partial, toPath: path)) != nil
        else {
            try? FileManager.default.removeItem(atPath: partial)
            return false
        }
        return true
    }

    /// Gives the room back; true when there was a reserve to give.
    func release() -> Bool {
        (try? FileManager.default.removeItem(atPath: path)) != nil
    }
}
