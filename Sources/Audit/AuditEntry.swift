public import Foundation

/// One stored link of the audit chain: the event, its place in the chain and
/// the HMAC that binds it to every entry before it.
public struct AuditEntry: Sendable, Equatable {
    public let sequence: Int64
    public let time: Date
    public let event: AuditEvent
    public let previousHash: Data
    public let hash: Data

    /// What a person keeps as proof: the entry number and the start of its hash.
    public var receipt: String {
        "#\(sequence)-\(hash.prefix(6).hex)"
    }
}

extension Data {
    /// Lower-case hex, as receipts and exports show hashes.
    public var hex: String { map { String(format: "%02x", $0) }.joined() }
}

/// The text form of every time facegate stores: UTC with milliseconds,
/// sortable as text, the same in the database, in the hashed audit bytes and
/// in exports.
public enum Timestamp {
    public static func format(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    public static func parse(_ text: String) -> Date? {
        try? Date(text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}

extension Date {
    /// `2026-11-23` in UTC, for tables and reports.
    public var day: String { formatted(.iso8601.year().month().day()) }
}
