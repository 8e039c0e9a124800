import Foundation
import TestSupport
import Testing

/// `facegate enroll` end to end with real photos: consent first (R3, R4),
/// minors (R5), the quality gate, duplicates, and no photo kept (R8).
@Suite(.testExecutor) struct EnrollCommandTests {
    static let resident = "Female_46_1_2_1.jpg"
    static let sameResidentAgain = "Female_46_4_1.jpg"

    @Test func R3_consentIsTypedAtATerminalAfterTheNoticeAndNothingElseCounts() async throws {
        try await withBlockingSlot {
            let site = try SiteFixture()
            let photo = try Fixtures.photo(Self.resident)
            let enroll = ["enroll", "--name", "张三 Zhang San", "--unit", "3-402", "--photo", photo, "--language", "en"]
            let refused = try site.runAtTerminal(enroll, typing: "yes\n")
            #expect(refused.status != 0)
            #expect(refused.stdout.contains("no consent given; nothing was stored"), "\(refused.stdout)")
            let noTerminal = try site.run(enroll, models: true)
            #expect(noTerminal.status == 64)
            #expect(noTerminal.stderr.contains("consent must be typed by the resident at this terminal"))
            #expect(try site.run(["list", "--count"]).stdout.hasPrefix("0 subjects"))

            let agreed = try site.runAtTerminal(enroll, typing: "I agree\n")
            #expect(agreed.status == 0, "\(agreed.stdout)")
            let notice = agreed.stdout.range(of: "FACE ENTRY — NOTICE AND CONSENT")
            let prompt = agreed.stdout.range(of: "type 同意 or I agree")
            #expect(notice != nil && prompt != nil && notice!.lowerBound < prompt!.lowerBound, "the notice comes before the question")
            #expect(agreed.stdout.contains("Sunrise Gardens Property Management"))
            #expect(agreed.stdout.contains("typed at the terminal"))
            #expect(!agreed.stdout.contains("Zhang San"), "the name is not echoed")
            #expect(try site.run(["list", "--count"]).stdout.hasPrefix("1 subjects"))
            let chinese = try site.runAtTerminal(
                ["enroll", "--name", "Li", "--unit", "1-1", "--photo", try Fixtures.photo("Male_24_10_1.jpg")], typing: "同意\n")
            #expect(chinese.status == 0, "\(chinese.stdout)")
            #expect(chinese.stdout.contains("人脸识别通行 — 告知与同意书"))
        }
    }

    @Test func R5_minorsNeedAGuardianAndASiteThatEnablesThem() async throws {
        try await withBlockingSlot {
            let closed = try SiteFixture()
            let photo = try Fixtures.photo("Female_42_1_5.jpg")
            let withoutGuardian = try closed.enroll(name: "Kid", unit: "2-2", photos: [photo], extra: ["--minor"])
            #expect(withoutGuardian.status != 0 && withoutGuardian.stderr.contains("minors_enabled = false"))
            let open = try SiteFixture { $0.replacingOccurrences(of: "minors_enabled = false", with: "minors_enabled = true") }
            let noGuardian = try open.enroll(name: "Kid", unit: "2-2", photos: [photo], extra: ["--birth-year", "2016"])
            #expect(noGuardian.status == 64 && noGuardian.stderr.contains("needs a guardian's consent"))
            let ok = try open.enroll(
                name: "Kid", unit: "2-2", photos: [photo],
                extra: ["--birth-year", "2016", "--guardian", "Parent Name", "--guardian-relation", "father"])
            #expect(ok.status == 0, "\(ok.stderr)")
            #expect(try open.run(["list"]).stdout.contains("yes"))
            let adult = try open.enroll(
                name: "Adult", unit: "2-3", photos: [try Fixtures.photo("Male_24_10_1.jpg")], extra: ["--birth-year", "1980"])
            #expect(adult.status == 0, "\(adult.stderr)")
        }
    }

    @Test func theQualityGateExplainsEveryRefusedShot() async throws {
        try await withBlockingSlot {
            let site = try SiteFixture()
            let folder = site.folder
            let photo = try Fixtures.photo(Self.resident)
            _ = try Subprocess.python("media.py", ["pair", photo, try Fixtures.photo("Male_24_2_2_1.jpg"), "\(folder)/two.jpg"])
            _ = try Subprocess.python("media.py", ["resize", photo, "160", "\(folder)/far.jpg"])
            _ = try Subprocess.python("media.py", ["blur", photo, "9", "\(folder)/blur.jpg"])
            try Data(BMPFile.solid(width: 400, height: 300, grey: 120)).write(to: URL(fileURLWithPath: "\(folder)/wall.bmp"))
            let cases = [
                ("two.jpg", "2 faces"), ("far.jpg", "the face is too small"),
                ("blur.jpg", "the face is blurred"), ("wall.bmp", "no face found"),
            ]
            for (file, words) in cases {
                let result = try site.enroll(name: "R", unit: "1", photos: [photo, "\(folder)/\(file)"])
                #expect(result.status == 65, "\(file): \(result.stderr)")
                #expect(result.stderr.contains("\(folder)/\(file): \(words)"), "\(file): \(result.stderr)")
            }
            #expect(try site.run(["list", "--count"]).stdout.hasPrefix("0 subjects"))
        }
    }

    @Test func aFaceAlreadyEnrolledIsRefused() async throws {
        try await withBlockingSlot {
            let site = try SiteFixture()
            let first = try site.enroll(name: "A", unit: "1-1", photos: [try Fixtures.photo(Self.resident)])
            #expect(first.status == 0, "\(first.stderr)")
            let twice = try site.enroll(name: "A again", unit: "9-9", photos: [try Fixtures.photo(Self.sameResidentAgain)])
            #expect(twice.status == 1)
            #expect(twice.stderr.contains("this face is already enrolled as s-"))
            #expect(try site.run(["list", "--count"]).stdout.hasPrefix("1 subjects"))
        }
    }

    @Test func R8_noPhotoOrFrameIsEverWrittenToTheStateDirectory() async throws {
        try await withBlockingSlot {
            let site = try SiteFixture()
            let photos = [Self.resident, Self.sameResidentAgain].compactMap { try? Fixtures.photo($0) }
            #expect(try site.enroll(name: "Photo Check", unit: "4-4", photos: photos).status == 0)
            let signatures: [(String, [UInt8])] = [
                ("JPEG", [0xFF, 0xD8, 0xFF]), ("PNG", [0x89, 0x50, 0x4E, 0x47]), ("WebP", Array("WEBP".utf8)),
            ]
            for (file, bytes) in try GalleryFixtures.allBytes(in: site.stateDirectory) {
                for (format, signature) in signatures {
                    #expect(!GalleryFixtures.contains(bytes, signature), "\(file) holds \(format) data")
                }
                for photo in photos {
                    let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: photo)))
                    #expect(!GalleryFixtures.contains(bytes, Array(original[1000..<1064])), "\(file) holds part of \(photo)")
                }
            }
        }
    }
}
