import Locking
import Testing

/// The one lock every target shares: many threads changing one value lose
/// no update, and an error thrown inside reaches the caller and leaves the
/// lock free for the next one.
@Suite struct LockedTests {
    @Test func concurrentUpdatesAreNeverLost() async {
        let counter = Locked(0)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<10_000 { counter.withLock { $0 += 1 } }
                }
            }
        }
        #expect(counter.withLock { $0 } == 80_000)
    }

    @Test func aThrowingBodyRethrowsAndReleasesTheLock() {
        struct Refused: Error {}
        let value = Locked([1, 2])
        #expect(throws: Refused.self) {
            try value.withLock { (list: inout [Int]) throws(Refused) in
                list.append(3)
                throw Refused()
            }
        }
        #expect(value.withLock { $0 } == [1, 2, 3], "inout changes made before the throw stay, as with any inout")
        #expect(value.withLock { $0.count } == 3)
    }
}
