// gallery-stress DIR KEY_A KEY_B: enrolls, withdraws, rekeys, purges expired
// residents and purges old audit entries in an endless loop until killed.
// Its clock runs a day ahead per operation (kept in DIR/../clock-days across
// runs), so templates expire and audit entries age past their retention
// while it runs. The crash tests kill it with SIGKILL at random moments and
// then check that the gallery is whole.
import Foundation
import Gallery
import Keys
import TestSupport

let parent = getppid()
let arguments = CommandLine.arguments
guard arguments.count == 4 else {
    FileHandle.standardError.write(Data("usage: gallery-stress DIR KEY_A KEY_B\n".utf8))
    exit(2)
}
let directory = arguments[1]
let clockFile = URL(fileURLWithPath: directory).deletingLastPathComponent().appendingPathComponent("clock-days").path
let clock = TestClock()
clock.advance(by: Double(Int((try? String(contentsOfFile: clockFile, encoding: .utf8)) ?? "0") ?? 0) * 86_400)
let keys = try [arguments[2], arguments[3]].map { path throws(KeyError) in try MasterKey.load(keyFile: path, credentialsDirectory: "") }
guard var gallery = keys.lazy.compactMap({ try? Gallery.open(in: directory, master: $0, gate: "stress", now: { clock.now }) }).first else {
    fatalError("neither key opens \(directory)")
}
var operations = 0
// Runs until killed, or until the test process that started it is gone.
while getppid() == parent {
    let roll = Int.random(in: 0..<20)
    if roll < 11 {
        let expires = clock.now.addingTimeInterval(Double(Int.random(in: 1...40)) * 86_400)
        _ = try gallery.enroll(
            GalleryFixtures.request(name: "Resident \(operations)", unit: "\(operations % 30)-1", expires: expires), minorsEnabled: false)
    } else if roll < 15, let subject = try gallery.subjects().randomElement() {
        _ = try gallery.withdraw(subject.pseudonym, actor: "stress")
    } else if roll < 17 {
        _ = try gallery.purgeExpired(actor: "stress")
    } else if roll < 18 {
        _ = try gallery.purgeAudit(retentionDays: 1_095, actor: "stress")
    } else {
        let next = keys.first { $0.fingerprint != gallery.masterFingerprint }!
        gallery = try gallery.rekey(to: next, actor: "stress")
    }
    operations += 1
    clock.advance(by: 86_400)
    let days = Int(clock.now.timeIntervalSinceNow / 86_400 + 0.5)
    try? "\(days)".write(toFile: clockFile, atomically: true, encoding: .utf8)
    if operations == 1 {
        print("running")
        fflush(nil)
    }
}
