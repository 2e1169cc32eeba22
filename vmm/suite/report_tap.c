/* TAP 14 writer. The output is pure ASCII: descriptions lose what TAP cannot
 * carry ('#' is escaped, other odd bytes become '?'), YAML strings are
 * double-quoted with escapes, so no guest-supplied text can break the stream. */
#include "suite/report_tap.h"

#include "suite/host_env.h"
#include "session/exitcode.h"
#include "uvmm/abi.h"

/* Test point description: TAP 14 escapes '#' and '\'. */
static void put_desc(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '#' || c == '\\')
			fprintf(f, "\\%c", c);
		else
			fputc(c >= 0x20 && c < 0x7f ? c : '?', f);
	}
}

/* Directive text (after "# SKIP" or "# TODO"): one line of printable ASCII. */
static void put_directive(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		fputc(c >= 0x20 && c < 0x7f ? c : c == '\n' || c == '\t' ? ' ' : '?', f);
	}
}

static void put_yaml_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void put_yaml_kv(FILE *f, const char *indent, const char *key, const char *value)
{
	fprintf(f, "%s%s: ", indent, key);
	put_yaml_string(f, value);
	fputc('\n', f);
}

static void write_subtest(FILE *f, const struct test_result *t)
{
	fputs("# Subtest: ", f);
	put_desc(f, t->name);
	fprintf(f, "\n    1..%u\n", t->nreports);
	for (unsigned i = 0; i < t->nreports; i++) {
		const struct session_report *r = &t->reports[i];
		fprintf(f, "    %s %u - ",
			result_report_failed(r->result) || r->result == REPORT_TODO ? "not ok" : "ok",
			i + 1);
		put_desc(f, r->name);
		if (r->result == UVMM_RESULT_SKIP || r->result == REPORT_TODO) {
			fputs(r->result == REPORT_TODO ? " # TODO" : " # SKIP", f);
			if (r->reason[0]) {
				fputc(' ', f);
				put_directive(f, r->reason);
			}
		}
		fputc('\n', f);
		if (result_report_failed(r->result) && r->reason[0]) {
			fputs("      ---\n", f);
			put_yaml_kv(f, "      ", "message", r->reason);
			fputs("      ...\n", f);
		}
	}
}

static void write_yaml(FILE *f, const struct test_result *t)
{
	fputs("  ---\n", f);
	fprintf(f, "  class: %s\n", result_class_name(t->cls));
	if (t->code >= 0)
		fprintf(f, "  code: %s\n", uvmm_exit_code_name(t->code));
	fprintf(f, "  duration_ms: %.3f\n", t->seconds * 1e3);
	fprintf(f, "  exits: %llu\n", (unsigned long long)t->nexits);
	if (t->boot_seconds > 0)
		fprintf(f, "  boot_ms: %.3f\n", t->boot_seconds * 1e3);
	put_yaml_kv(f, "  ", "message", t->message);
	if (t->nvalues) {
		char v[24];

		fputs("  values:\n", f);
		for (unsigned i = 0; i < t->nvalues; i++) {
			snprintf(v, sizeof(v), "0x%llx", (unsigned long long)t->values[i].value);
			put_yaml_kv(f, "    ", t->values[i].name, v);
		}
	}
	if (t->cls == RC_TIMEOUT && t->last_exit[0])
		put_yaml_kv(f, "  ", "last_exit", t->last_exit);
	if (t->log_path)
		put_yaml_kv(f, "  ", "log", t->log_path);
	fputs("  ...\n", f);
}

static void write_point(FILE *f, size_t num, const struct test_result *t)
{
	int ok = t->cls == RC_PASS || t->cls == RC_SKIP;

	if (t->nreports)
		write_subtest(f, t);
	fprintf(f, "%s %zu - ", ok ? "ok" : "not ok", num);
	put_desc(f, t->name);
	if (t->cls == RC_SKIP || t->cls == RC_XFAIL) {
		fputs(t->cls == RC_SKIP ? " # SKIP " : " # TODO ", f);
		put_directive(f, t->message);
	}
	fputc('\n', f);
	write_yaml(f, t);
}

int tap_write(FILE *f, const struct suite_report *r)
{
	struct result_counts c;
	char summary[160];

	fputs("TAP version 14\n# uvmm conformance suite\n", f);
	for (size_t i = 0; i < r->nenv; i++) {
		fprintf(f, "# %s: ", r->env[i].key);
		put_directive(f, r->env[i].value);
		fputc('\n', f);
	}
	/* An interrupted run keeps the plan of what was selected: with fewer
	 * points and the closing "Bail out!", no harness can take it as whole. */
	fprintf(f, "1..%zu\n", r->interrupted ? r->interrupted->total : r->n);
	for (size_t i = 0; i < r->n; i++)
		write_point(f, i + 1, &r->results[i]);
	result_count(&c, r->results, r->n);
	result_summary_line(&c, summary, sizeof(summary));
	fprintf(f, "# %s\n", summary);
	if (r->interrupted) {
		char line[1024];
		result_interruption_line(r->interrupted, line, sizeof(line));
		fputs("Bail out! uvmm test ", f);
		put_directive(f, line);
		fputc('\n', f);
	}
	fflush(f);
	return ferror(f) ? -1 : 0;
}
