import Decision
import FaceVision
import Gallery
import Matcher
import TestSupport
import Testing

@testable import Benchmarks

/// The Benchmarks library's own logic, without models, network or Python:
/// the statistics the reports print, the parsers of /proc, the scripted
/// camera's sequence and the match benchmark's agreement with a brute force.
@Suite(.testExecutor) struct BenchmarksTests {
    @Test func medianIsTheMiddleValueAndNaNWhenEmpty() {
        #expect([3.0, 1.0, 2.0].median == 2)
        #expect([4.0, 1.0, 3.0, 2.0].median == 3)
        #expect([Double]().median.isNaN)
    }

    @Test func percentileIsTheNearestRank() {
        let values = (1...100).map(Double.init).reversed().map { $0 }
        #expect(values.percentile(95) == 95)
        #expect(values.percentile(50) == 50)
        #expect(values.percentile(100) == 100)
        #expect(values.percentile(1) == 1)
        #expect([7.0].percentile(95) == 7)
        #expect([Double]().percentile(95).isNaN)
    }

    @Test func durationInMilliseconds() {
        #expect(Duration.seconds(2).milliseconds == 2000)
        #expect(Duration.microseconds(1500).milliseconds == 1.5)
    }

    @Test func residentMemoryIsReadFromProcStatus() {
        #expect(ProcessUsage.residentKilobytes(status: "Name:\tx\nVmPeak:\t  9000 kB\nVmRSS:\t   12345 kB\nThreads:\t4\n") == 12345)
        #expect(ProcessUsage.residentKilobytes(status: "Name:\tx\n") == -1)
        #expect(ProcessUsage.residentKilobytes() > 0)
        #expect(ProcessUsage.residentKilobytes(of: "no-such-process") == -1)
        #expect(ProcessUsage.openDescriptors() >= 3)
    }

    @Test func loopbackBytesAreTheTransmitColumnOfLo() {
        let text = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
              eth0: 111 2 0 0 0 0 0 0 333 4 0 0 0 0 0 0
                lo: 5000 60 0 0 0 0 0 0 7000 80 0 0 0 0 0 0
            """
        #expect(LoopbackCounter.sentBytes(netDev: text) == 7000)
        #expect(LoopbackCounter.sentBytes(netDev: "eth0: 1 2 3 4 5 6 7 8 9 10") == 0)
    }

    @Test func walkUpsShowTwoSecondsOfEmptySceneThenTheClip() throws {
        let empty = try (0..<8).map { _ in try Image(bgr: [UInt8](repeating: 128, count: 2 * 2 * 3), width: 2, height: 2) }
        let clip = try (0..<3).map { _ in try Image(bgr: [UInt8](repeating: 50, count: 2 * 2 * 3), width: 2, height: 2) }
        let feed = ScriptedFeed(empty: empty, clip: clip, fps: 2)
        // Two seconds at 2 frames/s: four empty frames, then the three of the clip, and again.
        let expected = [empty[0], empty[1], empty[2], empty[3], clip[0], clip[1], clip[2], empty[0], empty[1]]
        for (index, image) in expected.enumerated() {
            let frame = feed.frame(at: index, in: .walkUps)
            #expect(frame.image === image, "frame \(index)")
            #expect(frame.startsWalkUp == (index == 4), "frame \(index)")
        }
        #expect(feed.frame(at: 9, in: .empty).image === empty[1])
        #expect(feed.frame(at: 4, in: .clip).image === clip[1])
        #expect(!feed.frame(at: 4, in: .clip).startsWalkUp)
    }

    @Test func emptySceneIsTheSameNoisyGreyWallEveryTime() throws {
        let first = try ScriptedFeed.emptyScene(width: 16, height: 8)
        let again = try ScriptedFeed.emptyScene(width: 16, height: 8)
        #expect(first.count == 8)
        #expect(zip(first, again).allSatisfy { $0.bgrBytes() == $1.bgrBytes() })
        let pixels = first.flatMap { $0.bgrBytes() }
        #expect(pixels.allSatisfy { (126...130).contains($0) })
        #expect(Set(pixels).count > 1, "sensor noise, not a flat grey")
    }

    @Test func latenciesPairEachWalkUpWithItsFirstPulse() {
        let start = ContinuousClock.now
        let shown = [start, start + .seconds(5), start + .seconds(10)]
        let pulses = [start + .milliseconds(300), start + .milliseconds(400), start + .seconds(10) + .milliseconds(200)]
        let latencies = EndToEndBenchmark.latencies(shown: shown, pulses: pulses, now: start + .seconds(15))
        #expect(latencies.map { $0.rounded() } == [200, 300])
    }

    @Test func syntheticSubjectsHaveUnitTemplatesAndDistinctIdentities() {
        let subjects = (0..<3).map(SyntheticSubject.request)
        for subject in subjects {
            let norm = subject.template.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(subject.template.count == 128)
            #expect(abs(norm - 1) < 1e-4)
        }
        #expect(Set(subjects.map(\.identity.name)).count == 3)
        #expect(subjects[0].template != subjects[1].template)
    }

    @Test func matchBenchmarksTopOneAgreesWithABruteForceSearch() throws {
        var generator = SeededGenerator(seed: 42)
        let database = (0..<300).map { _ in MatchBenchmark.unit(&generator) }
        let probes = MatchBenchmark.probes(40, near: database, using: &generator)
        let snapshot = try MatcherSnapshot(database.enumerated().map { ("\($0.offset)", $0.element) })
        let exact = try MatchBenchmark.measure(probes) { try snapshot.search($0, mode: .exact) }
        let fast = try MatchBenchmark.measure(probes) { try snapshot.search($0, mode: .int8Rescored) }
        func dot(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).map { $0 * $1 }.reduce(0, +) }
        let bruteForce: [Int] = probes.map { probe in
            let scores = database.map { dot($0, probe) }
            return scores.indices.max { scores[$0] < scores[$1] } ?? -1
        }
        #expect(exact.answers.count == probes.count)
        #expect(MatchBenchmark.agreement(exact.answers, bruteForce) == probes.count)
        #expect(MatchBenchmark.agreement(fast.answers, bruteForce) >= probes.count - 1)
        #expect(MatchBenchmark.agreement(exact.answers, bruteForce.map { ($0 + 1) % database.count }) == 0)
        #expect(exact.p50 <= exact.p99)
        #expect(MatchBenchmark.raw([[1, 2], [3, 4]]).count == 16)
        #expect([UInt8](MatchBenchmark.raw([[1, -2]])) == [0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0], "little-endian Float32 rows")
    }

    @Test func benchmarkErrorCarriesItsCodeAndMessage() {
        let error = BenchmarkError(.noFace, "photo.jpg: no face to enroll")
        #expect(error.code == .noFace)
        #expect(error.message == "photo.jpg: no face to enroll")
        #expect("\(error)" == error.message)
    }
}
