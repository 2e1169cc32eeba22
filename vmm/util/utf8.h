/* UTF-8 decoding for the writers and parsers that must tell valid text from
 * arbitrary bytes (JSON, JUnit XML, HTML). */
#ifndef UVMM_UTIL_UTF8_H
#define UVMM_UTIL_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Length (2..4) of the multi-byte UTF-8 sequence at s[0..left) when it
 * encodes one Unicode scalar value in shortest form (*cp set), else 0.
 * Overlong forms, surrogates (U+D800..U+DFFF), values above U+10FFFF and
 * truncated sequences are 0. ASCII (s[0] < 0x80) is 0 too: callers handle
 * single bytes themselves. */
size_t utf8_decode(const unsigned char *s, size_t left, uint32_t *cp);

#endif
