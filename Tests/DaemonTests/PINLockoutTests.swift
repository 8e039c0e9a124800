import Kiosk
import Testing

@testable import Daemon

/// The PIN pad's brake on its own (pure, on a made-up monotonic clock).
@Suite struct PINLockoutTests {
    let start = ContinuousClock.now
    let pad = KioskClient(address: "127.0.0.1", isLocal: true)
    let phone = KioskClient(address: "192.168.1.50", isLocal: false)

    func at(_ seconds: Double) -> ContinuousClock.Instant { start + .milliseconds(Int64(seconds * 1000)) }

    /// `count` wrong PINs from `client` at `seconds`: how many were checked, and how many of those locked the pad.
    func wrong(_ count: Int, from client: KioskClient, at seconds: Double, on brake: inout PINLockout) -> (checked: Int, locked: Int) {
        var checked = 0, locked = 0
        for _ in 0..<count where brake.admit(client, at: at(seconds)) {
            checked += 1
            if brake.settle(client, correct: false, at: at(seconds)) { locked += 1 }
        }
        return (checked, locked)
    }

    /// Parallel requests: every attempt is counted when it arrives, before
    /// its slow check, so 30 at once get 5 checks, not 6 or 30.
    @Test func attemptsAreCountedBeforeTheCheckSoParallelRequestsGetNoMore_R1() {
        var brake = PINLockout(attempts: 5, lockout: .seconds(60))
        let admitted = (0..<30).filter { _ in brake.admit(phone, at: at(0)) }.count
        #expect(admitted == 5)
        let locks = (0..<5).filter { _ in brake.settle(phone, correct: false, at: at(0.3)) }.count
        #expect(locks == 1, "the fifth wrong PIN locks")
        let duringLock = brake.admit(phone, at: at(59))
        let afterLock = brake.admit(phone, at: at(60.5))
        #expect(!duringLock)
        #expect(afterLock, "the lock ends after the lockout")
    }

    /// The bypass that was found: a lock set while an older request was
    /// being checked must not look like a clock set back and be cleared.
    @Test func aLockIsNeverClearedByAnOlderInstant_R1() {
        var brake = PINLockout(attempts: 2, lockout: .seconds(60))
        let first = brake.admit(pad, at: at(10)), second = brake.admit(pad, at: at(10.1))
        let firstLocked = brake.settle(pad, correct: false, at: at(10.2)), secondLocked = brake.settle(pad, correct: false, at: at(10.3))
        #expect(first && second && firstLocked && !secondLocked, "both were counted on arrival; the first wrong answer locks")
        let older = brake.admit(pad, at: at(9)), later = brake.admit(pad, at: at(69))
        #expect(!older, "an instant read before the lock does not end it")
        #expect(!later)
        #expect(brake.remaining(pad, at: at(40)) == .milliseconds(30_200))
    }

    @Test func aCorrectPINStartsTheCountAfresh() {
        var brake = PINLockout(attempts: 3, lockout: .seconds(60))
        #expect(wrong(2, from: pad, at: 0, on: &brake) == (2, 0))
        let admitted = brake.admit(pad, at: at(1))
        let locked = brake.settle(pad, correct: true, at: at(1))
        #expect(admitted && !locked)
        #expect(wrong(2, from: pad, at: 2, on: &brake) == (2, 0), "two wrong after a correct one do not lock")
    }

    /// Guessing on: each lock that follows another without a correct PIN
    /// lasts twice as long, up to the maximum.
    @Test func repeatedLocksDoubleUpToTheMaximum_R1() {
        var brake = PINLockout(attempts: 1, lockout: .seconds(60), maximumLockout: .seconds(300))
        var seconds = 0.0
        var lengths: [Duration] = []
        for _ in 0..<5 {
            #expect(wrong(1, from: phone, at: seconds, on: &brake) == (1, 1))
            let length = brake.remaining(phone, at: at(seconds)) ?? .zero
            lengths.append(length)
            seconds += Double(length.components.seconds)
        }
        #expect(lengths == [.seconds(60), .seconds(120), .seconds(240), .seconds(300), .seconds(300)])
    }

    /// One client cannot lock out another: a phone on the network that
    /// spends its attempts leaves the kiosk's own pad working.
    @Test func oneClientCannotLockOutTheResidentAtThePad_R1() {
        var brake = PINLockout(attempts: 5, lockout: .seconds(60))
        #expect(wrong(8, from: phone, at: 0, on: &brake) == (5, 1))
        let padAdmitted = brake.admit(pad, at: at(1))
        #expect(padAdmitted, "the pad at the gate still takes a PIN")
    }

    /// Many addresses do not multiply the rate: all network clients together
    /// get twice one client's attempts, and the kiosk's pad is not among them.
    @Test func manyNetworkAddressesShareOneBudget_R1() {
        var brake = PINLockout(attempts: 5, lockout: .seconds(60))
        var checked = 0
        for host in 0..<100 {
            checked += wrong(1, from: KioskClient(address: "10.0.0.\(host)", isLocal: false), at: 0, on: &brake).checked
        }
        #expect(checked == 10)
        let padAdmitted = brake.admit(pad, at: at(0))
        #expect(padAdmitted, "the kiosk's own pad keeps its own count")
    }

    @Test func anAttemptThatCouldNotBeCheckedIsTakenBack() {
        var brake = PINLockout(attempts: 1, lockout: .seconds(60))
        let first = brake.admit(phone, at: at(0))
        brake.release(phone)
        let again = brake.admit(phone, at: at(0))
        #expect(first && again, "a gallery error does not spend the attempt")
    }

    @Test func loopbackClientsAreThePadAndEverythingElseIsTheNetwork() {
        #expect(KioskClient(address: "127.0.0.1").isLocal)
        #expect(KioskClient(address: "::1").isLocal)
        #expect(KioskClient(address: "::ffff:127.0.0.1").isLocal)
        #expect(!KioskClient(address: "192.168.1.5").isLocal)
        #expect(!KioskClient(address: "127.0.0.2").isLocal, "only the kiosk's own address is the pad")
        #expect(!KioskClient(address: nil).isLocal)
    }
}
