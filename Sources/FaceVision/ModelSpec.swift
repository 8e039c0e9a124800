/// A model facegate knows: its file name, exact size and SHA-256, and where it
/// officially comes from. The same facts are in `Models/manifest.tsv` for the
/// fetch script; a test keeps the two identical.
public struct ModelSpec: Sendable, Equatable, Hashable {
    public let file: String
    public let bytes: Int
    public let sha256: String
    public let source: String

    public init(file: String, bytes: Int, sha256: String, source: String) {
        self.file = file
        self.bytes = bytes
        self.sha256 = sha256
        self.source = source
    }

    /// YuNet-2023mar face detector (opencv_zoo, MIT).
    public static let faceDetector = ModelSpec(
        file: "face_detection_yunet_2023mar.onnx",
        bytes: 232_589,
        sha256: "8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4",
        source: "https://github.com/opencv/opencv_zoo/raw/main/models/face_detection_yunet/face_detection_yunet_2023mar.onnx")

    /// SFace face recogniser (opencv_zoo, Apache-2.0); its hash is the model id
    /// stored beside every template.
    public static let faceRecognizer = ModelSpec(
        file: "face_recognition_sface_2021dec.onnx",
        bytes: 38_696_353,
        sha256: "0ba9fbfa01b5270c96627c4ef784da859931e02f04419c829e83484087c34e79",
        source: "https://github.com/opencv/opencv_zoo/raw/main/models/face_recognition_sface/face_recognition_sface_2021dec.onnx")

    /// MiniFASNetV2 presentation-attack classifier (Minivision, Apache-2.0;
    /// ONNX export of yakhyo/face-anti-spoofing), crop scale 2.7.
    public static let livenessV2 = ModelSpec(
        file: "MiniFASNetV2.onnx",
        bytes: 1_743_561,
        sha256: "4eed38f0bde33c9b805942a5f25e42ce1161e2bda545254be622be957727794e",
        source: "https://github.com/yakhyo/face-anti-spoofing/releases/download/weights/MiniFASNetV2.onnx")

    /// MiniFASNetV1SE presentation-attack classifier, crop scale 4.0.
    public static let livenessV1SE = ModelSpec(
        file: "MiniFASNetV1SE.onnx",
        bytes: 1_742_315,
        sha256: "d819a69bac6b9ade2a0f4d9b60b618e1260f7bf3ba1fddff6c5d82131cb1083f",
        source: "https://github.com/yakhyo/face-anti-spoofing/releases/download/weights/MiniFASNetV1SE.onnx")

    /// Every model `facegate` loads, in manifest order.
    public static let all: [ModelSpec] = [faceDetector, faceRecognizer, livenessV2, livenessV1SE]
}
