public import Config
public import Enrollment
import FaceVision
public import Foundation
public import Gallery
import Locking

/// A CSV import at the desk: the file's rows, and each row's photo judged
/// in memory as the browser sends it, with every check of a single
/// enrollment and a face twice in the file. What would be enrolled stays in
/// memory in the operator's draft, shown row by row before anything is
/// stored (the dry run), until it is imported or abandoned. No photo and no
/// file reaches the disk.
public final class DeskImport: Sendable {
    /// One row as the page shows it: the line, the unit and what became of
    /// it, never the name.
    public struct Outcome: Sendable, Equatable {
        public enum State: String, Sendable {
            case waiting, ready, refused
        }

        public var line: Int
        public var unit: String
        /// The photo's file name, which the page matches with the files chosen.
        public var photo: String
        public var state = State.waiting
        /// The reason of a refused row; which face a ready row enrolls.
        public var detail = ""
    }

    struct Draft {
        var rows: [ResidentImport.Row]
        var enrollments: [Int: ResidentEnrollment] = [:]
        var outcomes: [Outcome]
        var requests: [Int: EnrollmentRequest] = [:]
        var lastSeen: Date
    }

    let capture: DeskCapture
    let drafts = Locked<[String: Draft]>([:])

    public init(capture: DeskCapture) {
        self.capture = capture
    }

    /// Reads the file and starts the draft `key` afresh; a row that breaks a
    /// rule needing no face (no consent form, a minor without guardian…) is
    /// refused at once. A malformed file throws, naming the line.
    public func start(
        csv: String, notice: ConsentNotice, operatorName: String, config: FacegateConfig, for key: String, at now: Date = Date()
    ) throws(ResidentEnrollment.Refusal) -> [Outcome] {
        let rows = try ResidentImport(csv: csv, folder: "").rows
        var draft = Draft(rows: rows, outcomes: [], lastSeen: now)
        for row in rows {
            var outcome = Outcome(line: row.line, unit: row.unit, photo: URL(fileURLWithPath: row.photo).lastPathComponent)
            do {
                let enrollment = try row.enrollment(notice: notice, operatorName: operatorName)
                try enrollment.check(config)
                draft.enrollments[row.line] = enrollment
            } catch {
                outcome.state = .refused
                outcome.detail = error.description
            }
            draft.outcomes.append(outcome)
        }
        drafts.withLock { all in
            all = all.filter { now.timeIntervalSince($0.value.lastSeen) < DeskCapture.abandonedSeconds }
            all[key] = draft
        }
        return draft.outcomes
    }

    /// Judges the photo of the row at `line` (empty bytes: its file was not
    /// among those chosen) against the residents `enrolled` and the rows of
    /// the file already found good; nil when the draft has no such row.
    public func photo(
        _ bytes: [UInt8], line: Int, config: FacegateConfig, enrolled: [(subject: String, values: [Float])], for key: String,
        at now: Date = Date()
    ) -> Outcome? {
        guard
            let (outcome, enrollment, earlier) = drafts.withLock({ all -> (Outcome, ResidentEnrollment?, [(String, [Float])])? in
                guard var draft = all[key], let outcome = draft.outcomes.first(where: { $0.line == line }) else { return nil }
                draft.lastSeen = now
                all[key] = draft
                let earlier = draft.requests.filter { $0.key != line }.sorted { $0.key < $1.key }.map {
                    (ResidentImport.subject(line: $0.key), $0.value.template)
                }
                return (outcome, draft.enrollments[line], earlier)
            })
        else { return nil }
        guard let enrollment, outcome.state != .refused else { return outcome }
        var judged = outcome
        var request: EnrollmentRequest?
        do {
            guard !bytes.isEmpty else { throw ResidentEnrollment.Refusal("its photo \(outcome.photo) was not among the files chosen") }
            switch try capture.judge(bytes) {
            case .failure(let problem):
                throw ResidentEnrollment.Refusal(problem.description)
            case .success(let shot):
                let made = try enrollment.request(
                    [shot], modelID: capture.modelID, config: config, enrolled: enrolled + earlier.map { (subject: $0.0, values: $0.1) }, now: now)
                try Gallery.validate(made, minorsEnabled: config.enrollment.minorsEnabled)
                request = made
                judged.state = .ready
                judged.detail = shot.summary
            }
        } catch let error as FaceVisionError {
            judged.state = .refused
            judged.detail = error.message
        } catch let error as GalleryError {
            judged.state = .refused
            judged.detail = error.message
        } catch {
            judged.state = .refused
            judged.detail = "\(error)"
        }
        drafts.withLock { all in
            guard var draft = all[key], let index = draft.outcomes.firstIndex(where: { $0.line == line }) else { return }
            draft.outcomes[index] = judged
            draft.requests[line] = request
            all[key] = draft
        }
        return judged
    }

    /// Every row's outcome so far, in the file's order; nil without a draft.
    public func outcomes(for key: String) -> [Outcome]? {
        drafts.withLock { $0[key]?.outcomes }
    }

    /// The rows found good, each with what would be stored, in the file's order.
    public func ready(for key: String) -> [(outcome: Outcome, request: EnrollmentRequest)] {
        drafts.withLock { all in
            guard let draft = all[key] else { return [] }
            return draft.outcomes.compactMap { outcome in draft.requests[outcome.line].map { (outcome, $0) } }
        }
    }

    /// Drops the draft, its identities and its templates: after the import, or when the desk starts over.
    public func discard(for key: String) {
        drafts.withLock { $0[key] = nil }
    }
}
