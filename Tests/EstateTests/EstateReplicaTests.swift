import Audit
import Estate
import Foundation
import Gallery
import Keys
import TestSupport
import Testing

/// A gate's copy of the estate's gallery, kept by `EstateReplica` against a
/// real PostgreSQL server (TLS, password): what the office publishes
/// reaches the copy, a withdrawal follows it (R6), and a copy never mixes
/// with another gallery or opens under the wrong key (R9).
@Suite(.testExecutor) struct EstateReplicaTests {
    static func endpoint(_ server: EstateServer, ca: String? = nil) -> EstateEndpoint {
        EstateEndpoint(
            host: "127.0.0.1", port: server.port, database: "estate", user: "facegate", passwordFile: server.passwordFile,
            caFile: ca ?? server.caFile, serverName: "localhost")
    }

    /// An office gallery of `residents` published to a fresh estate database.
    static func publishedEstate(_ server: EstateServer, residents: Int) async throws -> (Gallery, MasterKey, [GalleryReceipt]) {
        let (office, key, _) = try GalleryFixtures.make()
        let receipts = try office.enroll((0..<residents).map { GalleryFixtures.request(unit: "1-\(101 + $0)") }, minorsEnabled: false)
        try await EstateDatabase.using(endpoint(server), logger: EstateOffice.quiet, migrate: true) { database in
            try await database.publish(header: office.header())
            _ = try await database.publish(try office.records(receipts.map(\.pseudonym)), actor: "office")
        }
        return (office, key, receipts)
    }

    @Test func aCopyFollowsWhatTheOfficePublishesAndWithdraws_R6() async throws {
        let server = try EstateServer()
        let (_, key, receipts) = try await Self.publishedEstate(server, residents: 3)
        let folder = try Fixtures.temporaryDirectory("replica") + "/state"
        try await EstateDatabase.using(Self.endpoint(server), logger: EstateOffice.quiet) { database in
            let copy = try await EstateReplica.open(in: folder, database: database, master: key, gate: "gate-2")
            let replica = EstateReplica(gallery: copy, database: database, chain: "gate-2")
            let first = try await replica.sync()
            #expect(first.full, "a new copy starts from a snapshot")
            #expect(try copy.pseudonyms() == Set(receipts.map(\.pseudonym)))

            let withdrawn = try await database.remove([receipts[0].pseudonym], kind: .withdraw, actor: "office")
            #expect(withdrawn == [receipts[0].pseudonym])
            let second = try await replica.sync()
            #expect(!second.full && second.removed == 1 && second.cursor > first.cursor)
            #expect(try copy.pseudonyms() == Set(receipts.dropFirst().map(\.pseudonym)), "the withdrawn resident is gone from the gate")
            let third = try await replica.sync()
            #expect(third.added == 0 && third.removed == 0 && !third.full && third.cursor == second.cursor, "nothing new: nothing changes")
        }
    }

    @Test func aCopyOfAnotherGalleryOrUnderAnotherKeyIsRefused_R9() async throws {
        let server = try EstateServer()
        let (_, key, _) = try await Self.publishedEstate(server, residents: 1)
        let (_, otherKey, elsewhere) = try GalleryFixtures.make()
        try await EstateDatabase.using(Self.endpoint(server), logger: EstateOffice.quiet) { database in
            let other = await #expect(throws: EstateError.self) {
                _ = try await EstateReplica.open(in: elsewhere, database: database, master: otherKey, gate: "gate-3")
            }
            #expect(other?.message.contains("move it aside") == true, "\(String(describing: other))")
            let folder = try Fixtures.temporaryDirectory("replica") + "/state"
            _ = try await EstateReplica.open(in: folder, database: database, master: key, gate: "gate-3")
            await #expect(throws: (any Error).self, "the copy does not open under another key") {
                _ = try await EstateReplica.open(in: folder, database: database, master: otherKey, gate: "gate-3")
            }
        }
    }

    @Test func aServerSignedByAnotherCAIsRefusedWithOneLine() async throws {
        let server = try EstateServer()
        let refused = await #expect(throws: EstateError.self) {
            try await EstateDatabase.using(Self.endpoint(server, ca: server.otherCAFile), logger: EstateOffice.quiet, migrate: true) { _ in }
        }
        #expect(
            refused.map { !$0.message.contains("\n") && $0.message.contains("127.0.0.1:\(server.port)") } == true, "\(String(describing: refused))")
    }
}
