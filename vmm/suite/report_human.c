/* Human-readable report. Verdict lines have a fixed layout so that a column
 * of classes can be scanned (and grepped) at a glance. */
#include "suite/report_human.h"

#include <string.h>

#include "suite/host_env.h"

static const char *const class_colors[RC_COUNT] = {
	[RC_PASS] = "\033[32m",  [RC_FAIL] = "\033[31m",    [RC_SKIP] = "\033[33m",
	[RC_XFAIL] = "\033[36m", [RC_XPASS] = "\033[31m",   [RC_TIMEOUT] = "\033[31m",
	[RC_ERROR] = "\033[35m",
};
#define COLOR_RESET "\033[0m"

void human_header(FILE *f, const struct env_line *env, size_t nenv, size_t ntests,
		  unsigned parallel)
{
	fprintf(f, "uvmm test: %zu test%s, up to %u at a time\n", ntests, ntests == 1 ? "" : "s",
		parallel);
	for (size_t i = 0; i < nenv; i++)
		fprintf(f, "  %s: %s\n", env[i].key, env[i].value);
}

static int shows_log(enum result_class c)
{
	return c != RC_PASS && c != RC_SKIP;
}

void human_verdict(FILE *f, const struct test_result *t, const struct human_style *st)
{
	const char *on = st->color ? class_colors[t->cls] : "";
	const char *off = st->color ? COLOR_RESET : "";

	fprintf(f, "%s%-7s%s %-24s %9.1f ms %8llu exits", on, result_class_name(t->cls), off,
		t->name, t->seconds * 1e3, (unsigned long long)t->nexits);
	if (t->message[0])
		fprintf(f, "  %s", t->message);
	fputc('\n', f);
	if (!shows_log(t->cls) || !t->log_path)
		return;
	fprintf(f, "        log: %s\n", t->log_path);
	if (st->verbose && t->log_text) {
		fprintf(f, "        ---- %s ----\n%s", t->log_path, t->log_text);
		if (t->log_text[0] && t->log_text[strlen(t->log_text) - 1] != '\n')
			fputc('\n', f);
		fprintf(f, "        ---- end of %s ----\n", t->name);
	}
}

void human_summary(FILE *f, const struct suite_report *r, const struct human_style *st)
{
	struct result_counts c;
	char line[160];
	int bad;

	result_count(&c, r->results, r->n);
	result_summary_line(&c, line, sizeof(line));
	bad = result_exit_code(&c);
	fprintf(f, "%zu test%s in %.1f s\n", r->n, r->n == 1 ? "" : "s", r->seconds);
	/* The last line is exactly the summary: scripts read it. */
	if (st->color)
		fprintf(f, "%s%s%s\n", bad ? "\033[31m" : "\033[32m", line, COLOR_RESET);
	else
		fprintf(f, "%s\n", line);
	fflush(f);
}
