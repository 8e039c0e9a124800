// Float32 dot products of 128-d rows with Swift SIMD types.
//
// This one file is compiled twice: as MatcherKernels for the baseline CPU
// (SSE2 on x86-64, NEON on arm64) and, through a symlink, as
// MatcherKernelsV3 with -target-cpu x86-64-v3 (AVX2 + FMA). The matcher
// calls the V3 copy only after the CPU says it has AVX2 and FMA.
//
// Products and sums are written as separate multiplies and adds, never as
// fused multiply-adds, so both copies round identically and every CPU gives
// bit-identical scores — and therefore identical decisions. The raw pointers
// are confined to this file; callers pass buffers the matcher owns.
internal import CMatcherKernels

/// Rows scored together; the score buffer of `scoreRows` holds this many.
public let kernelBlockRows = 16

/// The dot product of one 128-float row with the query.
@inline(never)
public func dot128(_ row: UnsafePointer<Float>, _ query: UnsafePointer<Float>) -> Float {
    dotRow(UnsafeRawPointer(row), UnsafeRawPointer(query))
}

/// Scores `count` consecutive 128-float rows and reports those reaching
/// `threshold`: their row numbers in `hits` and scores in `scores` (room for
/// `count` each); returns how many. The compare happens while the score is
/// still in a register, so rows that change nothing cost one branch.
@inline(never)
public func scanRows(
    _ rows: UnsafePointer<Float>, count: Int, query: UnsafePointer<Float>, threshold: Float,
    hits: UnsafeMutablePointer<UInt32>, scores: UnsafeMutablePointer<Float>
) -> Int {
    let base = UnsafeRawPointer(rows), q = UnsafeRawPointer(query)
    var found = 0
    for row in 0..<count {
        let current = base + row * 512
        for line in 0..<8 { fg_prefetch(current + prefetchDistance + line * 64) }
        let score = dotRow(current, q)
        if score >= threshold {
            hits[found] = UInt32(truncatingIfNeeded: row)
            scores[found] = score
            found += 1
        }
    }
    return found
}

/// How far ahead the scan asks for rows (bytes): keeps more memory reads in
/// flight than the hardware prefetcher alone once the gallery outgrows the
/// cache; 2 KiB measured best of 1, 2 and 4 KiB at 100 000 and 1 000 000 rows.
private let prefetchDistance = 2048

/// Two 16-wide accumulators (even and odd chunks) so the additions of one
/// row overlap, then halved down to one float. The same sequence for every
/// row and every caller, so a row scores the same wherever it is scored.
@inline(__always)
private func dotRow(_ row: UnsafeRawPointer, _ query: UnsafeRawPointer) -> Float {
    var even = load(row, 0) * load(query, 0)
    var odd = load(row, 1) * load(query, 1)
    even = even + load(row, 2) * load(query, 2)
    odd = odd + load(row, 3) * load(query, 3)
    even = even + load(row, 4) * load(query, 4)
    odd = odd + load(row, 5) * load(query, 5)
    even = even + load(row, 6) * load(query, 6)
    odd = odd + load(row, 7) * load(query, 7)
    let sum = even + odd
    let half8 = sum.lowHalf + sum.highHalf
    let half4 = half8.lowHalf + half8.highHalf
    let half2 = half4.lowHalf + half4.highHalf
    return half2[0] + half2[1]
}

@inline(__always)
private func load(_ base: UnsafeRawPointer, _ chunk: Int) -> SIMD16<Float> {
    base.loadUnaligned(fromByteOffset: chunk * 64, as: SIMD16<Float>.self)
}
