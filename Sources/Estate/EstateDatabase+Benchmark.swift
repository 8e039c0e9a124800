import Foundation
import PostgresNIO

extension EstateDatabase {
    /// NOTIFY sent on this connection until `listener` hears it, `samples`
    /// times: the floor that any LISTEN/NOTIFY propagation pays, which
    /// `facegate bench estate` compares the gates' propagation with.
    package func notifyRoundTrips(to listener: EstateDatabase, samples: Int) async throws -> [Duration] {
        let (heard, hear) = AsyncStream.makeStream(of: ContinuousClock.Instant.self)
        return try await withThrowingTaskGroup(of: [Duration].self) { group in
            group.addTask {
                try? await listener.connection.listen(on: "facegate_bench") { notifications in
                    hear.yield(.now)
                    for try await _ in notifications { hear.yield(.now) }
                }
                hear.finish()
                return []
            }
            var iterator = heard.makeAsyncIterator()
            _ = await iterator.next()
            var times: [Duration] = []
            for _ in 0..<samples {
                let start = ContinuousClock.now
                try await connection.query("NOTIFY facegate_bench", logger: logger)
                guard let arrived = await iterator.next() else { break }
                times.append(arrived - start)
            }
            listener.closeNow()
            _ = try await group.next()
            return times
        }
    }

    /// Reads every subject's record as a gate's copy would, without decoding
    /// or applying anything: the reference for the cost of a full copy.
    package func readAllRecords() async throws -> (count: Int, bytes: Int) {
        try await run {
            var count = 0, bytes = 0
            for try await record in try await connection.query("SELECT record FROM estate_subjects", logger: logger).decode(ByteBuffer.self) {
                count += 1
                bytes += record.readableBytes
            }
            return (count, bytes)
        }
    }
}
