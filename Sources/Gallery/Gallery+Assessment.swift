import Audit
public import Foundation
import GRDB

/// A personal-information impact assessment as recorded by `facegate pia
/// record` (R18): who assessed what, when, for which purpose, with which
/// models.
public struct ImpactAssessment: Sendable, Equatable {
    public var identifier: String
    public var assessor: String
    public var date: String
    public var purpose: String
    public var modelHashes: [String]
    public var recordedAt: Date

    public init(identifier: String, assessor: String, date: String, purpose: String, modelHashes: [String], recordedAt: Date) {
        self.identifier = identifier
        self.assessor = assessor
        self.date = date
        self.purpose = purpose
        self.modelHashes = modelHashes
        self.recordedAt = recordedAt
    }
}

extension Gallery {
    /// Stores an impact assessment with the hashes of the models in use (R18); audited.
    public func recordAssessment(_ assessment: ImpactAssessment, actor: String) throws(GalleryError) {
        guard !assessment.identifier.isEmpty, !assessment.assessor.isEmpty, !assessment.purpose.isEmpty else {
            throw GalleryError(.refused, "an impact assessment needs an id, an assessor and a purpose")
        }
        try writing { db in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM assessments WHERE identifier = ?", arguments: [assessment.identifier]) == 0 else {
                throw GalleryError(.refused, "impact assessment \(assessment.identifier) is already recorded; give the new one its own id")
            }
            try db.execute(
                sql: "INSERT INTO assessments (identifier, assessor, assessed_on, purpose, model_hashes, recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [
                    assessment.identifier, assessment.assessor, assessment.date, assessment.purpose,
                    assessment.modelHashes.joined(separator: ","), Timestamp.format(assessment.recordedAt),
                ])
            try chain.append(
                AuditEvent(
                    .piaRecord, gate: gate,
                    reason: "impact assessment \(assessment.identifier) of \(assessment.date) by \(assessment.assessor)", actor: actor),
                at: now(), in: db)
        }
    }

    /// Every assessment, oldest first.
    public func assessments() throws(GalleryError) -> [ImpactAssessment] {
        try database.reading(databasePath) { db in
            try Row.fetchAll(db, sql: "SELECT * FROM assessments ORDER BY recorded_at, rowid").map { row in
                ImpactAssessment(
                    identifier: row["identifier"], assessor: row["assessor"], date: row["assessed_on"], purpose: row["purpose"],
                    modelHashes: (row["model_hashes"] as String).split(separator: ",").map(String.init),
                    recordedAt: Timestamp.parse(row["recorded_at"]) ?? .distantPast)
            }
        }
    }
}
