/*
 * name_scan.h - the end of an identifier, shared by both tokenizers.
 *
 * Identifiers vary in length, so a byte-by-byte loop mispredicts its exit
 * once a name. With SSE2 (every x86-64) 16 bytes are classified at once and
 * the exit is a bit search; elsewhere, and for the last bytes of the input,
 * byte by byte.
 */
#ifndef OB_NAME_SCAN_H
#define OB_NAME_SCAN_H

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/*
 * The end of the run of identifier bytes at p (end if it runs to the end):
 * ASCII letters and digits, '_', bytes from 0x80 (UTF-8) and, if dollar,
 * '$'. The caller's class table says the same of each byte (table[c] &
 * mask); it classifies the last bytes of the input, or all without SSE2,
 * four bytes a step.
 */
static inline const char *ob_skip_name_bytes(const char *p, const char *end, int dollar,
                                             const unsigned char *table, unsigned char mask) {
#if defined(__SSE2__)
    const __m128i case_bit = _mm_set1_epi8(0x20), before_a = _mm_set1_epi8('a' - 1),
                  after_z = _mm_set1_epi8('z' + 1), before_0 = _mm_set1_epi8('0' - 1),
                  after_9 = _mm_set1_epi8('9' + 1), underscore = _mm_set1_epi8('_'),
                  dollar_sign = _mm_set1_epi8(dollar ? '$' : '_');
    for (; end - p >= 16; p += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
        __m128i lower = _mm_or_si128(v, case_bit);   /* A-Z to a-z; no other byte lands there */
        __m128i name = _mm_and_si128(_mm_cmpgt_epi8(lower, before_a),
                                     _mm_cmplt_epi8(lower, after_z));
        name = _mm_or_si128(name, _mm_and_si128(_mm_cmpgt_epi8(v, before_0),
                                                _mm_cmplt_epi8(v, after_9)));
        name = _mm_or_si128(name, _mm_cmpeq_epi8(v, underscore));
        name = _mm_or_si128(name, _mm_cmpeq_epi8(v, dollar_sign));
        name = _mm_or_si128(name, _mm_cmplt_epi8(v, _mm_setzero_si128()));   /* >= 0x80 */
        unsigned stop = ~(unsigned)_mm_movemask_epi8(name) & 0xFFFFu;
        if (stop) return p + __builtin_ctz(stop);
    }
#endif
    for (; end - p >= 4; p += 4) {
        if (!(table[(unsigned char)p[0]] & mask)) return p;
        if (!(table[(unsigned char)p[1]] & mask)) return p + 1;
        if (!(table[(unsigned char)p[2]] & mask)) return p + 2;
        if (!(table[(unsigned char)p[3]] & mask)) return p + 3;
    }
    while (p < end && (table[(unsigned char)*p] & mask)) p++;
    return p;
}

#endif
