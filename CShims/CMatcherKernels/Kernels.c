#include "CMatcherKernels.h"

#include <string.h>
#include <sys/mman.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

int fg_matcher_cpu_level(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    // The Swift Float32 kernels are built for Haswell's instruction set;
    // every x86-64-v3 CPU (AVX2, FMA, BMI1/2, F16C, LZCNT, MOVBE) runs the
    // vector code they contain.
    if (__builtin_cpu_supports("x86-64-v3")) {
        return 1;
    }
#endif
    return 0;
}

void *fg_secure_alloc(size_t bytes) {
    if (bytes == 0) {
        bytes = 1;
    }
    void *memory = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) {
        return NULL;
    }
#ifdef MADV_DONTDUMP
    madvise(memory, bytes, MADV_DONTDUMP);
#endif
    return memory;
}

void fg_secure_free(void *memory, size_t bytes) {
    if (memory == NULL) {
        return;
    }
    if (bytes == 0) {
        bytes = 1;
    }
    explicit_bzero(memory, bytes);
    munmap(memory, bytes);
}

size_t fg_scan_i8_128_portable(const int8_t *codes, const float *scales, size_t count, const int8_t *query,
                               float query_scale, float threshold, uint32_t *hit_rows, float *hit_scores) {
    size_t hits = 0;
    for (size_t row = 0; row < count; ++row) {
        const int8_t *code = codes + row * FG_MATCHER_DIMENSION;
        int32_t sum = 0;
        for (size_t k = 0; k < FG_MATCHER_DIMENSION; ++k) {
            sum += (int32_t)code[k] * (int32_t)query[k];
        }
        const float score = (float)sum * scales[row] * query_scale;
        if (score >= threshold) {
            hit_rows[hits] = (uint32_t)row;
            hit_scores[hits++] = score;
        }
    }
    return hits;
}

#if defined(__x86_64__)
#define AVX2 __attribute__((target("avx2,fma")))

// vpmaddubsw multiplies unsigned by signed bytes and adds pairs into int16.
// With |code| as the unsigned side and the query carrying the code's sign,
// each pair is at most 2·127·127 = 32 258, so nothing saturates; vpmaddwd
// with ones then widens to int32 exactly.
AVX2 static inline __m256i dot_chunk(const int8_t *code, __m256i query, __m256i ones) {
    const __m256i values = _mm256_loadu_si256((const __m256i *)code);
    const __m256i magnitude = _mm256_sign_epi8(values, values);
    const __m256i signedQuery = _mm256_sign_epi8(query, values);
    return _mm256_madd_epi16(_mm256_maddubs_epi16(magnitude, signedQuery), ones);
}

AVX2 static inline __m256i dot_row(const int8_t *code, const __m256i q[4], __m256i ones) {
    const __m256i low = _mm256_add_epi32(dot_chunk(code, q[0], ones), dot_chunk(code + 32, q[1], ones));
    const __m256i high = _mm256_add_epi32(dot_chunk(code + 64, q[2], ones), dot_chunk(code + 96, q[3], ones));
    return _mm256_add_epi32(low, high);
}

// Four rows at a time; their eight-lane sums fold into one vector of four
// with three horizontal adds, then scale as the portable kernel does; one
// compare tells whether any of the four reaches the threshold.
AVX2 static size_t scan_i8_128_avx2(const int8_t *codes, const float *scales, size_t count, const int8_t *query,
                                    float query_scale, float threshold, uint32_t *hit_rows, float *hit_scores) {
    size_t hits = 0;
    const __m128 line = _mm_set1_ps(threshold);
    const __m256i ones = _mm256_set1_epi16(1);
    __m256i q[4];
    for (int chunk = 0; chunk < 4; ++chunk) {
        q[chunk] = _mm256_loadu_si256((const __m256i *)(query + 32 * chunk));
    }
    const __m128 queryScale = _mm_set1_ps(query_scale);
    for (size_t row = 0; row < count; row += 4) {
        const int8_t *code = codes + row * FG_MATCHER_DIMENSION;
        // Asking for the rows 1 KiB ahead keeps more memory reads in flight
        // than the hardware prefetcher does alone: about 15 % faster once the
        // codes no longer fit the cache (measured at 1 000 000 templates).
        for (int line = 0; line < 8; ++line) {
            _mm_prefetch((const char *)(code + 1024 + 64 * line), _MM_HINT_T0);
        }
        const __m256i s0 = dot_row(code, q, ones), s1 = dot_row(code + 128, q, ones);
        const __m256i s2 = dot_row(code + 256, q, ones), s3 = dot_row(code + 384, q, ones);
        const __m256i folded = _mm256_hadd_epi32(_mm256_hadd_epi32(s0, s1), _mm256_hadd_epi32(s2, s3));
        const __m128i sums = _mm_add_epi32(_mm256_castsi256_si128(folded), _mm256_extracti128_si256(folded, 1));
        const __m128 scaled = _mm_mul_ps(_mm_mul_ps(_mm_cvtepi32_ps(sums), _mm_loadu_ps(scales + row)), queryScale);
        int above = _mm_movemask_ps(_mm_cmpge_ps(scaled, line));
        if (above != 0) {
            float values[4];
            _mm_storeu_ps(values, scaled);
            for (int lane = 0; lane < 4; ++lane) {
                if (above & (1 << lane)) {
                    hit_rows[hits] = (uint32_t)(row + lane);
                    hit_scores[hits++] = values[lane];
                }
            }
        }
    }
    return hits;
}

AVX2 static uint64_t read_bytes_avx2(const uint8_t *bytes, size_t count) {
    const __m256i zero = _mm256_setzero_si256();
    __m256i a = zero, b = zero, c = zero, d = zero;
    for (size_t i = 0; i < count; i += 128) {
        a = _mm256_add_epi64(a, _mm256_sad_epu8(_mm256_loadu_si256((const __m256i *)(bytes + i)), zero));
        b = _mm256_add_epi64(b, _mm256_sad_epu8(_mm256_loadu_si256((const __m256i *)(bytes + i + 32)), zero));
        c = _mm256_add_epi64(c, _mm256_sad_epu8(_mm256_loadu_si256((const __m256i *)(bytes + i + 64)), zero));
        d = _mm256_add_epi64(d, _mm256_sad_epu8(_mm256_loadu_si256((const __m256i *)(bytes + i + 96)), zero));
    }
    const __m256i sum = _mm256_add_epi64(_mm256_add_epi64(a, b), _mm256_add_epi64(c, d));
    uint64_t lanes[4];
    _mm256_storeu_si256((__m256i *)lanes, sum);
    return lanes[0] + lanes[1] + lanes[2] + lanes[3];
}
#endif

static uint64_t read_bytes_portable(const uint8_t *bytes, size_t count) {
    uint64_t sum = 0;
    for (size_t i = 0; i < count; ++i) {
        sum += bytes[i];
    }
    return sum;
}

typedef size_t (*scan_kernel)(const int8_t *, const float *, size_t, const int8_t *, float, float, uint32_t *, float *);

static scan_kernel chosen_kernel(void) {
#if defined(__x86_64__)
    if (fg_matcher_cpu_level() >= 1) {
        return scan_i8_128_avx2;
    }
#endif
    return fg_scan_i8_128_portable;
}

size_t fg_scan_i8_128(const int8_t *codes, const float *scales, size_t count, const int8_t *query, float query_scale,
                      float threshold, uint32_t *hit_rows, float *hit_scores) {
    static scan_kernel kernel = NULL;
    scan_kernel current = __atomic_load_n(&kernel, __ATOMIC_ACQUIRE);
    if (current == NULL) {
        current = chosen_kernel();
        __atomic_store_n(&kernel, current, __ATOMIC_RELEASE);
    }
    return current(codes, scales, count, query, query_scale, threshold, hit_rows, hit_scores);
}

uint64_t fg_read_bytes(const uint8_t *bytes, size_t count) {
#if defined(__x86_64__)
    if (fg_matcher_cpu_level() >= 1) {
        return read_bytes_avx2(bytes, count);
    }
#endif
    return read_bytes_portable(bytes, count);
}
