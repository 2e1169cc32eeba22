/* Hex digits both ways, bounded by the caller's lengths. */
#include "gdb/hex.h"

static const char digits[] = "0123456789abcdef";

int gdb_hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t gdb_hex_encode(char *out, const uint8_t *in, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	return 2 * n;
}

int gdb_hex_decode(uint8_t *out, const char *in, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int hi = gdb_hex_digit((unsigned char)in[2 * i]);
		int lo = gdb_hex_digit((unsigned char)in[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

int gdb_parse_hex(const char **p, const char *end, uint64_t *v)
{
	const char *s = *p;
	uint64_t x = 0;
	unsigned n = 0;
	int d;

	while (s < end && (d = gdb_hex_digit((unsigned char)*s)) >= 0) {
		if (++n > 16)
			return -1;
		x = x << 4 | (uint64_t)d;
		s++;
	}
	if (!n)
		return -1;
	*p = s;
	*v = x;
	return 0;
}
