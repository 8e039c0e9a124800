/// One immutable, searchable state of the gallery: every template in secure
/// memory with the subject it belongs to. Enroll, withdraw and purge build a
/// new snapshot; a search holds the snapshot it started with, so it never
/// waits and never sees half an update.
public final class MatcherSnapshot: Sendable {
    /// How a search scans the templates.
    public enum Mode: String, Sendable, Equatable {
        /// Every Float32 row.
        case exact
        /// int8 codes first, then the Float32 rows of the candidates the int8
        /// error bound cannot rule out: always the same answer as `exact`.
        case int8Rescored = "int8"
    }

    /// The pseudonym of each subject index.
    public let subjects: [String]
    let templates: SecureTemplates
    let subjectOfRow: [Int32]

    /// Builds a snapshot from `(subject, unit-length 128-float template)` pairs.
    public init(_ entries: [(subject: String, values: [Float])]) throws(MatcherError) {
        var index: [String: Int32] = [:]
        var subjects: [String] = []
        var rows: [Int32] = []
        rows.reserveCapacity(entries.count)
        for (subject, values) in entries {
            try VectorCheck.validate(values, what: "a template of \(subject)")
            if index[subject] == nil {
                index[subject] = Int32(subjects.count)
                subjects.append(subject)
            }
            rows.append(index[subject]!)
        }
        self.subjects = subjects
        subjectOfRow = rows
        templates = try SecureTemplates(entries.map(\.values))
    }

    /// The empty gallery.
    public static let empty = try! MatcherSnapshot([])

    public var templateCount: Int { templates.count }

    /// The best and second-best distinct subjects for `query` (unit length,
    /// 128 values). An empty gallery answers `.empty`.
    public func search(_ query: [Float], mode: Mode) throws(MatcherError) -> MatchResult {
        try VectorCheck.validate(query, what: "the query")
        guard templates.count > 0 else { return .empty }
        return query.withUnsafeBufferPointer { buffer in
            let query = buffer.baseAddress!
            switch mode {
            case .exact: return exact(query).result(subjects)
            case .int8Rescored: return int8(query).result(subjects)
            }
        }
    }

    /// Rows per kernel call; the threshold is refreshed between calls.
    static let chunk = 256

    /// Every row: the kernel reports the rows of a chunk scoring at least the
    /// current second-best, and only those reach `TopTwo`.
    func exact(_ query: UnsafePointer<Float>) -> TopTwo {
        var top = TopTwo()
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: Self.chunk) { hits in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: Self.chunk) { scores in
                for start in stride(from: 0, to: templates.count, by: Self.chunk) {
                    let count = min(Self.chunk, templates.count - start)
                    let found = Kernels.scan(
                        templates.rows + start * 128, count: count, query: query, threshold: top.floor,
                        hits: hits.baseAddress!, scores: scores.baseAddress!)
                    for index in 0..<found {
                        top.consider(scores[index], subject: subjectOfRow[start + Int(hits[index])])
                    }
                }
            }
        }
        return top
    }

    /// int8 codes first. With e_x the largest row residual and e_q the
    /// query's, every approximate score a lies within B = e_x + (1 + e_x)·e_q
    /// of the exact one. Two distinct subjects score at least a₂ (the
    /// second-best distinct approximate score) approximately, so exactly at
    /// least a₂ − B; every row of the true best two therefore has a ≥ a₂ − 2B.
    /// Rows above that line (tracked while a₂ rises) are rescored exactly.
    func int8(_ query: UnsafePointer<Float>) -> TopTwo {
        let quantised = Quantized(Array(UnsafeBufferPointer(start: query, count: 128)))
        let bound = templates.maxResidual + (1 + templates.maxResidual) * quantised.residual + 1e-4
        var approximate = TopTwo()
        var candidates: [(row: Int32, score: Float)] = []
        candidates.reserveCapacity(256)
        quantised.codes.withUnsafeBufferPointer { queryCodes in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: Self.chunk) { hits in
                withUnsafeTemporaryAllocation(of: Float.self, capacity: Self.chunk) { scores in
                    for start in stride(from: 0, to: templates.count, by: Self.chunk) {
                        let found = Kernels.scanInt8(
                            templates.codes + start * 128, scales: templates.scales + start,
                            count: min(Self.chunk, templates.paddedCount - start), query: queryCodes.baseAddress!,
                            queryScale: quantised.scale, threshold: approximate.floor - 2 * bound, rows: hits.baseAddress!,
                            scores: scores.baseAddress!)
                        for index in 0..<found {
                            let row = start + Int(hits[index])
                            // Padding rows score 0 and belong to nobody; a stale line may admit extras, never drop one.
                            guard row < templates.count, scores[index] >= approximate.floor - 2 * bound else { continue }
                            approximate.consider(scores[index], subject: subjectOfRow[row])
                            candidates.append((Int32(row), scores[index]))
                        }
                    }
                }
            }
        }
        let line = approximate.floor - 2 * bound
        var exact = TopTwo()
        for (row, score) in candidates where score >= line {
            exact.consider(Kernels.dot(templates.row(Int(row)), query), subject: subjectOfRow[Int(row)])
        }
        return exact
    }
}

extension MatcherSnapshot {
    /// Every template with its subject, to build the next snapshot from
    /// (adding an enrollment, removing a withdrawal) without the gallery.
    public func entries() -> [(subject: String, values: [Float])] {
        (0..<templates.count).map { row in
            (subjects[Int(subjectOfRow[row])], Array(UnsafeBufferPointer(start: templates.row(row), count: 128)))
        }
    }
}

extension MatcherSnapshot {
    /// The cosine of `query` with every template, in entry order: the raw
    /// material of a calibration (score distributions, false-accept rates
    /// over millions of pairs), scanned by the same kernels as a search.
    public func scores(_ query: [Float]) throws(MatcherError) -> [Float] {
        try VectorCheck.validate(query, what: "the query")
        var all = [Float](repeating: 0, count: templates.count)
        query.withUnsafeBufferPointer { buffer in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: Self.chunk) { hits in
                withUnsafeTemporaryAllocation(of: Float.self, capacity: Self.chunk) { scores in
                    for start in stride(from: 0, to: templates.count, by: Self.chunk) {
                        let found = Kernels.scan(
                            templates.rows + start * 128, count: min(Self.chunk, templates.count - start), query: buffer.baseAddress!,
                            threshold: -.infinity, hits: hits.baseAddress!, scores: scores.baseAddress!)
                        for index in 0..<found { all[start + Int(hits[index])] = scores[index] }
                    }
                }
            }
        }
        return all
    }
}

extension MatcherSnapshot {
    /// Which Float32 kernels this CPU runs, e.g. "x86-64-v3 (AVX2+FMA)".
    public static var kernelLevel: String { Kernels.level }
}

extension MatcherSnapshot {
    /// Reads every int8 code once and does nothing else: the memory-bandwidth
    /// floor an int8 search cannot beat (`facegate bench match`).
    package func readInt8Codes() -> UInt64 {
        Kernels.readAll(UnsafeRawPointer(templates.codes), count: templates.paddedCount * 128)
    }

    /// Reads every Float32 row once: the floor an exact scan cannot beat.
    package func readFloatRows() -> UInt64 {
        Kernels.readAll(UnsafeRawPointer(templates.rows), count: templates.paddedCount * 512)
    }
}
