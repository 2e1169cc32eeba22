/* Little-endian values of guest accesses, and what a read that reaches no
 * device returns: all-ones, as on an ISA or PCI bus with nothing behind it. */
#ifndef UVMM_UTIL_BYTES_H
#define UVMM_UTIL_BYTES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The value of size (1..8) little-endian bytes at p. */
static inline uint64_t le_read(const uint8_t *p, unsigned size)
{
	uint64_t v = 0;

	for (unsigned i = size < 8 ? size : 8; i-- > 0;)
		v = v << 8 | p[i];
	return v;
}

/* Fills a read's data as if no device answered. */
static inline void read_nothing(void *data, size_t size)
{
	memset(data, 0xff, size);
}

#endif
