#include "util/num.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/errmsg.h"

static int bad(const char *name, const char *text, char *err, size_t errlen, const char *range)
{
	/* The user's text is echoed cut and printable: it may be anything. */
	char shown[64];
	size_t n = 0;

	for (const char *p = text; *p && n < sizeof(shown) - 4; p++)
		shown[n++] = (*p >= 0x20 && *p < 0x7f) ? *p : '?';
	if (strlen(text) > n)
		shown[n++] = '.', shown[n++] = '.', shown[n++] = '.';
	shown[n] = 0;
	return errmsg(err, errlen, "bad value '%s' for %s: %s", shown, name, range);
}

/* Digits of an integer at *p (decimal, or hex after 0x); advances *p. */
static int scan_u64(const char **p, uint64_t *out)
{
	const char *s = *p;
	unsigned base = 10;
	uint64_t v = 0;
	int digits = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (;; s++, digits++) {
		unsigned d;

		if (*s >= '0' && *s <= '9')
			d = (unsigned)(*s - '0');
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = (unsigned)(*s - 'a' + 10);
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = (unsigned)(*s - 'A' + 10);
		else
			break;
		if (v > (UINT64_MAX - d) / base)
			return -1;
		v = v * base + d;
	}
	if (!digits)
		return -1;
	*p = s;
	*out = v;
	return 0;
}

int num_u64(const char *name, const char *text, uint64_t min, uint64_t max, uint64_t *out,
	    char *err, size_t errlen)
{
	char range[96];
	const char *p = text;
	uint64_t v;

	snprintf(range, sizeof(range), "an integer from %llu to %llu", (unsigned long long)min,
		 (unsigned long long)max);
	if (scan_u64(&p, &v) < 0 || *p || v < min || v > max)
		return bad(name, text, err, errlen, range);
	*out = v;
	return 0;
}

void num_size_text(uint64_t v, char *buf, size_t len)
{
	static const char units[] = "KMGT";
	int u = -1;

	while (v && v % 1024 == 0 && u < 3) {
		v /= 1024;
		u++;
	}
	if (u < 0)
		snprintf(buf, len, "%llu", (unsigned long long)v);
	else
		snprintf(buf, len, "%llu%c", (unsigned long long)v, units[u]);
}

int num_size(const char *name, const char *text, uint64_t min, uint64_t max, uint64_t align,
	     uint64_t *out, char *err, size_t errlen)
{
	char range[128], lo[24], hi[24], al[24];
	const char *p = text;
	unsigned shift = 0;
	uint64_t v;

	num_size_text(min, lo, sizeof(lo));
	num_size_text(max, hi, sizeof(hi));
	num_size_text(align, al, sizeof(al));
	snprintf(range, sizeof(range), "a size from %s to %s%s%s (K, M, G: powers of 1024)", lo, hi,
		 align > 1 ? ", a multiple of " : "", align > 1 ? al : "");
	if (scan_u64(&p, &v) < 0)
		return bad(name, text, err, errlen, range);
	switch (*p) {
	case 'K': case 'k': shift = 10; p++; break;
	case 'M': case 'm': shift = 20; p++; break;
	case 'G': case 'g': shift = 30; p++; break;
	default: break;
	}
	if (shift && (*p == 'i' || *p == 'B'))
		p += (*p == 'i' && p[1] == 'B') ? 2 : 1;
	if (*p || v > (UINT64_MAX >> shift))
		return bad(name, text, err, errlen, range);
	v <<= shift;
	if (v < min || v > max || (align > 1 && v % align))
		return bad(name, text, err, errlen, range);
	*out = v;
	return 0;
}

int num_seconds(const char *name, const char *text, double min, double max, double *out,
		char *err, size_t errlen)
{
	char range[96];
	const char *p = text;
	int digits = 0, dots = 0;
	double v;

	snprintf(range, sizeof(range), "seconds from %g to %g", min, max);
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (*p == '.' && !dots)
			dots++;
		else
			return bad(name, text, err, errlen, range);
	}
	if (!digits)
		return bad(name, text, err, errlen, range);
	v = strtod(text, NULL);
	if (!isfinite(v) || v < min || v > max)
		return bad(name, text, err, errlen, range);
	*out = v;
	return 0;
}
