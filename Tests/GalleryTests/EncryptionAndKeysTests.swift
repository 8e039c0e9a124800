import Audit
import Crypto
import Foundation
import GRDB
import Gallery
import Keys
import TestSupport
import Testing

/// Everything personal is encrypted at rest (R10), keys rotate without
/// re-enrollment (R11), files are for their owner only (R12), and a wrong or
/// unsafe key touches nothing.
@Suite(.testExecutor) struct EncryptionAndKeysTests {
    @Test func R10_noNameUnitContactOrTemplateInClearInAnyFile() throws {
        let (gallery, _, directory) = try GalleryFixtures.make()
        let template = GalleryFixtures.randomTemplate()
        var request = GalleryFixtures.request(name: "张三 Zhang San", unit: "3-402", template: template)
        request.identity.contact = "13912345678"
        _ = try gallery.enroll(request, minorsEnabled: false)
        let clear = GalleryFixtures.clearBytes(template)
        let needles: [(String, [UInt8])] = [
            ("name (UTF-8)", Array("张三 Zhang San".utf8)), ("Chinese name", Array("张三".utf8)), ("Latin name", Array("Zhang San".utf8)),
            ("unit", Array("3-402".utf8)), ("contact", Array("13912345678".utf8)),
            ("template", clear), ("template head", Array(clear.prefix(16))), ("template middle", Array(clear[256..<272])),
        ]
        let files = try GalleryFixtures.allBytes(in: directory)
        #expect(files.keys.contains("gallery.sqlite") && files.keys.contains("keys.sqlite"))
        for (file, bytes) in files {
            for (label, needle) in needles {
                #expect(!GalleryFixtures.contains(bytes, needle), "\(file) holds the \(label) in clear")
            }
        }
        #expect(try gallery.templates().first?.values == template, "and it still decrypts to the exact template")
    }

    @Test func R11_rekeyRewrapsEveryKeyWithoutReenrollmentAndRetiresTheOldKey() throws {
        let (gallery, oldKey, directory) = try GalleryFixtures.make()
        for index in 0..<5 { _ = try gallery.enroll(GalleryFixtures.request(unit: "\(index)"), minorsEnabled: false) }
        let before = try gallery.templates().sorted { $0.pseudonym < $1.pseudonym }.map(\.values)
        let newKey = MasterKey.generate()
        let rekeyed = try gallery.rekey(to: newKey, actor: "op")
        #expect(try rekeyed.templates().sorted { $0.pseudonym < $1.pseudonym }.map(\.values) == before)
        let old = #expect(throws: GalleryError.self) { try Gallery.open(in: directory, master: oldKey, gate: "g") }
        #expect(old?.code == .wrongKey)
        let reopened = try Gallery.open(in: directory, master: newKey, gate: "g")
        #expect(try reopened.subjectCount() == 5)
        #expect(
            try reopened.verifyAudit()
                == .intact(entries: 6, first: try reopened.auditEntries().first?.time, last: try reopened.auditEntries().last?.time))
        #expect(try reopened.auditEntries().last?.event.kind == .rekey)
    }

    @Test func R11_aStolenGalleryWithoutTheKeyYieldsNothing() throws {
        let directory = try {
            let (gallery, _, directory) = try GalleryFixtures.make()
            _ = try gallery.enroll(GalleryFixtures.request(name: "Stolen Resident"), minorsEnabled: false)
            return directory
        }()
        let thief = MasterKey.generate()
        let before = try GalleryFixtures.allBytes(in: directory)
        #expect(Set(before.keys) == ["gallery.sqlite", "keys.sqlite"], "a closed gallery is two files")
        let error = #expect(throws: GalleryError.self) { try Gallery.open(in: directory, master: thief, gate: "g") }
        #expect(error?.code == .wrongKey)
        #expect(error?.message.contains("does not match this gallery") == true)
        #expect(error?.message.contains("nothing was changed") == true)
        let after = try GalleryFixtures.allBytes(in: directory)
        for (name, bytes) in before { #expect(after[name] == bytes, "a wrong key changed \(name)") }
        // SQLite's read-only look may leave its companion files; the WAL holds nothing.
        #expect(Set(after.keys).subtracting(before.keys).isSubset(of: ["keys.sqlite-wal", "keys.sqlite-shm"]))
        #expect(after["keys.sqlite-wal"]?.isEmpty ?? true)
    }

    @Test func R12_galleryAndKeyFilesAreForTheirOwnerOnly() throws {
        let (_, key, directory) = try GalleryFixtures.make()
        let mode = { (path: String) in ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? NSNumber)?.intValue }
        #expect(mode(directory) == 0o700)
        #expect(mode("\(directory)/gallery.sqlite") == 0o600)
        #expect(mode("\(directory)/keys.sqlite") == 0o600)
        let keyFile = try Fixtures.temporaryDirectory("key") + "/master.key"
        try key.write(to: keyFile)
        #expect(mode(keyFile) == 0o600)
        #expect(try MasterKey.load(keyFile: keyFile, credentialsDirectory: "").fingerprint == key.fingerprint)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: keyFile)
        let readable = #expect(throws: KeyError.self) { try MasterKey.load(keyFile: keyFile, credentialsDirectory: "") }
        #expect(readable?.code == .unsafePermissions)
        #expect(readable?.message.contains("chmod 600 \(keyFile)") == true)
        try FileManager.default.setAttributes([.posixPermissions: 0o600, .ownerAccountID: 4321], ofItemAtPath: keyFile)
        let foreign = #expect(throws: KeyError.self) { try MasterKey.load(keyFile: keyFile, credentialsDirectory: "") }
        #expect(foreign?.message.contains("owned by uid 4321") == true)
    }

    @Test func keyFilesAreCheckedAndNeverOverwritten() throws {
        let folder = try Fixtures.temporaryDirectory("keys")
        let missing = #expect(throws: KeyError.self) { try MasterKey.load(keyFile: "\(folder)/none.key", credentialsDirectory: "") }
        #expect(missing?.code == .missing)
        #expect(missing?.message.contains("facegate keygen") == true)
        try Data("not a key".utf8).write(to: URL(fileURLWithPath: "\(folder)/bad.key"))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: "\(folder)/bad.key")
        let malformed = #expect(throws: KeyError.self) { try MasterKey.load(keyFile: "\(folder)/bad.key", credentialsDirectory: "") }
        #expect(malformed?.code == .malformed)
        let key = MasterKey.generate()
        try key.write(to: "\(folder)/good.key")
        let again = #expect(throws: KeyError.self) { try MasterKey.generate().write(to: "\(folder)/good.key") }
        #expect(again?.code == .exists)
        #expect(try MasterKey.load(keyFile: "\(folder)/good.key", credentialsDirectory: "").fingerprint == key.fingerprint)
        for message in [missing?.message, malformed?.message, again?.message].compactMap({ $0 }) {
            let base64 = key.key.withUnsafeBytes { Data($0).base64EncodedString() }
            #expect(!message.contains(base64))
        }
    }

    @Test func systemdCredentialIsPreferredOverTheKeyFile() throws {
        let credentials = try Fixtures.temporaryDirectory("credentials")
        let key = MasterKey.generate()
        try key.write(to: "\(credentials)/facegate-master-key")
        let loaded = try MasterKey.load(keyFile: "/nonexistent/master.key", credentialsDirectory: credentials)
        #expect(loaded.fingerprint == key.fingerprint)
        #expect(loaded.origin.contains("systemd credential"))
    }
}
