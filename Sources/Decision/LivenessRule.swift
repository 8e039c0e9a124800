import Foundation

/// Decides whether a matched face is live (R21), free of I/O: per frame
/// from the motion cues and the MiniFASNet score, and per decision from the
/// site's hardware sensor, combined by the configured rule. A "no" never
/// locks anyone out: the kiosk offers the alternatives, and the face may
/// try again.
public struct LivenessRule: Sendable, Equatable {
    /// How the software screen and a hardware sensor decide together
    /// (`liveness.rule` in the config).
    public enum Combination: String, Sendable, CaseIterable {
        /// MiniFASNet and the frozen/motionless cues decide; no sensor.
        case software
        /// The sensor decides (the frozen/motionless cues still apply).
        case external
        /// Both must say live.
        case both
    }

    public let threshold: Float
    public let rule: Combination

    public init(threshold: Float, rule: Combination) {
        self.threshold = threshold
        self.rule = rule
    }

    /// Whether the MiniFASNet score is part of the decision (not under `external`).
    public var usesSoftware: Bool { rule != .external }
    /// Whether the site's sensor is asked before the gate opens.
    public var usesSensor: Bool { rule != .software }

    /// Why a matched frame does not count as live, or nil when it does.
    /// `realness` is MiniFASNet's mean p(real); nil when not computed.
    public func frame(motion: MotionFinding, realness: Float?) -> String? {
        switch motion {
        case .frozen:
            return "frozen picture: the face is exactly as in the previous frame"
        case .still(let spread):
            return "motionless picture: nothing moved more than \(spread.twoDecimals) px over the window"
        case .firstSight, .moving:
            break
        }
        guard usesSoftware else { return nil }
        guard let realness else { return "no liveness score" }
        return realness >= threshold ? nil : "print or screen suspected: p(real) \(realness.twoDecimals) below \(threshold.twoDecimals)"
    }

    /// Why the decision is refused after the sensor's answer, or nil to go on.
    /// `sensor` is nil when the rule does not ask it.
    public func decision(sensor: Result<Bool, some Error>?) -> String? {
        guard usesSensor else { return nil }
        switch sensor {
        case nil: return "the liveness sensor was not asked"
        case .success(true): return nil
        case .success(false): return "the liveness sensor saw no live person"
        case .failure(let error): return "the liveness sensor failed, so the face is not trusted: \(error)"
        }
    }

}

extension Float {
    /// Two decimals: how the refusal reasons print scores, distances and seconds.
    var twoDecimals: String { String(format: "%.2f", self) }
}
