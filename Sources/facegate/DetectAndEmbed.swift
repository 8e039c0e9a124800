import ArgumentParser
import FaceVision

/// `facegate detect IMAGE`: where the faces are.
struct Detect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find the faces in an image.",
        discussion: """
            Prints one row per face, largest first. With --json prints
            {"faces":[{"box":[x,y,w,h],"landmarks":[[x,y],…5],"score":s}]} in the original image's pixels.
            Exits with 3 when the image holds no face.
            """)

    @OptionGroup var input: FaceListing

    func run() throws { try input.run(embeddings: false) }
}

/// `facegate embed IMAGE`: the 128-d template of every face.
struct Embed: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute the 128-value SFace embedding of every face in an image.",
        discussion: """
            An embedding is biometric data: it is printed only with --json, which adds an
            "embedding" array of 128 unit-length floats to each face of the `detect --json` document.
            Exits with 3 when the image holds no face.
            """)

    @OptionGroup var input: FaceListing

    func run() throws { try input.run(embeddings: true) }
}

/// What `detect` and `embed` share: one image in, every face out, as a
/// table or as the stable JSON document.
struct FaceListing: ParsableArguments {
    @Argument(help: "A JPEG, PNG, BMP or WebP file.")
    var image: String

    @Flag(help: "Print the stable JSON format instead of a table.")
    var json = false

    @OptionGroup var vision: VisionOptions

    func run(embeddings: Bool) throws {
        let detector = try vision.detector()
        let embedder = embeddings ? try vision.embedder() : nil
        let picture = try vision.image(image)
        let faces = try detector.detect(in: picture)
        let values = try embedder.map { embedder in try faces.map { try embedder.embedding(of: $0, in: picture) } }
        let report = FaceReport(faces, embeddings: values)
        print(json ? try report.json() : report.table(path: image, image: picture))
        if faces.isEmpty { throw CommandFailure.noFace(in: image, image: picture) }
    }
}
