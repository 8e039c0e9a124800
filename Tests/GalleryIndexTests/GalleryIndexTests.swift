import Foundation
import Gallery
import GalleryIndex
import Locking
import Matcher
import TestSupport
import Testing

/// The matcher wired to the encrypted gallery: changes reach the very next
/// search (R6), expired subjects are never found (R7), and searches running
/// beside a stream of changes never see a withdrawn resident.
@Suite(.testExecutor) struct GalleryIndexTests {
    @Test func R6_aWithdrawnResidentIsGoneFromTheNextSearch() throws {
        let (gallery, _, _) = try GalleryFixtures.make()
        let index = try GalleryIndex(gallery: gallery)
        let template = GalleryFixtures.randomTemplate()
        let receipt = try index.enroll(GalleryFixtures.request(template: template), minorsEnabled: false)
        _ = try index.enroll(GalleryFixtures.request(unit: "2"), minorsEnabled: false)
        #expect(try index.search(template).best?.subject == receipt.pseudonym)
        _ = try index.withdraw(receipt.pseudonym, actor: "test")
        let after = try index.search(template)
        #expect(after.best?.subject != receipt.pseudonym && after.second?.subject != receipt.pseudonym)
        #expect(after.best.map { $0.score < 0.5 } ?? true)
    }

    @Test func R7_expiredSubjectsAreNeverSearchable() throws {
        let clock = TestClock()
        let (gallery, _, _) = try GalleryFixtures.make(now: { clock.now })
        let template = GalleryFixtures.randomTemplate()
        let short = try gallery.enroll(
            GalleryFixtures.request(template: template, expires: clock.now.addingTimeInterval(3600)), minorsEnabled: false)
        let index = try GalleryIndex(gallery: gallery, now: { clock.now })
        #expect(try index.search(template).best?.subject == short.pseudonym)
        clock.advance(by: 7200)
        try index.reload()
        #expect(try index.search(template).best == nil, "expired, even before the purge")
        #expect(try index.purgeExpired(actor: "daily").map(\.pseudonym) == [short.pseudonym])
    }

    @Test func searchesBesideEnrollAndWithdrawNeverReturnAWithdrawnResident() throws {
        let (gallery, _, _) = try GalleryFixtures.make()
        let index = try GalleryIndex(gallery: gallery, int8FromTemplates: 50)
        for unit in 0..<60 { _ = try index.enroll(GalleryFixtures.request(unit: "\(unit)"), minorsEnabled: false) }
        let withdrawn = Withdrawn()
        // Until enough of both happened side by side (a loaded CI runs fewer per second), at most 60 s.
        let start = ContinuousClock.now, deadline = start + .seconds(60)
        let done = Locked(false)
        // Real threads: the searches must run while the changes do.
        let group = DispatchGroup()
        let searches = Counter()
        for _ in 0..<3 {
            DispatchQueue.global().async(group: group) {
                while !done.withLock({ $0 }) {
                    guard let (subject, template) = withdrawn.all.randomElement(),
                        let result = try? index.search(template)
                    else { continue }
                    #expect(result.best?.subject != subject && result.second?.subject != subject)
                    searches.increment()
                }
            }
        }
        var rounds = 0
        while ContinuousClock.now < deadline, ContinuousClock.now < start + .seconds(3) || rounds < 10 || searches.value < 100 {
            let template = GalleryFixtures.randomTemplate()
            let receipt = try index.enroll(GalleryFixtures.request(unit: "r\(rounds)", template: template), minorsEnabled: false)
            #expect(try index.search(template).best?.subject == receipt.pseudonym)
            _ = try index.withdraw(receipt.pseudonym, actor: "test")
            withdrawn.add(receipt.pseudonym, template)
            rounds += 1
        }
        done.withLock { $0 = true }
        group.wait()
        print("gallery index: \(rounds) enroll + withdraw rounds beside \(searches.value) searches")
        #expect(rounds >= 10 && searches.value >= 100, "enough enrollments and withdrawals happened beside enough searches")
    }
}

/// A thread-safe count.
final class Counter: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var count = 0

    var value: Int { lock.withLock { count } }

    func increment() { lock.withLock { count += 1 } }
}

/// Residents withdrawn so far, shared with the searching tasks.
final class Withdrawn: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var entries: [(String, [Float])] = []

    var all: [(String, [Float])] { lock.withLock { entries } }

    func add(_ subject: String, _ template: [Float]) { lock.withLock { entries.append((subject, template)) } }
}
