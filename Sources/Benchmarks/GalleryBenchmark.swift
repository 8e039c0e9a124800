import FaceVision
import Foundation
import Gallery
import Keys
import Matcher

/// `facegate bench gallery`: what the daemon pays at start (open and decrypt
/// every template) and what an enrollment from three photos costs, each
/// against a reference measured in the same run.
public struct GalleryBenchmark {
    /// Photos of one person, enrolled as one subject.
    public var photos: [String]
    public var subjects: Int
    /// Repetitions; the median is reported.
    public var rounds: Int
    public var models: FaceModels

    public init(photos: [String], subjects: Int, rounds: Int, models: FaceModels) {
        self.photos = photos
        self.subjects = subjects
        self.rounds = rounds
        self.models = models
    }

    public func run() throws {
        let directory = NSTemporaryDirectory() + "facegate-bench-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let master = MasterKey.generate()
        let build = ContinuousClock.now
        let gallery = try Gallery.create(in: directory, master: master, gate: "bench")
        try SyntheticSubject.enroll(from: 0, upTo: subjects, in: gallery)
        print("facegate bench gallery — \(subjects) subjects built in \(String(format: "%.0f", (ContinuousClock.now - build).milliseconds)) ms")

        var load: [Double] = [], raw: [Double] = []
        for _ in 0..<rounds {
            raw.append(try timed { _ = try Gallery.open(in: directory, master: master, gate: "bench").readSealedRows() })
            load.append(
                try timed {
                    let count = try Gallery.open(in: directory, master: master, gate: "bench").templates().count
                    precondition(count >= subjects, "every template decrypts")
                })
        }
        print(
            String(
                format: "load + decrypt all templates: %8.1f ms   (reading the sealed rows only: %6.1f ms, ratio %.2f×)",
                load.median, raw.median, load.median / raw.median))

        let detector = try models.detector()
        let embedder = try models.embedder()
        let images = try photos.map { try models.image($0) }
        func embedAll() throws -> Embedding {
            try Embedding.mean(
                of: images.map { image in try embedder.stillEmbedding(of: detector.detect(in: image)[0], in: image, detector: detector) })
        }
        var enroll: [Double] = [], embedOnly: [Double] = [], withdraw: [Double] = []
        for _ in 0..<rounds {
            var enrolled = ""
            embedOnly.append(try timed { _ = try embedAll() })
            enroll.append(
                try timed {
                    let template = try embedAll()
                    let existing = try MatcherSnapshot(gallery.templates().map { ($0.pseudonym, $0.values) })
                    let nearest = try existing.search(template.values, mode: .int8Rescored).best?.score ?? 0
                    precondition(nearest < 0.5, "synthetic subjects never resemble a real face")
                    var request = SyntheticSubject.request(0)
                    request.template = template.values
                    enrolled = try gallery.enroll(request, minorsEnabled: false).pseudonym
                })
            withdraw.append(try timed { _ = try gallery.withdraw(enrolled, actor: "bench") })
        }
        print(
            String(
                format: "enroll from %d photos:        %8.1f ms   (detect + embed alone: %6.1f ms, ratio %.2f×)",
                photos.count, enroll.median, embedOnly.median, enroll.median / embedOnly.median))
        print(String(format: "withdraw one subject:          %8.1f ms   (key shred, secure delete, two checkpoints)", withdraw.median))
    }
}
