public import Audit
public import Foundation
import GRDB
public import Gallery
public import Keys

/// Galleries in temporary directories, consent records and synthetic
/// templates for tests that exercise storage without a camera.
public enum GalleryFixtures {
    /// A fresh gallery in a new temp directory with a new master key; the
    /// clock is the one given (tests move it to expire templates).
    public static func make(now: @escaping @Sendable () -> Date = Date.init) throws -> (Gallery, MasterKey, String) {
        let directory = try Fixtures.temporaryDirectory("gallery") + "/state"
        let key = MasterKey.generate()
        return (try Gallery.create(in: directory, master: key, gate: "test-gate", now: now), key, directory)
    }

    /// A random unit vector of `dimension` values.
    public static func randomTemplate(dimension: Int = 128) -> [Float] {
        var values = (0..<dimension).map { _ in Float.random(in: -1...1) }
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        values = values.map { $0 / norm }
        return values
    }

    public static func consent(guardian: Guardian? = nil, method: ConsentRecord.Method = .typedAtTerminal) -> ConsentRecord {
        ConsentRecord(
            noticeVersion: "2026-11", noticeSHA256: String(repeating: "ab", count: 32), purpose: "gate entry", language: "zh-CN",
            method: method, operatorName: "operator-1", time: Date(), guardian: guardian)
    }

    public static func request(
        name: String = "Resident", unit: String = "1-101", template: [Float] = randomTemplate(), isMinor: Bool = false,
        guardian: Guardian? = nil, expires: Date = Date().addingTimeInterval(86_400 * 730)
    ) -> EnrollmentRequest {
        EnrollmentRequest(
            identity: Identity(name: name, unit: unit, contact: "138-0000-0000"), consent: consent(guardian: guardian),
            isMinor: isMinor, template: template, modelID: String(repeating: "0b", count: 32), quality: 0.9, expires: expires)
    }

    /// Every byte of every file in `directory` (databases, WAL, shared memory, journals).
    public static func allBytes(in directory: String) throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            files[name] = [UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(name)")))
        }
        return files
    }

    /// Whether `needle` occurs anywhere in `haystack`.
    public static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        let first = needle[0]
        var index = 0
        while let found = haystack[index...].firstIndex(of: first), found + needle.count <= haystack.count {
            if haystack[found..<found + needle.count].elementsEqual(needle) { return true }
            index = found + 1
        }
        return false
    }

    /// The little-endian bytes of a template's floats, as they would sit on disk in clear.
    public static func clearBytes(_ template: [Float]) -> [UInt8] {
        template.flatMap { value -> [UInt8] in
            let bits = value.bitPattern
            return [UInt8(bits & 0xFF), UInt8(bits >> 8 & 0xFF), UInt8(bits >> 16 & 0xFF), UInt8(bits >> 24)]
        }
    }

    /// Runs `sql` on a gallery's database the way an attacker with file
    /// access would: the append-only guards dropped first.
    public static func tamper(_ directory: String, _ sql: String) throws {
        try DatabaseQueue(path: "\(directory)/gallery.sqlite").write { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS audit_entries_no_update; DROP TRIGGER IF EXISTS audit_entries_no_delete;")
            try db.execute(sql: sql)
        }
    }
}

extension AuditVerification {
    /// Whether the chain verified.
    public var isIntact: Bool {
        if case .intact = self { return true }
        return false
    }
}
