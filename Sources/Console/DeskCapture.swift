public import Config
public import FaceVision
public import Foundation
import Locking

/// The desk's face capture: pictures from the browser's camera or an
/// uploaded photo arrive in memory, are judged at once (the one subject,
/// large, sharp and facing, as `facegate enroll` judges them) and dropped;
/// only a good shot's embedding stays, in memory, in the operator's draft,
/// until the enrollment is made or abandoned. No picture ever reaches a file.
public final class DeskCapture: Sendable {
    /// What the desk shows after each picture: how many good shots the
    /// draft holds, how many it needs, and what to ask of the resident.
    public struct Feedback: Sendable, Equatable {
        public var shots: Int
        public var needed: Int
        /// Nil when the picture gave a good shot.
        public var advice: EnrollmentShots.Problem.Advice?
        public var ready: Bool { shots >= needed }
    }

    /// Where a picture came from: camera frames need `cameraShots` good shots
    /// at least half a second apart; one good photo is enough, as with `--photo`.
    public enum Source: String, Sendable {
        case camera, photo
    }

    struct Draft {
        var shots: [EnrollmentShots.Shot] = []
        var source = Source.camera
        var lastShot = Date.distantPast
        var lastSeen = Date()
    }

    public static let cameraShots = 3
    /// A draft nobody touched for this long is dropped with its embeddings.
    static let abandonedSeconds = 600.0

    /// The SHA-256 of the recognizer: what the template is stored under.
    public let modelID: String
    let shooter: Locked<EnrollmentShots>
    let drafts = Locked<[String: Draft]>([:])
    let limits: ImageLimits

    public init(detector: FaceDetector, embedder: FaceEmbedder, config: FacegateConfig, limits: ImageLimits) {
        modelID = embedder.model.sha256
        self.limits = limits
        let quality = FaceQuality(minFacePixels: config.enrollment.minFacePixels, minSharpness: config.enrollment.minSharpness)
        shooter = Locked(EnrollmentShots(detector: detector, embedder: embedder, quality: quality, limits: limits))
    }

    /// Judges one encoded picture for the draft `key` (the operator's
    /// session). A photo replaces the draft; a camera frame adds to it
    /// unless it is the photo's or comes too soon after the last shot.
    /// A picture that cannot be decoded throws with the reason.
    public func judge(_ bytes: [UInt8], source: Source, for key: String, at now: Date = Date()) throws -> Feedback {
        let needed = source == .photo ? 1 : Self.cameraShots
        let current = drafts.withLock { all in
            all = all.filter { now.timeIntervalSince($0.value.lastSeen) < Self.abandonedSeconds }
            if source == .photo || all[key]?.source != source { all[key] = Draft(source: source) }
            all[key]?.lastSeen = now
            return all[key] ?? Draft()
        }
        if current.shots.count >= needed || now.timeIntervalSince(current.lastShot) < 0.5 {
            return Feedback(shots: current.shots.count, needed: needed, advice: nil)
        }
        let judged = try judge(bytes)
        return drafts.withLock { all in
            var draft = all[key] ?? Draft(source: source)
            switch judged {
            case .success(let shot):
                if draft.shots.count < needed {
                    draft.shots.append(shot)
                    draft.lastShot = now
                }
                all[key] = draft
                return Feedback(shots: draft.shots.count, needed: needed, advice: nil)
            case .failure(let problem):
                return Feedback(shots: draft.shots.count, needed: needed, advice: problem.advice)
            }
        }
    }

    /// One encoded picture judged in memory, kept nowhere: its subject's
    /// shot, or what is wrong with it; a picture that cannot be decoded throws.
    public func judge(_ bytes: [UInt8]) throws -> Result<EnrollmentShots.Shot, EnrollmentShots.Problem> {
        let image = try Image(encoded: bytes, limits: limits)
        return try shooter.withLock { try $0.judge(image) }
    }

    /// The draft's shots when it has all it needs, else nil.
    public func shots(for key: String) -> [EnrollmentShots.Shot]? {
        drafts.withLock { all in
            guard let draft = all[key], draft.shots.count >= (draft.source == .photo ? 1 : Self.cameraShots) else { return nil }
            return draft.shots
        }
    }

    /// Drops the draft and its embeddings: after an enrollment, or when the desk starts over.
    public func discard(for key: String) {
        drafts.withLock { $0[key] = nil }
    }
}
