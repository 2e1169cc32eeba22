/* Hex as the GDB remote protocol writes it: byte strings two digits per byte,
 * numbers in big-endian digit order, register values in target (little) order. */
#ifndef UVMM_GDB_HEX_H
#define UVMM_GDB_HEX_H

#include <stddef.h>
#include <stdint.h>

/* 0..15, or -1 for anything that is not a hex digit. */
int gdb_hex_digit(int c);

/* Writes 2 * n lowercase digits for in[0..n) into out (not NUL-terminated).
 * Returns 2 * n. */
size_t gdb_hex_encode(char *out, const uint8_t *in, size_t n);

/* Decodes exactly 2 * n digits of in into out[0..n). Returns 0, or -1 when a
 * character is not a hex digit. */
int gdb_hex_decode(uint8_t *out, const char *in, size_t n);

/* Parses a number of 1 to 16 hex digits at *p (before end) and moves *p past
 * it. Returns 0, or -1 when there is no digit or more than 16. */
int gdb_parse_hex(const char **p, const char *end, uint64_t *v);

#endif
