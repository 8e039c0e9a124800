/// The CAC filing thresholds for holders of face data (R19): a site storing
/// 100 000 people or more must file; from 80 000 it should get ready.
public enum FilingThreshold {
    public static let warning = 80_000
    public static let filing = 100_000

    /// Where a gallery of `count` people stands.
    public enum Level: Sendable, Equatable {
        case below, approaching, filingRequired, filed
    }

    public static func level(_ count: Int, filingReference: String? = nil) -> Level {
        if count >= filing { return filingReference == nil ? .filingRequired : .filed }
        return count >= warning ? .approaching : .below
    }

    /// One line for `list --count` and `doctor`.
    public static func status(_ count: Int, filingReference: String? = nil) -> String {
        switch level(count, filingReference: filingReference) {
        case .filingRequired: "ALERT: at or above \(filing): the site must file with the CAC"
        case .filed: "at or above \(filing); filed with the CAC as \(filingReference ?? "")"
        case .approaching: "warning: approaching the CAC filing threshold of \(filing)"
        case .below: "below the CAC filing threshold of \(filing)"
        }
    }
}
