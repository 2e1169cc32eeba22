/* The TAP is read as uvmm's writer makes it (suite/report_tap.c): a test
 * point "ok N - NAME" or "not ok N - NAME # ..." followed by a YAML block
 * whose "class:" is the verdict, subtests before their point, indented by 4. */
#include "kut/kut_compare.h"

#include <stdlib.h>
#include <string.h>

#include "kut/kut_verdict.h"
#include "loader/image_file.h"
#include "util/errmsg.h"

struct reader {
	struct kut_results *r;
	struct kut_subresult *pending;  /* subtests of the next test point */
	size_t npending;
	char subtest_of[128];
	int want_class;                 /* the last point has no class yet */
	const char *source;
	unsigned line;
	char *err;
	size_t errlen;
};

/* TAP 14 escapes '#' and '\' in descriptions. */
static void unescape(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (*s == '\\' && s[1])
			s++;
		*o++ = *s;
	}
	*o = 0;
}

/* "ok 3 - name # SKIP why" -> ok, name (cut at an unescaped " # "). */
static int point(char *s, int *ok, char **name)
{
	char *p;

	if (!strncmp(s, "ok ", 3))
		*ok = 1, p = s + 3;
	else if (!strncmp(s, "not ok ", 7))
		*ok = 0, p = s + 7;
	else
		return 0;
	p += strspn(p, "0123456789");
	if (strncmp(p, " - ", 3))
		return 0;
	p += 3;
	for (char *q = p; *q; q++) {
		if (*q == '\\' && q[1]) {
			q++;
			continue;
		}
		if (!strncmp(q, " # ", 3)) {
			if (!strncmp(q, " # SKIP", 7) || !strncmp(q, " # TODO", 7))
				*ok = 0; /* a directive: not a plain pass */
			*q = 0;
			break;
		}
	}
	unescape(p);
	*name = p;
	return 1;
}

static int add_sub(struct reader *rd, const char *text, int ok)
{
	struct kut_subresult *g = realloc(rd->pending, (rd->npending + 1) * sizeof(*g));
	char key[256];

	if (!g)
		return -1;
	rd->pending = g;
	kut_subtest_key(rd->subtest_of, text, key, sizeof(key));
	g[rd->npending].key = strdup(key);
	g[rd->npending].ok = ok;
	return g[rd->npending++].key ? 0 : -1;
}

static int add_entry(struct reader *rd, const char *name)
{
	struct kut_result_entry *g = realloc(rd->r->e, (rd->r->n + 1) * sizeof(*g));

	if (!g)
		return -1;
	rd->r->e = g;
	memset(&g[rd->r->n], 0, sizeof(g[0]));
	g[rd->r->n].name = strdup(name);
	g[rd->r->n].sub = rd->pending;
	g[rd->r->n].nsub = rd->npending;
	rd->pending = NULL;
	rd->npending = 0;
	rd->r->n++;
	rd->want_class = 1;
	return g[rd->r->n - 1].name ? 0 : -1;
}

static int read_line(struct reader *rd, char *s)
{
	struct kut_result_entry *last = rd->r->n ? &rd->r->e[rd->r->n - 1] : NULL;
	char *name;
	int ok;

	if (!strncmp(s, "# kvm_implementation: ", 22)) {
		snprintf(rd->r->impl, sizeof(rd->r->impl), "%.*s", (int)strcspn(s + 22, " "), s + 22);
		return 0;
	}
	if (!strncmp(s, "# Subtest: ", 11)) {
		snprintf(rd->subtest_of, sizeof(rd->subtest_of), "%s", s + 11);
		return 0;
	}
	if (!strncmp(s, "    ", 4) && point(s + 4, &ok, &name))
		return add_sub(rd, name, ok) < 0 ? errmsg_line(rd->err, rd->errlen, rd->source,
							     rd->line, "out of memory") : 0;
	if (!strncmp(s, "  class: ", 9) && last && rd->want_class) {
		snprintf(last->cls, sizeof(last->cls), "%s", s + 9);
		rd->want_class = 0;
		return 0;
	}
	if (!strncmp(s, "  message: \"", 12) && last && !last->message) {
		size_t n = strlen(s + 12);
		last->message = strndup(s + 12, n && s[12 + n - 1] == '"' ? n - 1 : n);
		return 0;
	}
	if (point(s, &ok, &name)) {
		if (rd->want_class)
			return errmsg_line(rd->err, rd->errlen, rd->source, rd->line - 1,
					   "test point '%s' has no class: line", last ? last->name : "?");
		return add_entry(rd, name) < 0 ? errmsg_line(rd->err, rd->errlen, rd->source, rd->line,
							   "out of memory") : 0;
	}
	return 0;
}

int kut_results_load(struct kut_results *r, const char *path, char *err, size_t errlen)
{
	struct reader rd = { .r = r, .source = path, .err = err, .errlen = errlen };
	uint8_t *buf;
	size_t len;
	char *text, *save = NULL;
	int rc = 0;

	memset(r, 0, sizeof(*r));
	snprintf(r->impl, sizeof(r->impl), "unknown");
	if (image_read_file(path, &buf, &len, err, errlen) < 0)
		return -1;
	text = strndup((const char *)buf, len);
	free(buf);
	if (!text)
		return errmsg(err, errlen, "out of memory");
	if (strncmp(text, "TAP version ", 12)) {
		free(text);
		return errmsg_line(err, errlen, path, 1, "not a TAP report (no 'TAP version' line)");
	}
	/* strtok_r skips empty lines, which TAP has none of that matter. */
	for (char *l = strtok_r(text, "\n", &save); l && rc == 0; l = strtok_r(NULL, "\n", &save)) {
		rd.line++;
		rc = read_line(&rd, l);
	}
	if (rc == 0 && rd.want_class)
		rc = errmsg_line(err, errlen, path, rd.line, "the last test point has no class: line");
	for (size_t i = 0; i < rd.npending; i++)
		free(rd.pending[i].key);
	free(rd.pending);
	free(text);
	return rc;
}

void kut_results_free(struct kut_results *r)
{
	for (size_t i = 0; i < r->n; i++) {
		for (size_t k = 0; k < r->e[i].nsub; k++)
			free(r->e[i].sub[k].key);
		free(r->e[i].sub);
		free(r->e[i].name);
		free(r->e[i].message);
	}
	free(r->e);
	memset(r, 0, sizeof(*r));
}

static const struct kut_result_entry *find(const struct kut_results *r, const char *name)
{
	for (size_t i = 0; i < r->n; i++)
		if (!strcmp(r->e[i].name, name))
			return &r->e[i];
	return NULL;
}

/* b's verdict on what the deviation names: the entry's class, or PASS/FAIL
 * of the one subtest. */
static const char *backing(const struct kut_results *b, const char *test)
{
	const char *colon = strchr(test, ':');
	char entry[128];
	const struct kut_result_entry *e;

	snprintf(entry, sizeof(entry), "%.*s", (int)(colon ? (size_t)(colon - test) : strlen(test)), test);
	if (!(e = find(b, entry)))
		return "absent";
	if (!colon)
		return e->cls;
	for (size_t i = 0; i < e->nsub; i++)
		if (!strcmp(e->sub[i].key, test))
			return e->sub[i].ok ? "PASS" : "FAIL";
	return "absent";
}

size_t kut_compare_print(FILE *out, const struct kut_results *a, const struct kut_results *b,
			 const struct deviations *dev, size_t *ndiffer)
{
	size_t differ = 0, unbacked = 0;

	fprintf(out, "%-40s %-12s %-12s %s\n", "entry", a->impl, b->impl, "why (first side)");
	for (size_t i = 0; i < a->n; i++) {
		const struct kut_result_entry *x = &a->e[i], *y = find(b, x->name);

		if (y && !strcmp(x->cls, y->cls))
			continue;
		differ++;
		fprintf(out, "%-40s %-12s %-12s %.120s\n", x->name, x->cls, y ? y->cls : "-",
			x->message ? x->message : "");
	}
	for (size_t i = 0; i < b->n; i++)
		if (!find(a, b->e[i].name)) {
			differ++;
			fprintf(out, "%-40s %-12s %-12s\n", b->e[i].name, "-", b->e[i].cls);
		}
	fprintf(out, "%zu entr%s differ\n", differ, differ == 1 ? "y" : "ies");
	for (size_t i = 0; dev && i < dev->n; i++) {
		const struct deviation *d = &dev->entries[i];
		const char *v;

		if (strcmp(d->impl, a->impl))
			continue;
		v = backing(b, d->test);
		unbacked += strcmp(v, "PASS") != 0;
		fprintf(out, "deviation %s on %s: %s (%s on %s)\n", d->test, d->impl,
			strcmp(v, "PASS") ? "NOT BACKED" : "backed", v, b->impl);
	}
	*ndiffer = differ;
	return unbacked;
}
