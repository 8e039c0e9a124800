import FaceVision
import Foundation
import TestSupport
import Testing

/// Models load only when they are exactly the files the manifest names (R20),
/// and a wrong or damaged model is a clear error, never a crash.
@Suite(.testExecutor) struct ModelLoadingTests {
    @Test func R20_manifestAndCompiledHashesAgree() throws {
        let manifest = try String(contentsOfFile: "\(Fixtures.repositoryRoot)/Models/manifest.tsv", encoding: .utf8)
        let rows = manifest.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.split(separator: "\t").map(String.init) }
        let faceRows = rows.filter { row in ModelSpec.all.contains { $0.file == row[0] } }
        #expect(faceRows.count == ModelSpec.all.count)
        for spec in ModelSpec.all {
            let row = try #require(rows.first { $0[0] == spec.file })
            #expect(row[1] == String(spec.bytes))
            #expect(row[2] == spec.sha256)
            #expect(row[3] == spec.source)
        }
    }

    /// MiniFASNet is Apache-2.0: its licence text and a notice crediting
    /// Minivision go wherever the model files go.
    @Test func theSpoofModelsLicenceAndCreditShipBesideThem() throws {
        let notice = try String(contentsOfFile: "\(Fixtures.repositoryRoot)/Models/NOTICE", encoding: .utf8)
        for spec in LivenessClassifier.models.map(\.spec) { #expect(notice.contains(spec.file)) }
        #expect(notice.contains("Copyright 2020 Minivision") && notice.contains("Apache License, Version 2.0"))
        let licence = try String(contentsOfFile: "\(Fixtures.modelsPath)/MiniFASNet.LICENSE", encoding: .utf8)
        #expect(licence.contains("Apache License") && licence.contains("Version 2.0, January 2004"))
        let install = try String(contentsOfFile: "\(Fixtures.repositoryRoot)/systemd/README.md", encoding: .utf8)
        #expect(install.contains("Models/NOTICE Models/MiniFASNet.LICENSE /usr/share/facegate/models/"))
    }

    @Test func R20_missingModelNamesTheFileAndEveryPlaceSearched() throws {
        let empty = try Fixtures.temporaryDirectory("models")
        let explicit = #expect(throws: FaceVisionError.self) { try ModelDirectory(explicit: empty).load(.faceDetector) }
        #expect(explicit?.code == .modelMissing)
        #expect(explicit?.message.contains("face_detection_yunet_2023mar.onnx") == true)
        #expect(explicit?.message.contains("\(empty) (--models)") == true)
        let defaults = ModelDirectory(explicit: nil, environment: [:])
        #expect(defaults.candidates.map(\.path) == ["/usr/share/facegate/models", "Models"])
        #expect(ModelDirectory(explicit: nil, environment: ["FACEGATE_MODELS": empty]).candidates.map(\.path) == [empty])
    }

    @Test func R20_modelWithOneChangedByteIsRefused() throws {
        let directory = try Self.copyOfDetector { bytes in bytes[bytes.count / 2] ^= 0x01 }
        let error = #expect(throws: FaceVisionError.self) { try ModelDirectory(explicit: directory).load(.faceDetector) }
        #expect(error?.code == .modelMismatch)
        #expect(error?.message.contains("expected \(ModelSpec.faceDetector.sha256)") == true)
        #expect(error?.message.contains("refusing") == true)
    }

    @Test func R20_truncatedModelIsRefusedBySize() throws {
        let directory = try Self.copyOfDetector { bytes in bytes.removeLast(bytes.count - 1000) }
        let error = #expect(throws: FaceVisionError.self) { try ModelDirectory(explicit: directory).load(.faceDetector) }
        #expect(error?.code == .modelMismatch)
        #expect(error?.message.contains("is 1000 bytes, expected 232589") == true)
    }

    @Test func loadersSurviveCorruptAndWrongModelsEvenUnverified() throws {
        let directory = try Self.copyOfDetector { bytes in bytes.removeLast(bytes.count - 5000) }
        let corrupt = try VerifiedModel.unverified(.faceDetector, path: "\(directory)/\(ModelSpec.faceDetector.file)")
        let detectorError = #expect(throws: FaceVisionError.self) { try FaceDetector(model: corrupt) }
        #expect(detectorError?.code == .modelUnusable)
        let recognizerError = #expect(throws: FaceVisionError.self) {
            try FaceEmbedder(model: VerifiedModel.unverified(.faceRecognizer, path: corrupt.path))
        }
        #expect(recognizerError?.code == .modelUnusable)
        let sface = try Fixtures.models.load(.faceRecognizer)
        let wrongNetwork = try VerifiedModel.unverified(.faceDetector, path: sface.path)
        let wrong = #expect(throws: FaceVisionError.self) { try FaceDetector(model: wrongNetwork) }
        #expect(wrong?.code == .modelUnusable)
        #expect(wrong?.message.contains("YuNet") == true)
    }

    @Test func detectorOptionsOutOfRangeAreRefused() throws {
        var options = FaceDetector.Options()
        options.maxSide = 8
        let error = #expect(throws: FaceVisionError.self) { try Fixtures.detector(options) }
        #expect(error?.code == .invalidArgument)
    }

    /// A temp model directory holding the real detector changed by `damage`.
    static func copyOfDetector(_ damage: (inout [UInt8]) -> Void) throws -> String {
        let directory = try Fixtures.temporaryDirectory("models")
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(Fixtures.modelsPath)/\(ModelSpec.faceDetector.file)")))
        damage(&bytes)
        try Data(bytes).write(to: URL(fileURLWithPath: "\(directory)/\(ModelSpec.faceDetector.file)"))
        return directory
    }
}
