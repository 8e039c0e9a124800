public import Foundation

/// R6 at a gate of an estate: face entry only while the gate's copy of the
/// gallery is known to be recent. A withdrawal made at the office reaches a
/// connected gate in seconds; a gate that has not heard from the estate
/// database for longer than the bound cannot prove that withdrawn residents
/// are gone from its copy, so it stops face entry and keeps the alternatives.
public enum SyncFreshness {
    /// The reason face entry must stop, or nil while the copy is fresh.
    /// `lastSync` is when the estate database last confirmed the copy was
    /// complete; `connection` what is wrong with the link, if anything.
    public static func problem(lastSync: Date?, now: Date, bound: TimeInterval, connection: String?) -> String? {
        let cause = connection.map { ": \($0)" } ?? ""
        guard let lastSync else {
            return "not yet in step with the estate database, so withdrawals cannot be proven applied\(cause)"
        }
        let age = now.timeIntervalSince(lastSync)
        guard age > bound else { return nil }
        // Worded without the age, which grows each second: the reason is
        // audited and logged each time it changes.
        return "no sync with the estate database for longer than \(minutes(bound)), so withdrawals made since cannot be proven applied\(cause)"
    }

    static func minutes(_ seconds: TimeInterval) -> String {
        seconds < 120 ? "\(Int(seconds)) s" : "\(Int(seconds / 60)) min"
    }
}
