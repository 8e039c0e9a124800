import ArgumentParser
import FaceVision
import Foundation

/// `facegate bench memory`: detect + embed the same frame many times in a
/// fresh process and report how resident memory and open descriptors move
/// after warm-up. Flat lines mean every handle and OpenCV buffer is released.
struct MemoryBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memory",
        abstract: "Report RSS and open-descriptor growth over repeated detect + embed calls.")

    @Argument(help: "A photo with a face; it is letterboxed to 320×240.")
    var photo: String

    @Option(help: "Calls after warm-up.")
    var calls = 1000

    @Option(help: "Calls before the baseline is taken.")
    var warmup = 200

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @OptionGroup var vision: VisionOptions

    func run() throws {
        let detector = try vision.detector()
        let embedder = try vision.embedder()
        let frame = try vision.image(photo).letterboxed(width: 320, height: 240)
        var faces = 0
        func pass() throws {
            let image = try frame.resized(width: frame.width, height: frame.height)
            for face in try detector.detect(in: image) {
                _ = try embedder.embedding(of: face, in: image)
                faces += 1
            }
        }
        for _ in 0..<warmup { try pass() }
        let (rss0, fds0) = (Self.residentKilobytes(), Self.openDescriptors())
        faces = 0
        for _ in 0..<calls { try pass() }
        let (rss1, fds1) = (Self.residentKilobytes(), Self.openDescriptors())
        if json {
            print(#"{"calls":\#(calls),"faces":\#(faces),"rssBaselineKB":\#(rss0),"rssEndKB":\#(rss1),"fdBaseline":\#(fds0),"fdEnd":\#(fds1)}"#)
        } else {
            print("facegate bench memory — \(calls) detect + embed calls (\(faces) faces) after \(warmup) warm-up calls")
            print("RSS \(rss0) kB → \(rss1) kB (growth \(rss1 - rss0) kB); open descriptors \(fds0) → \(fds1)")
        }
    }

    /// VmRSS of a process (`self` or a pid) from /proc, in kB; -1 when unreadable.
    static func residentKilobytes(of process: String = "self") -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(process)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
    }

    static func openDescriptors() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
    }
}
