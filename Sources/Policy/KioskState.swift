/// What the gate's screen shows (R2, R4, R14, R22). Every state shows the
/// alternatives too; only `welcome` may carry a greeting, and only what the
/// site chose to show (nothing, a unit or a first name).
public enum KioskState: String, Sendable, Equatable, CaseIterable {
    /// Nobody in front of the camera: the purpose of the face check and the alternatives.
    case idle
    /// A face is being verified: the purpose, shown while it happens (R14).
    case verifying
    /// A face is in view but too small to judge: step closer (R15: nothing judged or kept).
    case stepCloser = "step-closer"
    /// A face is in view but turned away: look at the camera (nothing judged or kept).
    case lookAtCamera = "look-at-camera"
    /// The gate opened for a resident.
    case welcome
    /// Not recognised: use an alternative.
    case notRecognised = "not-recognised"
    /// More than one person in front of the camera (R22).
    case onePersonAtATime = "one-person-at-a-time"
    /// Face entry is off (camera, models, gallery or assessment): alternatives only (R1).
    case alternativesOnly = "alternatives-only"
    /// The gate could not be opened.
    case gateError = "gate-error"
    /// A photo or a screen may have been held up (R21).
    case spoofSuspected = "spoof-suspected"
    /// A liveness challenge (R21): turn the head to the person's left (arrow ←).
    case challengeTurnLeft = "challenge-turn-left"
    /// A liveness challenge: turn the head to the person's right (arrow →).
    case challengeTurnRight = "challenge-turn-right"
    /// A liveness challenge: look up (arrow ↑).
    case challengeLookUp = "challenge-look-up"
    /// A liveness challenge: look down (arrow ↓).
    case challengeLookDown = "challenge-look-down"
    /// A liveness challenge: face the screen and hold still until the next instruction.
    case challengeHoldStill = "challenge-hold-still"
    /// This resident's face entry is paused after failed challenges: use another way in.
    case facePaused = "face-paused"
    /// A liveness challenge: come closer to the camera (arrow ↑).
    case challengeComeCloser = "challenge-come-closer"

    /// How long an outcome stays on screen before returning to idle.
    public var holdSeconds: Double? {
        switch self {
        case .welcome, .notRecognised, .onePersonAtATime, .gateError, .spoofSuspected: 4
        case .facePaused: 8
        case .idle, .verifying, .stepCloser, .lookAtCamera, .alternativesOnly: nil
        case .challengeTurnLeft, .challengeTurnRight, .challengeLookUp, .challengeLookDown, .challengeHoldStill, .challengeComeCloser: nil
        }
    }
}
