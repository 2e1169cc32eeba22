/* KTAP writer. KTAP descriptions cannot hold '#' and a parser splits result
 * lines at the first one, so descriptions and directive data lose '#' and
 * every byte that is not printable ASCII ('?'); the whole message goes in a
 * diagnostic line ("# ...") before the result, where '#' is harmless. */
#include "suite/report_ktap.h"

#include <string.h>

#include "suite/host_env.h"
#include "uvmm/abi.h"

/* diagnostic 0: a description or directive data ('#' becomes '?'); 1: a diagnostic line. */
static void put_text(FILE *f, const char *s, size_t len, int diagnostic)
{
	for (size_t i = 0; i < len && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n' || c == '\t')
			fputc(' ', f);
		else if (c < 0x20 || c >= 0x7f || (c == '#' && !diagnostic))
			fputc('?', f);
		else
			fputc(c, f);
	}
}

static void put_str(FILE *f, const char *s, int diagnostic)
{
	put_text(f, s, strlen(s), diagnostic);
}

static void write_subtests(FILE *f, const struct test_result *t)
{
	fputs("  KTAP version 1\n  # Subtest: ", f);
	put_str(f, t->name, 0);
	fprintf(f, "\n  1..%u\n", t->nreports);
	for (unsigned i = 0; i < t->nreports; i++) {
		const struct session_report *r = &t->reports[i];
		size_t nlen = strnlen(r->name, sizeof(r->name));
		size_t rlen = strnlen(r->reason, sizeof(r->reason));

		if (r->result == UVMM_RESULT_FAIL && rlen) {
			fputs("  # ", f);
			put_text(f, r->name, nlen, 1);
			fputs(": ", f);
			put_text(f, r->reason, rlen, 1);
			fputc('\n', f);
		}
		fprintf(f, "  %s %u ", r->result == UVMM_RESULT_FAIL ? "not ok" : "ok", i + 1);
		put_text(f, r->name, nlen, 0);
		if (r->result == UVMM_RESULT_SKIP) {
			fputs(" # SKIP", f);
			if (rlen) {
				fputc(' ', f);
				put_text(f, r->reason, rlen, 0);
			}
		}
		fputc('\n', f);
	}
}

/* The KTAP directive of each class; PASS and FAIL have none. XFAIL is "ok"
 * as kselftest writes it: a known deviation does not fail the suite. */
static const struct {
	const char *result, *directive;
} ktap_of[RC_COUNT] = {
	[RC_PASS] = { "ok", NULL },           [RC_FAIL] = { "not ok", NULL },
	[RC_SKIP] = { "ok", "SKIP" },         [RC_XFAIL] = { "ok", "XFAIL" },
	[RC_XPASS] = { "not ok", NULL },      [RC_TIMEOUT] = { "not ok", "TIMEOUT" },
	[RC_ERROR] = { "not ok", "ERROR" },
};

static void write_result(FILE *f, size_t num, const struct test_result *t)
{
	const char *directive = ktap_of[t->cls].directive;

	if (t->nreports)
		write_subtests(f, t);
	if (t->cls != RC_PASS && t->message[0]) {
		fputs("# ", f);
		put_str(f, t->name, 1);
		fputs(": ", f);
		put_str(f, t->message, 1);
		fputc('\n', f);
	}
	fprintf(f, "%s %zu ", ktap_of[t->cls].result, num);
	put_str(f, t->name, 0);
	if (directive) {
		fprintf(f, " # %s", directive);
		if (t->message[0]) {
			fputc(' ', f);
			put_str(f, t->message, 0);
		}
	}
	fputc('\n', f);
}

int ktap_write(FILE *f, const struct suite_report *r)
{
	struct result_counts c;
	char line[1024];

	fputs("KTAP version 1\n# uvmm conformance suite\n", f);
	for (size_t i = 0; i < r->nenv; i++) {
		fprintf(f, "# %s: ", r->env[i].key);
		put_str(f, r->env[i].value, 1);
		fputc('\n', f);
	}
	fprintf(f, "1..%zu\n", r->interrupted ? r->interrupted->total : r->n);
	for (size_t i = 0; i < r->n; i++)
		write_result(f, i + 1, &r->results[i]);
	result_count(&c, r->results, r->n);
	result_summary_line(&c, line, sizeof(line));
	fprintf(f, "# %s\n", line);
	if (r->interrupted) {
		result_interruption_line(r->interrupted, line, sizeof(line));
		fputs("Bail out! uvmm test ", f);
		put_str(f, line, 1);
		fputc('\n', f);
	}
	fflush(f);
	return ferror(f) ? -1 : 0;
}
