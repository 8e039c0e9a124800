import Foundation
import Gallery
import Keys
import TestSupport
import Testing

/// A creation (keygen, or a gate's first copy of the estate gallery) killed
/// between its two files must not block the next attempt — nor may that
/// recovery ever remove a key file that holds a subject's key.
@Suite(.testExecutor) struct InterruptedCreationTests {
    @Test func aKeyFileLeftByAKilledCreationIsReplacedButNeverOneHoldingKeys_R6() throws {
        let (_, master, directory) = try GalleryFixtures.make()
        let galleryPath = "\(directory)/\(Gallery.galleryFile)"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: galleryPath + suffix) }
        let again = try Gallery.create(in: directory, master: master, gate: "test")
        #expect(try again.subjectCount() == 0, "the empty leftover key file was replaced")

        _ = try again.enroll(GalleryFixtures.request(), minorsEnabled: false)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: galleryPath + suffix) }
        let refused = #expect(throws: GalleryError.self) { try Gallery.create(in: directory, master: master, gate: "test") }
        #expect(refused?.message.contains("already holds a gallery") == true)
        #expect(FileManager.default.fileExists(atPath: "\(directory)/\(Gallery.keystoreFile)"), "a key file with a subject's key is kept")
    }
}
