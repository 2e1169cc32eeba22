#include "suite/select.h"

#include <fnmatch.h>
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
