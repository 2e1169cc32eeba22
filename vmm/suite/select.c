#include "suite/select.h"

#include <fnmatch.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/errmsg.h"

int suite_pattern_matches(const char *pattern, const struct manifest_test *t)
{
	if (!strncmp(pattern, "group:", 6))
		return manifest_in_group(t, pattern + 6);
	return fnmatch(pattern, t->name, 0) == 0;
}

static int selected(char *const *patterns, int npatterns, const struct manifest_test *t)
{
	if (npatterns == 0)
		return 1;
	for (int p = 0; p < npatterns; p++)
		if (suite_pattern_matches(patterns[p], t))
			return 1;
	return 0;
}

int suite_select(const struct manifest *m, char *const *patterns, int npatterns,
		 const struct manifest_test **out, size_t *nout, char *err, size_t errlen)
{
	size_t n = 0;

	for (int p = 0; p < npatterns; p++) {
		size_t i;
		for (i = 0; i < m->ntests && !suite_pattern_matches(patterns[p], &m->tests[i]); i++)
			;
		if (i == m->ntests)
			return errmsg(err, errlen, "no test matches '%s' (see uvmm test --list)",
				      patterns[p]);
	}
	for (size_t i = 0; i < m->ntests; i++)
		if (selected(patterns, npatterns, &m->tests[i]))
			out[n++] = &m->tests[i];
	*nout = n;
	return 0;
}

int suite_shard_parse(const char *text, unsigned *k, unsigned *n, char *err, size_t errlen)
{
	char *end;
	unsigned long a, b;

	if (text[0] < '0' || text[0] > '9')
		goto bad;
	a = strtoul(text, &end, 10);
	if (*end != '/' || end[1] < '0' || end[1] > '9')
		goto bad;
	b = strtoul(end + 1, &end, 10);
	if (*end || b < 1 || b > SUITE_MAX_SHARDS || a < 1 || a > b)
		goto bad;
	*k = (unsigned)a;
	*n = (unsigned)b;
	return 0;
bad:
	return errmsg(err, errlen, "--shard needs K/N with 1 <= K <= N <= %d, got '%s'",
		      SUITE_MAX_SHARDS, text);
}

/* FNV-1a (64 bits): stable across hosts and releases, which is all a shard
 * assignment needs; the top bits are folded in before the modulo. */
unsigned suite_shard_of(const char *name, unsigned n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		h ^= *p;
		h *= 0x100000001b3ull;
	}
	h ^= h >> 32;
	return n ? (unsigned)(h % n) + 1 : 1;
}

void suite_shard_filter(const struct manifest_test **tests, size_t *count, unsigned k, unsigned n)
{
	size_t kept = 0;

	for (size_t i = 0; i < *count; i++)
		if (suite_shard_of(tests[i]->name, n) == k)
			tests[kept++] = tests[i];
	*count = kept;
}
