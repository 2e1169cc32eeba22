/* Guest-supplied strings in uvmm's own messages: printed so that a guest
 * cannot forge a "uvmm:" line or drive the terminal with control bytes. */
#ifndef UVMM_UTIL_TEXT_ESCAPE_H
#define UVMM_UTIL_TEXT_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

/* Writes s[0..len) with printable ASCII as is and every other byte (and the
 * backslash) as \xNN. */
void fput_escaped(FILE *f, const char *s, size_t len);

/* The same into buf[at..size): stops before a byte that would not fit with
 * the NUL, which it always writes. Returns the new end. */
size_t sn_escaped(char *buf, size_t size, size_t at, const char *s, size_t len);

#endif
