/// When a frame is worth a full face search. An edge box watches an empty
/// scene most of the day, and the detector is nearly all of its cost; a grey
/// thumbnail of each frame is nearly free. So while the last search found no
/// face, a frame is searched only when its thumbnail differs from the one
/// last searched, or when `idleInterval` seconds have passed (someone whose
/// arrival changed too little of the thumbnail is still found within that;
/// 2 s keeps an idle 640×480 H.264 camera under 5 % of a core, decoding included). Anyone in view brings back a search of every frame, and the
/// frame that first shows a newcomer is searched at once: no added latency.
public struct DetectionSchedule: Sendable {
    /// Seconds between searches of an unchanged empty scene.
    public let idleInterval: Double
    /// A thumbnail pixel differing by more than this many grey levels has changed.
    public let levels: Int
    /// The share of changed pixels that makes the scene changed.
    public let share: Double

    private var reference: [UInt8] = []
    private var lastSearch = -Double.infinity
    private var faceInView = true

    public init(idleInterval: Double = 2, levels: Int = 12, share: Double = 0.002) {
        self.idleInterval = idleInterval
        self.levels = levels
        self.share = share
    }

    /// Whether the frame with this thumbnail, seen at `now` (seconds), is to be
    /// searched; if it is, it becomes the reference that later frames are compared with.
    public mutating func wantsSearch(_ thumbnail: [UInt8], at now: Double) -> Bool {
        let due = faceInView || now - lastSearch >= idleInterval || reference.count != thumbnail.count || changed(thumbnail)
        if due {
            reference = thumbnail
            lastSearch = now
        }
        return due
    }

    /// What the search of the last frame found.
    public mutating func searched(foundFace: Bool) {
        faceInView = foundFace
    }

    private func changed(_ thumbnail: [UInt8]) -> Bool {
        var count = 0
        let limit = max(1, Int(Double(thumbnail.count) * share))
        for index in thumbnail.indices where abs(Int(thumbnail[index]) - Int(reference[index])) > levels {
            count += 1
            if count > limit { return true }
        }
        return false
    }
}
