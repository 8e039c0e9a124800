// CMatcherKernels: the matcher's memory and its int8 kernels.
//
// Decrypted templates live in memory from fg_secure_alloc: page-aligned,
// excluded from core dumps (MADV_DONTDUMP) and zeroed before release.
// The int8 dot-product kernel is chosen once per process from what the CPU
// supports (AVX2 on x86-64 when present, else portable C that the compiler
// vectorises for SSE2 or NEON). Swift's SIMD types cannot express the
// u8×s8 multiply-add these need (vpmaddubsw), hence C.
#ifndef CMATCHERKERNELS_H
#define CMATCHERKERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The dimension every kernel works on (SFace).
#define FG_MATCHER_DIMENSION 128

/// What the CPU offers: 0 portable baseline, 1 x86-64 AVX2 + FMA.
int fg_matcher_cpu_level(void);

/// Zeroed, page-aligned memory excluded from core dumps; NULL when out of memory.
void *fg_secure_alloc(size_t bytes);
/// Overwrites `bytes` with zeros (in a way the compiler may not skip) and unmaps.
void fg_secure_free(void *memory, size_t bytes);

/// Scans `count` rows (a multiple of 4) of 128 int8 codes in [-127, 127]
/// and reports those whose approximate score reaches `threshold`:
/// score(i) = ((float)Σ_k codes[i·128+k]·query[k] · scales[i]) · query_scale.
/// Writes the row numbers and scores of the hits (room for `count` each) and
/// returns how many. The integer sum is exact and both products round the
/// same way in every kernel, so every CPU reports bit-identical scores.
size_t fg_scan_i8_128(const int8_t *codes, const float *scales, size_t count, const int8_t *query, float query_scale,
                      float threshold, uint32_t *hit_rows, float *hit_scores);

/// The same with the portable kernel, whatever the CPU (for tests).
size_t fg_scan_i8_128_portable(const int8_t *codes, const float *scales, size_t count, const int8_t *query,
                               float query_scale, float threshold, uint32_t *hit_rows, float *hit_scores);

/// Asks the CPU to start fetching the cache line at `address` (never faults).
/// Inline, so the Swift Float32 kernels can issue it inside their loop.
static inline void fg_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

/// Sum of every byte (a multiple of 128): a plain read of memory at full
/// speed, the bandwidth floor `bench match` compares the int8 scan with.
uint64_t fg_read_bytes(const uint8_t *bytes, size_t count);

#ifdef __cplusplus
}
#endif

#endif
