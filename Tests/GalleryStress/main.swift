// gallery-stress DIR KEY_A KEY_B: enrolls, withdraws and rekeys in an
// endless loop until killed. The crash tests kill it with SIGKILL at random
// moments and then check that the gallery is whole.
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
let keys = try [arguments[2], arguments[3]].map { path throws(KeyError) in try MasterKey.load(keyFile: path, credentialsDirectory: "") }
guard var gallery = keys.lazy.compactMap({ try? Gallery.open(in: directory, master: $0, gate: "stress") }).first else {
    fatalError("neither key opens \(directory)")
}
var operations = 0
// Runs until killed, or until the test process that started it is gone.
while getppid() == parent {
    let roll = Int.random(in: 0..<10)
    if roll < 6 {
        _ = try gallery.enroll(GalleryFixtures.request(name: "Resident \(operations)", unit: "\(operations % 30)-1"), minorsEnabled: false)
    } else if roll < 9, let subject = try gallery.subjects().randomElement() {
        _ = try gallery.withdraw(subject.pseudonym, actor: "stress")
    } else {
        let next = keys.first { $0.fingerprint != gallery.masterFingerprint }!
        gallery = try gallery.rekey(to: next, actor: "stress")
    }
    operations += 1
    if operations == 1 {
        print("running")
        fflush(nil)
    }
}
