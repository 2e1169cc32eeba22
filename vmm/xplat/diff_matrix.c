/* Matrix layout: one line per test (a cell per column: the class, or "-"),
 * and under a row where platforms disagree, one line per observed value
 * whose cells differ, then the message of each cell that did not pass. */
#include "xplat/diff_matrix.h"

#include <string.h>

#define NAME_W 24
#define MSG_W 110

enum diff_side diff_side_of(const char *cls)
{
	static const char *const pass[] = { "PASS", "XPASS" };
	static const char *const fail[] = { "FAIL", "XFAIL", "TIMEOUT", "ERROR" };

	for (size_t i = 0; i < sizeof(pass) / sizeof(pass[0]); i++)
		if (!strcmp(cls, pass[i]))
			return SIDE_PASS;
	for (size_t i = 0; i < sizeof(fail) / sizeof(fail[0]); i++)
		if (!strcmp(cls, fail[i]))
			return SIDE_FAIL;
	return SIDE_NONE;
}

static const struct tap_point *cell(const struct diff_column *c, const char *test)
{
	return c->loaded ? tap_find(&c->doc, test) : NULL;
}

static int width(const struct diff_column *c)
{
	int w = (int)strlen(c->name) + 2;

	return w < 10 ? 10 : w;
}

/* A cell, always followed by a blank, even when the text is wider. */
static void put_cell(FILE *f, const struct diff_column *c, const char *text)
{
	fprintf(f, "%-*s ", width(c) - 1, text);
}

static const struct named_value *value_in(const struct tap_point *p, const char *name)
{
	for (unsigned i = 0; p && i < p->nvalues; i++)
		if (!strcmp(p->values[i].name, name))
			return &p->values[i];
	return NULL;
}

/* 1 when the cells that state value name do not all state the same. */
static int value_differs(const struct diff_column *cols, unsigned n, const char *test,
			 const char *name)
{
	const struct named_value *first = NULL;

	for (unsigned i = 0; i < n; i++) {
		const struct named_value *v = value_in(cell(&cols[i], test), name);

		if (v && first && v->value != first->value)
			return 1;
		if (v && !first)
			first = v;
	}
	return 0;
}

static int values_differ(const struct diff_column *cols, unsigned n, const char *test)
{
	for (unsigned i = 0; i < n; i++) {
		const struct tap_point *p = cell(&cols[i], test);

		for (unsigned k = 0; p && k < p->nvalues; k++)
			if (value_differs(cols, n, test, p->values[k].name))
				return 1;
	}
	return 0;
}

/* 1: the cells disagree; 0: they agree; -1: fewer than two took a side. */
static int agreement(const struct diff_column *cols, unsigned n, const char *test)
{
	unsigned sides[3] = { 0 };

	for (unsigned i = 0; i < n; i++) {
		const struct tap_point *p = cell(&cols[i], test);

		sides[p ? diff_side_of(p->cls) : SIDE_NONE]++;
	}
	if (sides[SIDE_PASS] && sides[SIDE_FAIL])
		return 1;
	if (values_differ(cols, n, test))
		return 1;
	return sides[SIDE_PASS] + sides[SIDE_FAIL] >= 2 ? 0 : -1;
}

static void header(FILE *f, const struct diff_column *cols, unsigned n)
{
	fprintf(f, "%-*s", NAME_W, "test");
	for (unsigned i = 0; i < n; i++)
		put_cell(f, &cols[i], cols[i].name);
	fputc('\n', f);
}

static void row(FILE *f, const struct diff_column *cols, unsigned n, const char *test)
{
	fprintf(f, "%-*s", NAME_W, test);
	for (unsigned i = 0; i < n; i++) {
		const struct tap_point *p = cell(&cols[i], test);

		put_cell(f, &cols[i], p ? p->cls : "-");
	}
	fputc('\n', f);
}

/* The values that differ, then the failing cells' messages. */
static void details(FILE *f, const struct diff_column *cols, unsigned n, const char *test)
{
	for (unsigned i = 0; i < n; i++) {
		const struct tap_point *p = cell(&cols[i], test);

		for (unsigned k = 0; p && k < p->nvalues; k++) {
			const char *name = p->values[k].name;
			int first = 1;
			char v[24];

			/* Once per name: at the first column that states it. */
			for (unsigned j = 0; j < i; j++)
				first = first && !value_in(cell(&cols[j], test), name);
			if (!first || !value_differs(cols, n, test, name))
				continue;
			fprintf(f, "  %-*s", NAME_W - 2, name);
			for (unsigned j = 0; j < n; j++) {
				const struct named_value *x = value_in(cell(&cols[j], test), name);

				if (x)
					snprintf(v, sizeof(v), "0x%llx", (unsigned long long)x->value);
				put_cell(f, &cols[j], x ? v : "-");
			}
			fputc('\n', f);
		}
	}
	for (unsigned i = 0; i < n; i++) {
		const struct tap_point *p = cell(&cols[i], test);

		if (p && diff_side_of(p->cls) == SIDE_FAIL && p->message[0])
			fprintf(f, "  %s: %.*s%s\n", cols[i].name, MSG_W, p->message,
				strlen(p->message) > MSG_W ? "..." : "");
	}
}

static void columns(FILE *f, const struct diff_column *cols, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		const struct diff_column *c = &cols[i];
		const char *impl = c->loaded ? tap_env(&c->doc, "kvm_implementation") : NULL;

		fprintf(f, "  %-10s %s", c->name, c->path);
		if (c->loaded)
			fprintf(f, " (%zu tests%s%s)\n", c->doc.n, impl ? "; " : "", impl ? impl : "");
		else
			fprintf(f, ": not loaded: %s%s%s\n", c->error, c->hint ? "; " : "",
				c->hint ? c->hint : "");
	}
}

void diff_write(FILE *f, const struct manifest *m, const struct diff_column *cols,
		unsigned ncols, struct diff_counts *out)
{
	struct diff_counts c = { 0 };
	unsigned nportable = 0;

	for (size_t i = 0; i < m->ntests; i++)
		nportable += m->tests[i].portable != 0;
	fprintf(f, "uvmm diff: %u portable tests x %u platforms\n", nportable, ncols);
	columns(f, cols, ncols);
	for (int pass = 1; pass >= -1; pass--) {
		static const char *const titles[] = { "not compared (fewer than two platforms ran them)",
						      "platforms agree", "platforms disagree" };
		int titled = 0;

		for (size_t i = 0; i < m->ntests; i++) {
			const char *t = m->tests[i].name;

			if (!m->tests[i].portable || agreement(cols, ncols, t) != pass)
				continue;
			if (!titled) {
				fprintf(f, "\n%s:\n", titles[pass + 1]);
				header(f, cols, ncols);
				titled = 1;
			}
			row(f, cols, ncols, t);
			if (pass == 1)
				details(f, cols, ncols, t);
			pass == 1 ? c.disagree++ : pass == 0 ? c.agree++ : c.alone++;
		}
	}
	fprintf(f, "\n%u disagree, %u agree, %u not compared\n", c.disagree, c.agree, c.alone);
	if (out)
		*out = c;
}
