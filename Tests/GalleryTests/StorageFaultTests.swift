import Audit
import Crypto
import Foundation
import GRDB
import Gallery
import Keys
import TestSupport
import Testing

/// Damaged, foreign or future files are refused with a clear message and
/// left as they were.
@Suite(.testExecutor) struct StorageFaultTests {
    /// A closed gallery with a few subjects (closed, so everything is in the main files).
    static func closedGallery() throws -> (MasterKey, String) {
        let (gallery, key, directory) = try GalleryFixtures.make()
        for index in 0..<20 { _ = try gallery.enroll(GalleryFixtures.request(unit: "\(index)"), minorsEnabled: false) }
        return (key, directory)
    }

    @Test(arguments: [("header", 0), ("a data page", 8192)])
    func aCorruptGalleryFileIsNamedAndLeftAlone(_ place: String, _ offset: Int) throws {
        let (key, directory) = try Self.closedGallery()
        let path = "\(directory)/gallery.sqlite"
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        for index in offset..<offset + 4096 { bytes[index] = UInt8(truncatingIfNeeded: index &* 7) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: GalleryError.self, "\(place)") { try Gallery.open(in: directory, master: key, gate: "g") }
        #expect(error?.code == .damaged, "\(place): \(error?.message ?? "")")
        #expect(error?.message.contains("gallery.sqlite") == true)
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) == bytes, "left as it was")
    }

    @Test func aGalleryFromANewerFacegateIsRefused() throws {
        let (_, key, directory) = try GalleryFixtures.make()
        try DatabaseQueue(path: "\(directory)/gallery.sqlite").write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('gallery-v9')")
        }
        let error = #expect(throws: GalleryError.self) { try Gallery.open(in: directory, master: key, gate: "g") }
        #expect(error?.code == .newerSchema)
        #expect(error?.message.contains("newer facegate") == true)
    }

    @Test func aMissingOrForeignKeystoreIsRefused() throws {
        let (_, key, directory) = try GalleryFixtures.make()
        let (_, _, otherDirectory) = try GalleryFixtures.make()
        try FileManager.default.moveItem(atPath: "\(directory)/keys.sqlite", toPath: "\(directory)/keys.sqlite.away")
        let missing = #expect(throws: GalleryError.self) { try Gallery.open(in: directory, master: key, gate: "g") }
        #expect(missing?.message.contains("keys.sqlite is missing") == true)
        try FileManager.default.copyItem(atPath: "\(otherDirectory)/keys.sqlite", toPath: "\(directory)/keys.sqlite")
        let foreign = #expect(throws: GalleryError.self) { try Gallery.open(in: directory, master: key, gate: "g") }
        #expect(foreign?.code == .wrongKey)
    }

    @Test func noGalleryIsNotCreatedByAccident() throws {
        let directory = try Fixtures.temporaryDirectory("empty")
        let error = #expect(throws: GalleryError.self) { try Gallery.open(in: directory, master: .generate(), gate: "g") }
        #expect(error?.code == .missing)
        #expect(error?.message.contains("facegate keygen") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }
}
