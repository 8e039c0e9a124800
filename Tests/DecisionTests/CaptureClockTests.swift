import Decision
import Testing

/// Frame age from a stream's timestamps, on the arrival patterns measured
/// from Debian's OpenCV reading gst-rtsp-server: a backlog at opening, a
/// steady stream, and the burst after a stalled network.
@Suite struct CaptureClockTests {
    /// Feeds frames `spacing` apart in the stream; `arrivals[i]` is when frame i arrived.
    static func readings(_ arrivals: [Double], spacing: Double = 0.04, from start: Double = 0, clock: inout CaptureClock) -> [CaptureClock.Reading] {
        arrivals.enumerated().map { index, arrival in clock.reading(stream: start + Double(index) * spacing, arrival: arrival) }
    }

    static func ages(_ readings: [CaptureClock.Reading]) -> [Double] {
        readings.compactMap { if case .captured(let age) = $0 { age } else { nil } }
    }

    @Test func theBacklogAtOpeningIsSkippedAndTheSteadyStreamIsFresh_R13() {
        var clock = CaptureClock()
        // A second of frames 7 ms apart (the backlog), then every 40 ms.
        let backlog = (0..<25).map { 1.2 + Double($0) * 0.007 }
        let steady = (1...25).map { backlog.last! + Double($0) * 0.04 }
        let readings = Self.readings(backlog + steady, clock: &clock)
        #expect(readings.prefix(25).allSatisfy { $0 == .settling }, "no frame of the backlog is used")
        #expect(readings.dropFirst(25).allSatisfy { if case .captured(let age) = $0 { age < 0.001 } else { false } })
    }

    @Test func framesHeldBackThreeSecondsAreAsOldAsTheHoldWhenTheyArrive_R13() {
        var clock = CaptureClock()
        var arrivals = (0..<50).map { Double($0) * 0.04 }
        // Frames 50… are held until 5.0 s (3 s), then decoded 10 ms apart
        // until the reader has caught up, then on time again.
        for index in 50..<200 {
            arrivals.append(max(5.0, arrivals.last! + 0.01, Double(index) * 0.04))
        }
        let ages = Self.ages(Self.readings(arrivals, clock: &clock))
        let held = Array(ages[50..<125])
        #expect(abs(held[0] - 3.0) < 0.05, "the first held frame is 3 s old: \(held[0])")
        #expect(held.filter { $0 > 0.3 }.count >= 60, "most of the burst is over the 300 ms bound")
        #expect(held.last! < held.first!, "the burst catches up")
        #expect(ages.suffix(10).allSatisfy { $0 < 0.05 }, "on time again afterwards: \(ages.suffix(10))")
    }

    @Test func aSlowCameraClockNeverMakesEveryFrameLookOld() {
        var clock = CaptureClock()
        // The camera's clock runs 0.05 % slow: its timestamps advance 0.9995 s per second of ours.
        let arrivals = (0..<9_000).map { Double($0) * 0.04 }
        let readings = (0..<9_000).map { clock.reading(stream: Double($0) * 0.04 * 0.9995, arrival: arrivals[$0]) }
        #expect(Self.ages(readings).max()! < 0.01, "after six minutes the drift allowance keeps ages near zero")
    }

    @Test func aRestartedStreamSettlesAfreshAndASourceWithoutTimestampsIsNeverHeldUp() {
        var clock = CaptureClock()
        _ = Self.readings((0..<20).map { Double($0) * 0.04 }, clock: &clock)
        // The stream restarts at timestamp zero (a reconnect, a camera reboot).
        let restart = [clock.reading(stream: 0, arrival: 0.9), clock.reading(stream: 0.04, arrival: 0.94)]
        #expect(restart == [.settling, .captured(age: 0)])

        var untimed = CaptureClock()
        let none = untimed.reading(stream: nil, arrival: 0)
        #expect(none == .captured(age: 0))
        var constant = CaptureClock()
        let stuck = (0..<CaptureClock.stuckLimit + 5).map { constant.reading(stream: 0, arrival: Double($0) * 0.04) }
        #expect(stuck.prefix(CaptureClock.stuckLimit - 1).allSatisfy { $0 == .settling })
        #expect(stuck.suffix(5).allSatisfy { $0 == .captured(age: 0) }, "timestamps that never advance are ignored, not obeyed")
    }
}
