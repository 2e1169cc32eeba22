/* JUnit writer. Guest output is arbitrary bytes, and one bad byte makes the
 * whole file unreadable to CI, so every string goes through junit_escape. */
#include "suite/report_junit.h"

#include <stdint.h>
#include <string.h>

#include "suite/host_env.h"
#include "util/utf8.h"
#include "uvmm/abi.h"


/* Length of the valid XML character encoded at s, or 0 when the bytes there
 * are not UTF-8 for a character XML 1.0 allows (controls are handled apart). */
static size_t utf8_char_len(const unsigned char *s, size_t left)
{
	uint32_t cp;
	size_t n = utf8_decode(s, left, &cp);

	return n && cp != 0xfffe && cp != 0xffff ? n : 0;
}

void junit_escape(FILE *f, const char *str, size_t len, int attribute)
{
	const unsigned char *s = (const unsigned char *)str;

	for (size_t i = 0; i < len;) {
		unsigned char c = s[i];
		size_t n;

		if (c == '&')
			fputs("&amp;", f);
		else if (c == '<')
			fputs("&lt;", f);
		else if (c == '>')
			fputs("&gt;", f);
		else if (c == '"' && attribute)
			fputs("&quot;", f);
		else if (c == '\'' && attribute)
			fputs("&apos;", f);
		else if ((c == '\t' || c == '\n') && !attribute)
			fputc(c, f);
		else if (c == '\t' || c == '\n' || c == '\r')
			fprintf(f, "&#%d;", c); /* parsers would normalise the raw byte away */
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\x%02x", c);
		else if (c < 0x80)
			fputc(c, f);
		else if ((n = utf8_char_len(s + i, len - i))) {
			fwrite(s + i, 1, n, f);
			i += n;
			continue;
		} else {
			fputs("\xef\xbf\xbd", f);
		}
		i++;
	}
}

static void esc(FILE *f, const char *s, int attribute)
{
	junit_escape(f, s, strlen(s), attribute);
}

static void write_properties(FILE *f, const struct suite_report *r)
{
	fputs("    <properties>\n", f);
	for (size_t i = 0; i < r->nenv; i++) {
		fputs("      <property name=\"", f);
		esc(f, r->env[i].key, 1);
		fputs("\" value=\"", f);
		esc(f, r->env[i].value, 1);
		fputs("\"/>\n", f);
	}
	fputs("    </properties>\n", f);
}

/* Body of <failure>/<error>: the message, where a timeout stopped, the
 * guest's own reports and the log path. */
static void write_details(FILE *f, const struct test_result *t)
{
	esc(f, t->message, 0);
	fputc('\n', f);
	if (t->cls == RC_TIMEOUT && t->last_exit[0] && !strstr(t->message, t->last_exit)) {
		fputs("last exit: ", f);
		esc(f, t->last_exit, 0);
		fputc('\n', f);
	}
	for (unsigned i = 0; i < t->nreports; i++) {
		const struct session_report *rep = &t->reports[i];
		fprintf(f, "%s ", result_report_label(rep->result));
		esc(f, rep->name, 0);
		if (rep->reason[0]) {
			fputs(": ", f);
			esc(f, rep->reason, 0);
		}
		fputc('\n', f);
	}
	if (t->log_path) {
		fputs("log: ", f);
		esc(f, t->log_path, 0);
		fputc('\n', f);
	}
}

static void write_outcome(FILE *f, const struct test_result *t)
{
	const char *elem = t->cls == RC_ERROR ? "error" : "failure";

	switch (t->cls) {
	case RC_PASS:
		return;
	case RC_SKIP:
	case RC_XFAIL:
		fputs("      <skipped message=\"", f);
		esc(f, t->message, 1);
		fputs("\"/>\n", f);
		return;
	default:
		break;
	}
	fprintf(f, "      <%s message=\"", elem);
	esc(f, t->message, 1);
	fprintf(f, "\" type=\"%s\">", result_class_name(t->cls));
	write_details(f, t);
	fprintf(f, "</%s>\n", elem);
}

static void write_case(FILE *f, const struct test_result *t)
{
	fputs("    <testcase classname=\"uvmm", f);
	if (t->group) {
		fputc('.', f);
		esc(f, t->group, 1);
	}
	fputs("\" name=\"", f);
	esc(f, t->name, 1);
	fprintf(f, "\" time=\"%.3f\">\n", t->seconds);
	write_outcome(f, t);
	if (t->log_text && t->log_text[0]) {
		fputs("      <system-out>", f);
		esc(f, t->log_text, 0);
		fputs("</system-out>\n", f);
	}
	fputs("    </testcase>\n", f);
}

static void write_interruption(FILE *f, const struct suite_interruption *in)
{
	char line[1024];

	result_interruption_line(in, line, sizeof(line));
	fputs("    <testcase classname=\"uvmm\" name=\"interrupted\" time=\"0.000\">\n"
	      "      <error message=\"", f);
	esc(f, line, 1);
	fputs("\" type=\"INTERRUPTED\">", f);
	esc(f, line, 0);
	fputs("\nthe run is incomplete: tests after this point have no result</error>\n"
	      "    </testcase>\n", f);
}

int junit_write(FILE *f, const struct suite_report *r)
{
	struct result_counts c;
	unsigned failures, skipped;
	char counts[160];

	result_count(&c, r->results, r->n);
	failures = c.n[RC_FAIL] + c.n[RC_XPASS] + c.n[RC_TIMEOUT];
	skipped = c.n[RC_SKIP] + c.n[RC_XFAIL];
	/* An interruption is one more test case, in error. */
	snprintf(counts, sizeof(counts),
		 "tests=\"%zu\" failures=\"%u\" errors=\"%u\" skipped=\"%u\" time=\"%.3f\"",
		 r->n + !!r->interrupted, failures, c.n[RC_ERROR] + !!r->interrupted, skipped,
		 r->seconds);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fprintf(f, "<testsuites name=\"uvmm\" %s>\n", counts);
	fprintf(f, "  <testsuite name=\"uvmm\" %s timestamp=\"", counts);
	esc(f, r->timestamp, 1);
	fputs("\" hostname=\"", f);
	esc(f, r->hostname, 1);
	fputs("\">\n", f);
	write_properties(f, r);
	for (size_t i = 0; i < r->n; i++)
		write_case(f, &r->results[i]);
	if (r->interrupted)
		write_interruption(f, r->interrupted);
	fputs("  </testsuite>\n</testsuites>\n", f);
	fflush(f);
	return ferror(f) ? -1 : 0;
}
