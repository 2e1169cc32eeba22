/* The UEFI platform's result recorder: keeps what the console result protocol
 * said (reports, values, the first failure) and writes this run's TAP 14
 * point in the form `uvmm test` writes (docs/runner.md), for the sequencer's
 * results file. Strings are cut to fit; nothing here allocates. */
#include <stdarg.h>

#include <uvmm/printf.h>
#include <uvmm/result_lines.h>
#include <uvmm/string.h>

#include "efi_platform.h"

#define MAX_REPORTS 64
#define MAX_VALUES 64
#define NAME_LEN 64
#define TEXT_LEN 192

struct rec_report {
	enum uvmm_result result;
	char name[NAME_LEN], reason[TEXT_LEN];
};
struct rec_value {
	char name[NAME_LEN];
	uint64_t value;
};

static struct rec_report reports[MAX_REPORTS];
static struct rec_value values[MAX_VALUES];
static unsigned nreports, nvalues;
static char failure[TEXT_LEN], skip_reason[TEXT_LEN];

static void copy(char *dst, size_t size, const char *src)
{
	size_t n = src ? strnlen(src, size - 1) : 0;

	memcpy(dst, src ? src : "", n);
	dst[n] = 0;
}

static void keep_value(const char *name, uint64_t v)
{
	unsigned i;

	for (i = 0; i < nvalues && strncmp(values[i].name, name, NAME_LEN - 1); i++)
		;
	if (i == MAX_VALUES)
		return;
	if (i == nvalues) {
		copy(values[i].name, NAME_LEN, name);
		/* The name becomes a YAML key: keep it to the documented characters. */
		for (char *c = values[i].name; *c; c++)
			if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
			      (*c >= '0' && *c <= '9') || *c == '_' || *c == '.' || *c == '-'))
				*c = '_';
		nvalues++;
	}
	values[i].value = v;
}

void result_record(const struct result_event *e, const char *line)
{
	switch (e->kind) {
	case RESULT_REPORT:
		if (nreports < MAX_REPORTS) {
			reports[nreports].result = e->result;
			copy(reports[nreports].name, NAME_LEN, e->name);
			copy(reports[nreports].reason, TEXT_LEN, e->text);
			nreports++;
		}
		if (e->result == UVMM_RESULT_FAIL && !failure[0])
			copy(failure, sizeof(failure), line);
		break;
	case RESULT_ASSERT:
	case RESULT_EXCEPTION:
		if (!failure[0])
			copy(failure, sizeof(failure), line);
		break;
	case RESULT_SKIP:
		copy(skip_reason, sizeof(skip_reason), e->text);
		break;
	case RESULT_VALUE:
		keep_value(e->name, e->v[0]);
		break;
	}
}

struct out {
	char *buf;
	size_t size, len;
	int overflow;
};

__attribute__((format(printf, 2, 3))) static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->size - o->len)
		o->overflow = 1;
	else
		o->len += (size_t)n;
}

/* A TAP description: '#' and '\' escaped, odd bytes as '?' (as uvmm's writer). */
static void put_desc(struct out *o, const char *s)
{
	for (; *s; s++)
		if (*s == '#' || *s == '\\')
			put(o, "\\%c", *s);
		else
			put(o, "%c", *s >= 0x20 && *s < 0x7f ? *s : '?');
}

static void put_yaml_string(struct out *o, const char *s)
{
	put(o, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			put(o, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			put(o, "\\x%02x", c);
		else
			put(o, "%c", c);
	}
	put(o, "\"\n");
}

static void put_subtest(struct out *o, const char *name)
{
	put(o, "# Subtest: ");
	put_desc(o, name);
	put(o, "\n    1..%u\n", nreports);
	for (unsigned i = 0; i < nreports; i++) {
		const struct rec_report *r = &reports[i];

		put(o, "    %s %u - ", r->result == UVMM_RESULT_FAIL ? "not ok" : "ok", i + 1);
		put_desc(o, r->name);
		if (r->result == UVMM_RESULT_SKIP)
			put(o, " # SKIP %s", r->reason);
		put(o, "\n");
		if (r->result == UVMM_RESULT_FAIL && r->reason[0]) {
			put(o, "      ---\n      message: ");
			put_yaml_string(o, r->reason);
			put(o, "      ...\n");
		}
	}
}

int efi_tap_point(unsigned index, const char *name, unsigned status, char *buf, size_t size)
{
	struct out o = { buf, size, 0, 0 };
	int skipped = status == UVMM_EXIT_SKIP_STATUS && !failure[0];
	int passed = status == 0 && !failure[0];
	char message[TEXT_LEN + 32];

	if (skipped)
		copy(message, sizeof(message), skip_reason);
	else if (passed)
		message[0] = 0;
	else if (failure[0])
		copy(message, sizeof(message), failure);
	else
		snprintf(message, sizeof(message), "exit status %u", status);
	if (nreports)
		put_subtest(&o, name);
	put(&o, "%s %u - ", skipped || passed ? "ok" : "not ok", index);
	put_desc(&o, name);
	if (skipped)
		put(&o, " # SKIP %s", message);
	put(&o, "\n  ---\n  class: %s\n  exit_status: %u\n  message: ",
	    skipped ? "SKIP" : passed ? "PASS" : "FAIL", status);
	put_yaml_string(&o, message);
	if (nvalues) {
		put(&o, "  values:\n");
		for (unsigned i = 0; i < nvalues; i++)
			put(&o, "    %s: \"0x%llx\"\n", values[i].name,
			    (unsigned long long)values[i].value);
	}
	put(&o, "  ...\n");
	return o.overflow ? -1 : (int)o.len;
}
