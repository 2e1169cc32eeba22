/* Numbers where they enter uvmm (command line, manifest, deviations, image
 * notes): one strict grammar, a range per value, and one error form. */
#ifndef UVMM_UTIL_NUM_H
#define UVMM_UTIL_NUM_H

#include <stddef.h>
#include <stdint.h>

/* Every failure reads "bad value 'TEXT' for NAME: RANGE", RANGE saying what
 * is accepted, so the user can fix it from the message alone. */

/* An unsigned integer, decimal or 0x-hex: no sign, no blanks, no suffix,
 * no overflow, in [min, max]. Returns 0 or -1 with err. */
int num_u64(const char *name, const char *text, uint64_t min, uint64_t max, uint64_t *out,
	    char *err, size_t errlen);

/* A byte count: an integer as num_u64 with an optional K, M or G suffix
 * (powers of 1024, also written KiB/KB...), in [min, max] and a multiple of
 * align (1: any). Returns 0 or -1 with err. */
int num_size(const char *name, const char *text, uint64_t min, uint64_t max, uint64_t align,
	     uint64_t *out, char *err, size_t errlen);

/* Seconds: digits with at most one '.', finite, in [min, max] (never NaN or
 * infinity, no exponent, no sign). Returns 0 or -1 with err. */
int num_seconds(const char *name, const char *text, double min, double max, double *out,
		char *err, size_t errlen);

/* "16M", "3G", "4096" for messages: the shortest exact binary unit. */
void num_size_text(uint64_t v, char *buf, size_t len);

#endif
