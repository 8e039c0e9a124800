/// How old a live frame is, from the stream's own timestamps, so that no
/// decision is made on a picture of someone who has already left.
///
/// A camera's clock is not ours, but its timestamps advance with real time:
/// `arrival − stream time` is constant while frames flow on time and grows by
/// exactly the delay when they are held back (a stalled network, a reader
/// that fell behind) and then arrive in a burst. The smallest such offset
/// seen is the stream's on-time baseline; a frame's age is how far its
/// offset lies above it. The baseline may rise by `drift` seconds per second,
/// so that a camera clock running slow never makes every frame look old.
///
/// Right after opening, the first frames are a backlog (FFmpeg buffers while
/// the stream starts; measured: a second of frames arriving 7 ms apart). So
/// a new or restarted stream is *settling* until a frame arrives no sooner
/// than half its timestamp spacing after the one before — until the reader
/// has caught up — and its frames before that are not to be used. A source
/// whose timestamps do not advance for `stuckLimit` frames in a row, or never
/// settle within `settleLimit` seconds of stream time, is treated as having none.
public struct CaptureClock: Sendable {
    /// What the clock makes of one frame.
    public enum Reading: Sendable, Equatable {
        /// Still a backlog from opening or a restart: not to be used.
        case settling
        /// Captured `age` seconds before it arrived (0 when the source has no timestamps).
        case captured(age: Double)
    }

    public static let drift = 0.001
    public static let settleLimit = 5.0
    public static let stuckLimit = 100

    private var baseline: Double?
    private var previous: (stream: Double, arrival: Double)?
    private var settlingSince: Double?
    private var stuck = 0
    private var untimed = false

    public init() {}

    /// The reading for a frame with stream timestamp `stream` (seconds; nil
    /// when the source gives none) that arrived at `arrival` (seconds on a
    /// monotonic clock).
    public mutating func reading(stream: Double?, arrival: Double) -> Reading {
        guard let stream, !untimed else { return .captured(age: 0) }
        defer { previous = (stream, arrival) }
        guard let previous, stream > previous.stream, stream - previous.stream < Self.settleLimit else {
            // The first frame, a restart or a jump: settle afresh.
            baseline = nil
            settlingSince = stream
            stuck += 1
            untimed = stuck >= Self.stuckLimit
            return untimed ? .captured(age: 0) : .settling
        }
        stuck = 0
        let offset = arrival - stream
        guard let baseline else {
            if arrival - previous.arrival >= 0.5 * (stream - previous.stream) {
                self.baseline = offset
                return .captured(age: 0)
            }
            if stream - (settlingSince ?? stream) > Self.settleLimit { untimed = true }
            return .settling
        }
        let lowest = min(baseline + Self.drift * max(0, arrival - previous.arrival), offset)
        self.baseline = lowest
        return .captured(age: offset - lowest)
    }
}
