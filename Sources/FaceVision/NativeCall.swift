internal import CFaceVision

/// The one path by which Swift calls a fallible CFaceVision function: it
/// supplies the error buffer and turns a non-zero status into a
/// `FaceVisionError` whose message starts with `context`.
func nativeCall(
    _ context: @autoclosure () -> String,
    as code: FaceVisionError.Code? = nil,
    _ call: (UnsafeMutablePointer<fg_error>) -> fg_status
) throws(FaceVisionError) {
    var buffer = fg_error()
    let status = call(&buffer)
    guard status != FG_OK else { return }
    let detail = withUnsafeBytes(of: buffer.message) { bytes in
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }
    throw FaceVisionError(code ?? FaceVisionError.Code(status), "\(context()): \(detail)")
}

extension FaceVisionError.Code {
    init(_ status: fg_status) {
        switch status {
        case FG_ERR_INVALID_ARGUMENT: self = .invalidArgument
        case FG_ERR_DECODE: self = .notAnImage
        case FG_ERR_MODEL: self = .modelUnusable
        case FG_ERR_SOURCE_OPEN: self = .sourceUnavailable
        default: self = .internalFailure
        }
    }
}
