import Foundation
import TestSupport
import Testing

/// `facegate enroll` on the photos people have (real LFW portraits with a
/// bystander at the edge): the subject is enrolled and named by its box; a
/// picture of two similar faces is refused with both listed; `--face N`
/// picks one.
@Suite(.testExecutor) struct EnrollSubjectTests {
    /// Boris_Becker_0006: the subject 94×127 px in the middle, a bystander
    /// 50 px wide cut off at the right edge. Al_Pacino_0002: 94×122, and a
    /// bystander 60 px wide cut off at the left edge. Both bystanders are
    /// taller than `min_face_pixels`, so the old rule refused both photos.
    @Test(arguments: [("Boris_Becker_0006.jpg", "Boris_Becker_0002.jpg"), ("Al_Pacino_0002.jpg", "Al_Pacino_0001.jpg")])
    func aPortraitWithACutOffBystanderEnrollsTheSubject(portrait: String, samePersonAlone: String) async throws {
        try await withBlockingSlot {
            let site = try SiteFixture()
            let enrolled = try site.enroll(name: "Subject", unit: "1-1", photos: [try RealFaces.file("lfw-dev/images/\(portrait)")])
            #expect(enrolled.status == 0, "\(enrolled.stderr)")
            let line = enrolled.stdout.split(separator: "\n").first { $0.contains("enrolled face") }.map(String.init) ?? ""
            #expect(line.contains("enrolled face 1 of 2 at x "), "\(enrolled.stdout)")
            let box = try #require(line.range(of: #"at x (\d+), y (\d+), (\d+)×(\d+) px"#, options: .regularExpression), "\(line)")
            let numbers = line[box].split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            #expect(numbers.count == 4 && abs(numbers[0] + numbers[2] / 2 - 125) <= 30, "the subject, in the middle of the 250 px photo: \(line)")
            // The template is the subject's: another photo of the same person alone is the same face.
            let again = try site.enroll(name: "Again", unit: "2-2", photos: [try RealFaces.file("lfw-dev/images/\(samePersonAlone)")])
            #expect(again.status == 1 && again.stderr.contains("this face is already enrolled as s-"), "\(again.stderr)")
        }
    }

    @Test func twoPeopleOfSimilarSizeAreRefusedAndFaceNPicksOne() async throws {
        try await withBlockingSlot {
            let site = try SiteFixture()
            let first = try Fixtures.photo("Female_40-2_1.jpg"), second = try Fixtures.photo("Male_45_1_1_1.jpg")
            let pair = "\(site.folder)/two.jpg"
            _ = try Subprocess.python("media.py", ["pair", first, second, pair])
            let refused = try site.enroll(name: "Two", unit: "1-1", photos: [pair])
            #expect(refused.status == 65, "\(refused.stderr)")
            #expect(refused.stderr.contains("\(pair): 2 faces qualify (face 1 at x "), "\(refused.stderr)")
            #expect(refused.stderr.contains("; face 2 at x ") && refused.stderr.contains("pick one with --face N"))
            #expect(refused.stderr.split(separator: "\n").count == 1, "one line")

            let outOfRange = try site.enroll(name: "Two", unit: "1-1", photos: [pair], extra: ["--face", "3"])
            #expect(outOfRange.status == 65 && outOfRange.stderr.contains("--face 3: the picture has 2 faces"), "\(outOfRange.stderr)")

            // Which of the two is face 2 (largest first), from `facegate detect`.
            let picked = try site.enroll(name: "Picked", unit: "1-2", photos: [pair], extra: ["--face", "2"])
            #expect(picked.status == 0, "\(picked.stderr)")
            #expect(picked.stdout.contains("enrolled face 2 of 2 at x "), "\(picked.stdout)")
            let detected = try Subprocess.run(Subprocess.facegate, ["detect", "--json", pair, "--models", Fixtures.modelsPath]).stdout
            let report = try #require(try JSONSerialization.jsonObject(with: Data(detected.utf8)) as? [String: Any])
            let faces = try #require(report["faces"] as? [[String: Any]])
            let isLeft = try #require((faces[1]["box"] as? [Double])?.first) < 640
            // The picked face is enrolled: that person's photo alone is now a duplicate, the other's is not.
            let samePerson = try site.enroll(name: "Again", unit: "2-2", photos: [isLeft ? first : second])
            #expect(samePerson.status == 1 && samePerson.stderr.contains("already enrolled"), "\(samePerson.stderr)")
            let otherPerson = try site.enroll(name: "Other", unit: "3-3", photos: [isLeft ? second : first])
            #expect(otherPerson.status == 0, "\(otherPerson.stderr)")
        }
    }
}
