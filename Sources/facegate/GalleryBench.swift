import ArgumentParser
import FaceVision
import Foundation
import Gallery
import Keys
import Matcher

/// `facegate bench gallery`: what the daemon pays at start (open and decrypt
/// every template) and what an enrollment from three photos costs, each
/// against a reference measured in the same run.
struct GalleryBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gallery",
        abstract: "Time loading + decrypting a large gallery, and enrolling from three photos.",
        discussion: """
            Builds a throw-away gallery of --subjects synthetic subjects in a temp directory, then
            times (median of --rounds): opening it and decrypting every template, against reading
            the same sealed rows without decrypting; and one enrollment from the photos (detect,
            embed, duplicate scan over the whole gallery, store), against detect + embed alone.
            """)

    @Argument(help: "Three photos of one person.")
    var photos: [String]

    @Option(help: "Subjects in the benchmark gallery.")
    var subjects = 10_000

    @Option(help: "Repetitions; the median is reported.")
    var rounds = 5

    @OptionGroup var vision: VisionOptions

    func run() throws {
        let directory = NSTemporaryDirectory() + "facegate-bench-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let master = MasterKey.generate()
        let build = ContinuousClock.now
        let gallery = try Gallery.create(in: directory, master: master, gate: "bench")
        for start in stride(from: 0, to: subjects, by: 1000) {
            _ = try gallery.enroll((start..<min(subjects, start + 1000)).map(Self.syntheticRequest), minorsEnabled: false)
        }
        print("facegate bench gallery — \(subjects) subjects built in \(format(ContinuousClock.now - build)) ms")

        var load: [Double] = [], raw: [Double] = []
        for _ in 0..<rounds {
            raw.append(try time { _ = try Gallery.open(in: directory, master: master, gate: "bench").readSealedRows() })
            load.append(
                try time {
                    let count = try Gallery.open(in: directory, master: master, gate: "bench").templates().count
                    precondition(count >= subjects, "every template decrypts")
                })
        }
        print(
            String(
                format: "load + decrypt all templates: %8.1f ms   (reading the sealed rows only: %6.1f ms, ratio %.2f×)",
                load.median, raw.median, load.median / raw.median))

        let detector = try vision.detector()
        let embedder = try vision.embedder()
        let images = try photos.map { try vision.image($0) }
        func embedAll() throws -> Embedding {
            try Embedding.mean(
                of: images.map { image in try embedder.stillEmbedding(of: detector.detect(in: image)[0], in: image, detector: detector) })
        }
        var enroll: [Double] = [], embedOnly: [Double] = [], withdraw: [Double] = []
        for _ in 0..<rounds {
            var enrolled = ""
            embedOnly.append(try time { _ = try embedAll() })
            enroll.append(
                try time {
                    let template = try embedAll()
                    let existing = try MatcherSnapshot(gallery.templates().map { ($0.pseudonym, $0.values) })
                    let nearest = try existing.search(template.values, mode: .int8Rescored).best?.score ?? 0
                    precondition(nearest < 0.5, "synthetic subjects never resemble a real face")
                    var request = Self.syntheticRequest(0)
                    request.template = template.values
                    enrolled = try gallery.enroll(request, minorsEnabled: false).pseudonym
                })
            withdraw.append(try time { _ = try gallery.withdraw(enrolled, actor: "bench") })
        }
        print(
            String(
                format: "enroll from %d photos:        %8.1f ms   (detect + embed alone: %6.1f ms, ratio %.2f×)",
                photos.count, enroll.median, embedOnly.median, enroll.median / embedOnly.median))
        print(String(format: "withdraw one subject:          %8.1f ms   (key shred, secure delete, two checkpoints)", withdraw.median))
    }

    func time(_ body: () throws -> Void) throws -> Double {
        let start = ContinuousClock.now
        try body()
        return (ContinuousClock.now - start).milliseconds
    }

    func format(_ duration: Duration) -> String { String(format: "%.0f", duration.milliseconds) }

    static func syntheticRequest(_ index: Int) -> EnrollmentRequest {
        var values = (0..<128).map { _ in Float.random(in: -1...1) }
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        values = values.map { $0 / norm }
        return EnrollmentRequest(
            identity: Identity(name: "Synthetic \(index)", unit: "\(index / 100)-\(index % 100)"),
            consent: ConsentRecord(
                noticeVersion: "bench", noticeSHA256: String(repeating: "0", count: 64), purpose: "benchmark", language: "en",
                method: .paperForm(reference: "bench-\(index)"), operatorName: "bench", time: Date()),
            isMinor: false, template: values, modelID: ModelSpec.faceRecognizer.sha256, quality: 1,
            expires: Date().addingTimeInterval(86_400 * 730))
    }
}
