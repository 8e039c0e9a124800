import FaceVision
import Foundation
import TestSupport
import Testing

/// A thousand detect + embed calls must not grow the process: handles and
/// OpenCV buffers are released every time. Measured in a child process
/// (`facegate bench memory`), since tests running beside each other share
/// this one. The shim alone also runs under LeakSanitizer (scripts/leak-check.sh).
@Suite(.testExecutor) struct MemoryTests {
    struct Report: Decodable {
        let calls: Int
        let faces: Int
        let rssBaselineKB: Int
        let rssEndKB: Int
        let fdBaseline: Int
        let fdEnd: Int
    }

    @Test func thousandDetectAndEmbedCallsDoNotGrowMemoryOrDescriptors() async throws {
        try await withBlockingSlot {
            let result = try Subprocess.run(
                Subprocess.facegate,
                ["bench", "memory", "--json", "--calls", "1000", "--models", Fixtures.modelsPath, try Fixtures.photo("Female_40-2_1.jpg")])
            #expect(result.status == 0, "\(result.stderr)")
            let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
            print(
                "memory: RSS \(report.rssBaselineKB) kB → \(report.rssEndKB) kB over \(report.calls) calls, fds \(report.fdBaseline) → \(report.fdEnd)"
            )
            #expect(report.faces == 1000)
            #expect(report.rssEndKB - report.rssBaselineKB < 2048)
            #expect(report.fdEnd == report.fdBaseline)
        }
    }
}
