import Crypto
import Foundation
import Keys
import TestSupport
import Testing

/// The master key's file rules and the sealing every stored secret goes
/// through (R9), tested on real files without a gallery.
@Suite(.testExecutor) struct KeysTests {
    static func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("facegate-keys-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func aWrittenKeyLoadsBackAndIsNeverOverwritten_R9() async throws {
        try await withBlockingSlot {
            let path = try Self.folder() + "/master.key"
            let key = MasterKey.generate()
            try key.write(to: path)
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
            #expect(mode?.intValue == 0o600)
            let loaded = try MasterKey.load(keyFile: path, credentialsDirectory: "")
            #expect(loaded.fingerprint == key.fingerprint)
            #expect(!loaded.description.contains(key.key.withUnsafeBytes { Data($0).base64EncodedString() }), "the key never prints")
            let again = #expect(throws: KeyError.self) { try MasterKey.generate().write(to: path) }
            #expect(again?.code == .exists)
            #expect(try MasterKey.load(keyFile: path, credentialsDirectory: "").fingerprint == key.fingerprint, "the first key is intact")
        }
    }

    @Test func aKeyOthersCanReadOrAFileWithoutAKeyIsRefused_R9() async throws {
        try await withBlockingSlot {
            let folder = try Self.folder()
            let path = folder + "/master.key"
            try MasterKey.generate().write(to: path)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
            let open = #expect(throws: KeyError.self) { try MasterKey.load(keyFile: path, credentialsDirectory: "") }
            #expect(open?.code == .unsafePermissions && open?.message.contains("chmod 600") == true)

            let short = folder + "/short.key"
            _ = FileManager.default.createFile(atPath: short, contents: Data("c2hvcnQ=\n".utf8), attributes: [.posixPermissions: 0o600])
            #expect((#expect(throws: KeyError.self) { try MasterKey.load(keyFile: short, credentialsDirectory: "") })?.code == .malformed)
            #expect(
                (#expect(throws: KeyError.self) { try MasterKey.load(keyFile: folder + "/none.key", credentialsDirectory: "") })?.code == .missing)
        }
    }

    @Test func aSystemdCredentialWinsOverTheKeyFile_R9() async throws {
        try await withBlockingSlot {
            let folder = try Self.folder()
            let credential = MasterKey.generate()
            try credential.write(to: "\(folder)/\(MasterKey.credentialName)")
            let loaded = try MasterKey.load(keyFile: folder + "/absent.key", credentialsDirectory: folder)
            #expect(loaded.fingerprint == credential.fingerprint && loaded.origin.contains("systemd credential"))
        }
    }

    @Test func sealedDataOpensOnlyWithItsKeyAndContext_R9() {
        let key = SymmetricKey(size: .bits256)
        let plaintext = Data("template bytes".utf8)
        let sealed = SealedBox.seal(plaintext, with: key, context: "template s-1")
        #expect(SealedBox.open(sealed, with: key, context: "template s-1") == plaintext)
        #expect(sealed.range(of: plaintext) == nil, "nothing in clear")
        #expect(SealedBox.open(sealed, with: SymmetricKey(size: .bits256), context: "template s-1") == nil, "another key")
        #expect(SealedBox.open(sealed, with: key, context: "template s-2") == nil, "moved to another record")
        var tampered = sealed
        tampered[tampered.count / 2] ^= 1
        #expect(SealedBox.open(tampered, with: key, context: "template s-1") == nil, "one flipped bit")
        #expect(SealedBox.seal(plaintext, with: key, context: "template s-1") != sealed, "a fresh nonce every time")

        let inner = SymmetricKey(size: .bits256)
        let wrapped = SealedBox.wrap(inner, with: key, context: "gallery key")
        #expect(SealedBox.unwrap(wrapped, with: key, context: "gallery key") == inner)
        #expect(SealedBox.unwrap(wrapped, with: key, context: "audit key") == nil)
    }
}
