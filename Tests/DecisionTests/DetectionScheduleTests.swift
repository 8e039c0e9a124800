import Decision
import Testing

/// When the idle gate searches a frame for faces: every frame of a changed
/// scene or with a face in view, an unchanged empty scene every two seconds.
@Suite struct DetectionScheduleTests {
    /// An 80×45 grey thumbnail of a flat wall with ±`noise` levels of sensor noise.
    static func wall(noise: Int, seed: inout UInt64) -> [UInt8] {
        (0..<(80 * 45)).map { _ in
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(120 + Int(seed >> 33) % (2 * noise + 1) - noise)
        }
    }

    @Test func anUnchangedEmptySceneIsSearchedEveryTwoSeconds() {
        var schedule = DetectionSchedule()
        var seed: UInt64 = 7
        var searched = 0
        for frame in 0..<150 {  // 10 s at 15 fps
            if schedule.wantsSearch(Self.wall(noise: 4, seed: &seed), at: Double(frame) / 15) {
                searched += 1
                schedule.searched(foundFace: false)
            }
        }
        #expect((5...6).contains(searched), "one search every two seconds, not fifteen a second: \(searched)")
    }

    @Test func theFrameThatShowsSomeoneIsSearchedAtOnceAndEveryFrameWhileAFaceIsInView() {
        var schedule = DetectionSchedule()
        var seed: UInt64 = 7
        let first = schedule.wantsSearch(Self.wall(noise: 4, seed: &seed), at: 0)
        schedule.searched(foundFace: false)
        let unchanged = schedule.wantsSearch(Self.wall(noise: 4, seed: &seed), at: 0.07)
        #expect(first && !unchanged)
        // Someone small and far off: a 3×4 patch of the thumbnail, 40 levels darker.
        var person = Self.wall(noise: 4, seed: &seed)
        for row in 20..<24 { for column in 38..<41 { person[row * 80 + column] = 80 } }
        let arrival = schedule.wantsSearch(person, at: 0.13)
        #expect(arrival, "the first frame that shows them is searched")
        schedule.searched(foundFace: true)
        let inView = schedule.wantsSearch(person, at: 0.2)
        #expect(inView, "with a face in view, every frame")
        schedule.searched(foundFace: false)
        let still = schedule.wantsSearch(person, at: 0.27)
        #expect(!still, "they stand still and no face was found: back to idle")
    }
}
