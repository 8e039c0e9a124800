internal import CMatcherKernels
import MatcherKernels

#if arch(x86_64)
    import MatcherKernelsV3
#endif

/// The kernels this CPU runs: the Float32 kernels compiled for AVX2 + FMA
/// when the CPU has them, else the baseline build; the int8 kernel chooses
/// its own level inside the C shim. Decided once per process.
enum Kernels {
    /// "x86-64-v3 (AVX2+FMA)" or "baseline", for benchmarks and logs.
    static let level: String = {
        fg_matcher_cpu_level() >= 1 ? "x86-64-v3 (AVX2+FMA)" : "baseline"
    }()

    private static let useV3: Bool = {
        #if arch(x86_64)
            fg_matcher_cpu_level() >= 1
        #else
            false
        #endif
    }()

    static func dot(_ row: UnsafePointer<Float>, _ query: UnsafePointer<Float>) -> Float {
        #if arch(x86_64)
            if useV3 { return MatcherKernelsV3.dot128(row, query) }
        #endif
        return MatcherKernels.dot128(row, query)
    }

    /// The rows among `count` whose exact score reaches `threshold`.
    static func scan(
        _ rows: UnsafePointer<Float>, count: Int, query: UnsafePointer<Float>, threshold: Float,
        hits: UnsafeMutablePointer<UInt32>, scores: UnsafeMutablePointer<Float>
    ) -> Int {
        #if arch(x86_64)
            if useV3 { return MatcherKernelsV3.scanRows(rows, count: count, query: query, threshold: threshold, hits: hits, scores: scores) }
        #endif
        return MatcherKernels.scanRows(rows, count: count, query: query, threshold: threshold, hits: hits, scores: scores)
    }

    /// The rows among `count` (a multiple of 4) whose int8 approximate score
    /// reaches `threshold`: their numbers and scores, and how many.
    static func scanInt8(
        _ codes: UnsafePointer<Int8>, scales: UnsafePointer<Float>, count: Int, query: UnsafePointer<Int8>, queryScale: Float,
        threshold: Float, rows: UnsafeMutablePointer<UInt32>, scores: UnsafeMutablePointer<Float>
    ) -> Int {
        fg_scan_i8_128(codes, scales, count, query, queryScale, threshold, rows, scores)
    }

    /// A plain read of `count` bytes (a multiple of 128): the memory-bandwidth floor.
    static func readAll(_ bytes: UnsafeRawPointer, count: Int) -> UInt64 {
        fg_read_bytes(bytes.assumingMemoryBound(to: UInt8.self), count)
    }
}
