/* Deviations table parser and lookup. Exact names only, no globs: every entry
 * is a claim about one test that someone checked on a stock KVM. */
#include "suite/deviations.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader/elf_load.h"
#include "loader/image_file.h"
#include "suite/manifest.h"
#include "util/errmsg.h"
#include "util/num.h"
#include "util/text_lines.h"

/* Cuts the next blank-separated word off *s. */
static char *next_word(char **s)
{
	char *w = *s + strspn(*s, " \t\r"), *e;

	if (!*w)
		return NULL;
	e = w + strcspn(w, " \t\r");
	if (*e)
		*e++ = 0;
	*s = e;
	return w;
}

/* TEST, or TEST:SUBTEST for one subtest of a test (docs/kut.md names them). */
static int deviation_name_ok(char *name)
{
	char *colon = strchr(name, ':');
	int ok;

	if (!colon)
		return manifest_name_ok(name);
	*colon = 0;
	ok = manifest_name_ok(name) && manifest_name_ok(colon + 1);
	*colon = ':';
	return ok;
}

/* A comment is a line whose first non-blank is '#', or the rest of a line
 * from a '#' followed by a blank or the line's end: a reason names x86
 * exceptions as #UD and #GP(0), which must stay whole. */
static void cut_comment(char *line)
{
	char *p = line + strspn(line, " \t");

	if (*p == '#') {
		*p = 0;
		return;
	}
	for (; (p = strchr(p, '#')); p++)
		if (p[1] == 0 || p[1] == ' ' || p[1] == '\t' || p[1] == '\r' || p[1] == '\n') {
			*p = 0;
			return;
		}
}

static int add_entry(struct deviations *d, char *line, unsigned lineno, char *err, size_t errlen)
{
	char *rest = line, *test, *impl, *reason, *end;
	double limit = 0;
	int hangs;
	const struct deviation *dup;
	struct deviation *grown;

	cut_comment(line);
	if (!(test = next_word(&rest)))
		return 0;
	if (!deviation_name_ok(test))
		return errmsg_line(err, errlen, d->source, lineno, "bad test name '%s'", test);
	if (!(impl = next_word(&rest)))
		return errmsg_line(err, errlen, d->source, lineno,
			    "expected 'TEST IMPLEMENTATION reason...', the implementation is missing");
	if (!manifest_name_ok(impl))
		return errmsg_line(err, errlen, d->source, lineno, "bad implementation name '%s'", impl);
	reason = rest + strspn(rest, " \t\r");
	/* A deviation that is a hang must say so: only then may it cover a
	 * TIMEOUT, so no entry written for a wrong value can hide a hang. */
	hangs = strncmp(reason, "TIMEOUT", 7) == 0 &&
		(reason[7] == ' ' || reason[7] == '\t' || reason[7] == '=');
	if (hangs && reason[7] == '=') {
		/* A known hang only has to be confirmed, not waited out at the
		 * test's full limit: TIMEOUT=SEC shortens it on this implementation. */
		char *num = reason + 8, msg[160];

		end = num + strcspn(num, " \t");
		if (*end)
			*end = 0;
		else
			end = NULL; /* no reason after the limit */
		if (!end || num_seconds("TIMEOUT", num, 0, DEVIATION_LIMIT_MAX, &limit, msg,
					sizeof(msg)) < 0 || !(limit > 0))
			return errmsg_line(err, errlen, d->source, lineno,
					   "TIMEOUT=SEC needs a limit in seconds (0 < SEC <= 3600) before the reason");
		reason = end + 1;
	} else if (hangs) {
		reason += 7;
	}
	reason += strspn(reason, " \t");
	end = reason + strlen(reason);
	while (end > reason && strchr(" \t\r", end[-1]))
		*--end = 0;
	if (!*reason)
		return errmsg_line(err, errlen, d->source, lineno, "the deviation of %s on %s needs a reason",
			    test, impl);
	if ((dup = deviations_lookup(d, test, impl)))
		return errmsg_line(err, errlen, d->source, lineno, "duplicate entry for %s on %s (first at line %u)",
			    test, impl, dup->line);
	grown = realloc(d->entries, (d->n + 1) * sizeof(*d->entries));
	if (!grown)
		return errmsg_line(err, errlen, d->source, lineno, "out of memory");
	d->entries = grown;
	grown[d->n] = (struct deviation){ strdup(test), strdup(impl), strdup(reason), lineno, hangs, limit };
	d->n++;
	if (!grown[d->n - 1].test || !grown[d->n - 1].impl || !grown[d->n - 1].reason)
		return errmsg_line(err, errlen, d->source, lineno, "out of memory");
	return 0;
}

struct line_ctx {
	struct deviations *d;
	unsigned lineno;
	char *err;
	size_t errlen;
};

static int on_line(void *arg, char *line)
{
	struct line_ctx *c = arg;

	return add_entry(c->d, line, c->lineno, c->err, c->errlen);
}

int deviations_parse(struct deviations *d, const char *text, size_t len, const char *source,
		     char *err, size_t errlen)
{
	struct line_ctx c = { d, 0, err, errlen };
	int r;

	memset(d, 0, sizeof(*d));
	d->source = source;
	r = text_each_line(text, len, &c.lineno, on_line, &c);
	if (r == TEXT_LINES_NOMEM)
		return errmsg_line(err, errlen, source, c.lineno, "out of memory");
	if (r == TEXT_LINES_NUL)
		return errmsg_line(err, errlen, source, c.lineno, "NUL byte in the file");
	return r < 0 ? -1 : 0;
}

int deviations_load(struct deviations *d, const char *path, char *err, size_t errlen)
{
	uint8_t *buf;
	size_t len;
	int r;

	memset(d, 0, sizeof(*d));
	d->source = path;
	if (input_read_file(path, TABLE_MAX_FILE, &buf, &len, err, errlen) < 0)
		return -1;
	r = deviations_parse(d, (const char *)buf, len, path, err, errlen);
	free(buf);
	return r;
}

void deviations_free(struct deviations *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->entries[i].test);
		free(d->entries[i].impl);
		free(d->entries[i].reason);
	}
	free(d->entries);
	d->entries = NULL;
	d->n = 0;
}

const struct deviation *deviations_lookup(const struct deviations *d, const char *test,
					  const char *impl)
{
	for (size_t i = 0; i < d->n; i++)
		if (!strcmp(d->entries[i].test, test) && !strcmp(d->entries[i].impl, impl))
			return &d->entries[i];
	return NULL;
}

const struct deviation *deviations_lookup_host(const struct deviations *d, const char *test,
					       const char *impl, const char *iommu)
{
	const struct deviation *e = deviations_lookup(d, test, impl);

	return e || !iommu || !iommu[0] ? e : deviations_lookup(d, test, iommu);
}
