import FaceVision
import Foundation
import TestSupport
import Testing

/// The `facegate` executable as scripts use it: the documented JSON, and one
/// line on stderr plus a distinct exit code for each kind of failure.
@Suite(.testExecutor) struct CommandLineTests {
    struct Faces: Decodable {
        struct Face: Decodable {
            let box: [Float]
            let landmarks: [[Float]]
            let score: Float
            let embedding: [Float]?
        }
        let faces: [Face]
    }

    func facegate(_ arguments: [String], models: String = Fixtures.modelsPath) throws -> Subprocess.Result {
        try Subprocess.run(Subprocess.facegate, arguments + ["--models", models])
    }

    @Test func detectJSONIsTheDocumentedFormatLargestFaceFirst() async throws {
        try await withBlockingSlot {
            let group = try Fixtures.photos().first { $0.hasSuffix("Male_24_2_3_1.jpg") }!
            let result = try facegate(["detect", "--json", group])
            #expect(result.status == 0, "\(result.stderr)")
            let document = try JSONDecoder().decode(Faces.self, from: Data(result.stdout.utf8))
            #expect(!document.faces.isEmpty)
            for face in document.faces {
                #expect(face.box.count == 4)
                #expect(face.landmarks.count == 5 && face.landmarks.allSatisfy { $0.count == 2 })
                #expect(face.embedding == nil)
            }
            let areas = document.faces.map { $0.box[2] * $0.box[3] }
            #expect(areas == areas.sorted(by: >))
            let detector = try Fixtures.detector()
            let direct = try detector.detect(in: Image(contentsOf: group))
            #expect(document.faces.map(\.box) == direct.map { [$0.box.x, $0.box.y, $0.box.width, $0.box.height] })
        }
    }

    @Test func embedJSONCarriesUnitLength128FloatEmbeddings() async throws {
        try await withBlockingSlot {
            let result = try facegate(["embed", "--json", try Fixtures.photo("Female_40-2_1.jpg")])
            #expect(result.status == 0, "\(result.stderr)")
            let document = try JSONDecoder().decode(Faces.self, from: Data(result.stdout.utf8))
            let embedding = try #require(document.faces.first?.embedding)
            #expect(embedding.count == 128)
            #expect(abs(embedding.reduce(0) { $0 + $1 * $1 } - 1) < 1e-4)
            let table = try facegate(["embed", try Fixtures.photo("Female_40-2_1.jpg")])
            #expect(!table.stdout.contains(String(embedding[0])), "the table must not print biometric values")
        }
    }

    @Test func compareTellsSamePersonFromDifferentPeople() async throws {
        try await withBlockingSlot {
            let same = try facegate(["compare", "--json", try Fixtures.photo("Female_46_1_2_1.jpg"), try Fixtures.photo("Female_46_4_1.jpg")])
            #expect(same.stdout.contains(#""same":true"#), "\(same.stdout)\(same.stderr)")
            let different = try facegate(["compare", try Fixtures.photo("Female_46_1_2_1.jpg"), try Fixtures.photo("Male_24_10_1.jpg")])
            #expect(different.status == 0)
            #expect(different.stdout.contains("different people"))
        }
    }

    @Test func everyFailureIsOneLineWithItsOwnExitCode() async throws {
        try await withBlockingSlot {
            let directory = try Fixtures.temporaryDirectory("cli")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            try Data("not a picture".utf8).write(to: URL(fileURLWithPath: "\(directory)/notes.jpg"))
            try Data(BMPFile.solid(width: 1, height: 1, grey: 90)).write(to: URL(fileURLWithPath: "\(directory)/tiny.bmp"))
            try Data(BMPFile.solid(width: 320, height: 240, grey: 90)).write(to: URL(fileURLWithPath: "\(directory)/wall.bmp"))
            let photo = try Fixtures.photo("Female_40-2_1.jpg")
            let cases: [([String], String, Int32, String)] = [
                (["detect", "\(directory)/missing.jpg"], Fixtures.modelsPath, 66, "no such file"),
                (["detect", "\(directory)/notes.jpg"], Fixtures.modelsPath, 65, "not a JPEG, PNG, BMP or WebP image"),
                (["detect", "\(directory)/tiny.bmp"], Fixtures.modelsPath, 3, "no face found (the image is only 1×1 pixels)"),
                (["detect", "\(directory)/wall.bmp"], Fixtures.modelsPath, 3, "no face found"),
                (["detect", "--max-pixels", "1000", photo], Fixtures.modelsPath, 65, "above the limit of 1000 pixels"),
                (["detect", photo], directory, 78, "model face_detection_yunet_2023mar.onnx not found"),
                (["detect", "--max-side", "2", photo], Fixtures.modelsPath, 64, "--max-side must be at least 32"),
            ]
            for (arguments, models, status, words) in cases {
                let result = try facegate(arguments, models: models)
                #expect(result.status == status, "\(arguments): \(result.stderr)")
                #expect(result.stderr.contains(words), "\(arguments): \(result.stderr)")
                #expect(result.stderr.split(separator: "\n").count == 1 || status == 64, "\(arguments): \(result.stderr)")
            }
        }
    }

    /// Errors from deeper down (the gate, the rules, the gallery) reach
    /// the same one line and their own code, never a usage text.
    @Test func errorsFromTheGateTheRulesAndTheGalleryAreOneLineWithTheirCode() async throws {
        try await withBlockingSlot {
            let gpio = try SiteFixture {
                $0.replacingOccurrences(of: "actuator = \"exec\"", with: "actuator = \"gpio\"")
                    .replacingOccurrences(of: "chip = \"/dev/gpiochip0\"", with: "chip = \"/dev/gpiochip-missing\"")
            }
            let noAlternative = try SiteFixture { $0.replacingOccurrences(of: "methods = [\"card\", \"pin\", \"guard\"]", with: "methods = []") }
            let noGallery = try SiteFixture(keygen: false)
            let cases: [(SiteFixture, [String], Int32, String)] = [
                (gpio, ["run"], 69, "facegate: gate: "),
                (noAlternative, ["run"], 78, "facegate: refusing to start: R1: no alternative way in"),
                (noGallery, ["list"], 78, "facegate: "),
            ]
            for (site, arguments, status, start) in cases {
                let result = try site.run(arguments, models: arguments == ["run"])
                #expect(result.status == status, "\(arguments): \(result.stderr)")
                #expect(result.stderr.hasPrefix(start) && result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
                #expect(!result.stderr.contains("USAGE"), "no usage text for a failure that is not one of usage")
            }
        }
    }

    @Test func everyCommandHasHelp() async throws {
        try await withBlockingSlot {
            for command in [["detect"], ["embed"], ["compare"], ["bench", "pipeline"]] {
                let result = try Subprocess.run(Subprocess.facegate, command + ["--help"])
                #expect(result.status == 0)
                #expect(result.stdout.contains("USAGE: facegate \(command.joined(separator: " "))"))
            }
        }
    }
}
