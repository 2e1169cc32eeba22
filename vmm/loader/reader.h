/* A bounded little-endian byte reader for the image's debug data: every
 * read checks what is left, and a failed read sticks (r->bad), so a parser
 * can read a whole header and test once. */
#ifndef UVMM_LOADER_READER_H
#define UVMM_LOADER_READER_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct reader {
	const uint8_t *p, *end;
	int bad;
};

static inline struct reader reader_at(const uint8_t *p, size_t len)
{
	return (struct reader){ p, p + len, 0 };
}

static inline size_t reader_left(const struct reader *r)
{
	return r->bad ? 0 : (size_t)(r->end - r->p);
}

static inline void reader_skip(struct reader *r, uint64_t n)
{
	if (r->bad || n > (uint64_t)(r->end - r->p)) {
		r->bad = 1;
		r->p = r->end;
		return;
	}
	r->p += n;
}

/* n = 1, 2, 4 or 8 bytes, little-endian. */
static inline uint64_t reader_uint(struct reader *r, unsigned n)
{
	uint64_t v = 0;

	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = 1;
		return 0;
	}
	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)r->p[i] << (8 * i);
	r->p += n;
	return v;
}

/* LEB128; more than 64 bits of payload marks the reader bad. */
static inline uint64_t reader_uleb(struct reader *r)
{
	uint64_t v = 0;
	unsigned shift = 0;

	while (!r->bad) {
		uint8_t b;

		if (r->p == r->end || shift > 63) {
			r->bad = 1;
			break;
		}
		b = *r->p++;
		v |= (uint64_t)(b & 0x7f) << shift;
		shift += 7;
		if (!(b & 0x80))
			return v;
	}
	return 0;
}

static inline int64_t reader_sleb(struct reader *r)
{
	uint64_t v = 0;
	unsigned shift = 0;
	uint8_t b = 0;

	do {
		if (r->bad || r->p == r->end || shift > 63) {
			r->bad = 1;
			return 0;
		}
		b = *r->p++;
		v |= (uint64_t)(b & 0x7f) << shift;
		shift += 7;
	} while (b & 0x80);
	if (shift < 64 && (b & 0x40))
		v |= ~0ull << shift;
	return (int64_t)v;
}

/* A NUL-terminated string in place; NULL (and bad) when it has no NUL. */
static inline const char *reader_cstr(struct reader *r)
{
	const uint8_t *nul;
	const char *s;

	if (r->bad)
		return NULL;
	nul = memchr(r->p, 0, (size_t)(r->end - r->p));
	if (!nul) {
		r->bad = 1;
		return NULL;
	}
	s = (const char *)r->p;
	r->p = nul + 1;
	return s;
}

#endif
