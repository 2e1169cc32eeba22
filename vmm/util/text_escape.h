/* Guest-supplied strings in uvmm's own messages: printed so that a guest
 * cannot forge a "uvmm:" line or drive the terminal with control bytes. */
#ifndef UVMM_UTIL_TEXT_ESCAPE_H
#define UVMM_UTIL_TEXT_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

/* Writes s[0..len) with printable ASCII as is and every other byte (and the
 * backslash) as \xNN. */
void fput_escaped(FILE *f, const char *s, size_t len);

/* The same into dst[0..size) (NUL-terminated, cut at a whole escape).
 * Returns dst. */
char *escape_to(char *dst, size_t size, const char *s, size_t len);

#endif
