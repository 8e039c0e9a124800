import Audit
import Foundation
import Gallery
import TestSupport
import Testing

/// Fifty HTTP clients on the kiosk must not starve the vision thread: a
/// resident on real video still gets in while they hammer it. The time from
/// the face coming into view to the opening is printed for the quiet and
/// the loaded phase of the same run (a measurement, not a bound: the bound
/// would only measure how busy the machine is).
@Suite(.serialized, .testExecutor) struct GateHTTPLoadTests {
    @Test func aResidentOnRealVideoStillGetsInWhileFiftyClientsHammerTheKiosk() async throws {
        let folder = try Fixtures.temporaryDirectory("http-load")
        let onsets = "\(folder)/onsets"
        let clip = try RealFaces.file("video-dev/d18.mp4")
        let camera = try MJPEGServer(scene: ["blank*30", "video:\(clip)@0-3"], fps: 15, width: 640, height: 360, onsets: onsets)
        defer { camera.stop() }
        // A cooldown longer than the 3 s in view and shorter than the 5 s
        // between walk-ups: one opening per walk-up.
        let site = try GateSite(camera: camera.url) { $0.replacingOccurrences(of: "cooldown_seconds = 8.0", with: "cooldown_seconds = 3.5") }
        try site.recordAssessment()
        let enrolled = try site.site.enroll(name: "Chen Jie", unit: "1-101", photos: [try RealFaces.file("video-dev/d19.jpg")])
        #expect(enrolled.status == 0, "\(enrolled.stderr)")
        let gate = try site.start()
        defer { gate.stop() }
        let ready = Date()
        func matches() -> [Date] { ((try? site.audit(.match)) ?? []).map(\.time) }

        let quiet = await gate.settle(timeout: 180) { _ in matches().count >= 5 }
        #expect(quiet, "the resident got in before the load: \(gate.log.suffix(2_000))")
        let loadStarted = Date()
        // Not in a blocking slot: the load must start now, not once the
        // calibration suites beside it have finished (the executor's
        // threads may block).
        let report = try Subprocess.python("http_clients.py", ["--port", String(site.kioskPort), "--clients", "50", "--seconds", "40"])
        let answers = try JSONDecoder().decode(ClientAnswers.self, from: Data((report.split(separator: "\n").last ?? "").utf8))
        let loadEnded = Date()
        let all = matches()
        print("http-load: 50 clients answered \(answers)")

        // Each walk-up counts once: from the face coming into view to the
        // first opening before the next walk-up.
        let faces = try String(contentsOfFile: onsets, encoding: .utf8).split(separator: "\n").compactMap { Double($0) }.map {
            Date(timeIntervalSince1970: $0)
        }
        func walkUps(from start: Date, to end: Date) -> (opened: [Double], missed: Int) {
            var opened: [Double] = [], missed = 0
            for (index, face) in faces.enumerated() where face >= start && face < end {
                let next = index + 1 < faces.count ? faces[index + 1] : .distantFuture
                if let opening = all.first(where: { $0 >= face && $0 < next }) { opened.append(opening.timeIntervalSince(face)) } else { missed += 1 }
            }
            return (opened.sorted(), missed)
        }
        let quietWalkUps = walkUps(from: ready, to: loadStarted), loadedWalkUps = walkUps(from: loadStarted, to: loadEnded)
        func summary(_ walkUps: (opened: [Double], missed: Int)) -> String {
            let values = walkUps.opened
            guard !values.isEmpty else { return "none of \(walkUps.missed) walk-ups opened" }
            let p95 = values[min(values.count - 1, Int((Double(values.count) * 0.95).rounded(.up)) - 1)]
            return String(
                format: "p50 %.2f s, p95 %.2f s, max %.2f s over %d walk-ups (%d not opened)", values[values.count / 2], p95, values.last!,
                values.count,
                walkUps.missed)
        }
        print("http-load: face in view → opening, quiet: \(summary(quietWalkUps)); under 50 clients: \(summary(loadedWalkUps))")
        if let quietMedian = quietWalkUps.opened.dropFirst(quietWalkUps.opened.count / 2).first,
            let loadedMedian = loadedWalkUps.opened.dropFirst(loadedWalkUps.opened.count / 2).first
        {
            print(String(format: "http-load: median under load / quiet = %.2f×", loadedMedian / quietMedian))
        }
        #expect(answers.answered >= 500, "the clients really loaded the kiosk: \(answers)")
        #expect(loadedWalkUps.opened.count >= 3, "the resident kept getting in while the clients hammered the kiosk: \(summary(loadedWalkUps))")
        #expect(site.openings == all.count, "every opening is audited")
    }

    /// What `python/http_clients.py` prints when its clients stop.
    struct ClientAnswers: Decodable, CustomStringConvertible {
        let answered: Int
        let failed: Int
        let perSecond: Int
        var description: String { "\(answered) requests (\(perSecond)/s), \(failed) failed" }
    }
}
