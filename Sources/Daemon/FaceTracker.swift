public import FaceVision

/// Follows faces from frame to frame by box overlap, so a face is judged
/// over N-of-M frames and, once decided, not embedded again while it stays.
/// A track is an ephemeral number and a box: it carries no identity, is
/// forgotten a few frames after the face leaves, and nothing of it is stored
/// (R15, R16).
public struct FaceTracker: Sendable {
    public struct Track: Sendable, Equatable {
        public let id: Int
        public var box: FaceBox
        public var missed: Int
    }

    public private(set) var tracks: [Track] = []
    private var nextID = 1
    /// Frames a track survives without its face before it is forgotten.
    public let patience: Int
    /// Least overlap (IoU) for a box to continue a track.
    public let minimumOverlap: Float

    public init(patience: Int = 3, minimumOverlap: Float = 0.3) {
        self.patience = patience
        self.minimumOverlap = minimumOverlap
    }

    /// Assigns each box a track id (existing by best overlap, else new) and
    /// returns the ids in box order, plus the ids of tracks just forgotten.
    public mutating func update(_ boxes: [FaceBox]) -> (ids: [Int], ended: [Int]) {
        var free = Set(tracks.indices)
        var ids: [Int] = []
        for box in boxes {
            let best = free.map { ($0, tracks[$0].box.overlap(with: box)) }.max { $0.1 < $1.1 }
            if let (index, overlap) = best, overlap >= minimumOverlap {
                free.remove(index)
                tracks[index].box = box
                tracks[index].missed = 0
                ids.append(tracks[index].id)
            } else {
                tracks.append(Track(id: nextID, box: box, missed: 0))
                ids.append(nextID)
                nextID += 1
            }
        }
        var ended: [Int] = []
        for index in free { tracks[index].missed += 1 }
        tracks.removeAll { track in
            guard track.missed > patience else { return false }
            ended.append(track.id)
            return true
        }
        return (ids, ended)
    }
}
