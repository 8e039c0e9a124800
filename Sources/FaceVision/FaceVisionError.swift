/// Why a vision call failed: a stable code for programs and a one-line
/// message for people that says what was wrong and, where it can, what to do.
///
/// Messages never contain pixels, embeddings or key material.
public struct FaceVisionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is; callers branch on it (the CLI maps it to an exit code).
    public enum Code: String, Sendable {
        /// A model file is absent from every directory searched.
        case modelMissing
        /// A model file is present but is not the expected file (size or SHA-256 differ).
        case modelMismatch
        /// A model passed verification but OpenCV could not run it.
        case modelUnusable
        /// An input file does not exist or cannot be read.
        case inputUnreadable
        /// The bytes are not a JPEG, PNG, BMP or WebP image, or do not decode.
        case notAnImage
        /// The image ends before its data does.
        case imageTruncated
        /// The image exceeds the configured pixel or byte limit.
        case imageTooLarge
        /// A camera, stream or video file cannot be opened.
        case sourceUnavailable
        /// A camera or stream stopped delivering frames.
        case sourceLost
        /// A picture holds no face fit to enroll: none, several, too small, blurred.
        case unsuitablePicture
        /// The caller passed a value outside its valid range.
        case invalidArgument
        /// OpenCV or the shim failed in a way the caller cannot fix.
        case internalFailure
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
