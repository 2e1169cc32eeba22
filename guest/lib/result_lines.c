/* The console result protocol's lines (uvmm/result_lines.h), written in one
 * place so the runtime's printers and uvmm's parser agree on one form, and
 * report_value, whose text under uvmm is that same line. */
#include <uvmm/console.h>
#include <uvmm/hypercall.h>
#include <uvmm/printf.h>
#include <uvmm/result_lines.h>
#include <uvmm/string.h>
#include <uvmm/value.h>

#define LINE_MAX_LEN 512

int result_format(const struct result_event *e, char *buf, unsigned long size)
{
	static const char *const words[] = UVMM_RESULT_WORDS;
	int n;

	switch (e->kind) {
	case RESULT_REPORT:
		return snprintf(buf, size, "report %s %s%s%s",
				(unsigned)e->result < 3 ? words[e->result] : "?", e->name,
				e->text ? " " : "", e->text ? e->text : "");
	case RESULT_ASSERT:
		n = snprintf(buf, size, "assertion failed: %s:%llu: %s", e->name,
			     (unsigned long long)e->line, e->text);
		if (e->has_values && n >= 0 && (unsigned long)n < size)
			n += snprintf(buf + n, size - (unsigned long)n, " (0x%llx vs 0x%llx)",
				      (unsigned long long)e->v[0], (unsigned long long)e->v[1]);
		return n;
	case RESULT_EXCEPTION:
		return snprintf(buf, size, "unhandled exception %llu error 0x%llx rip 0x%llx cr2 0x%llx",
				(unsigned long long)e->v[0], (unsigned long long)e->v[1],
				(unsigned long long)e->v[2], (unsigned long long)e->v[3]);
	case RESULT_SKIP:
		return snprintf(buf, size, "skip: %s", e->text);
	case RESULT_VALUE:
		return snprintf(buf, size, "value %s 0x%llx", e->name, (unsigned long long)e->v[0]);
	}
	return snprintf(buf, size, "?");
}

void result_emit(const struct result_event *e)
{
	static char line[LINE_MAX_LEN];
	int n = result_format(e, line, sizeof(line));

	if (n < 0)
		return;
	console_write(line, strnlen(line, sizeof(line)));
	console_putc('\n');
	result_record(e, line);
}

void report_value(const char *name, uint64_t value)
{
	struct result_event e = { .kind = RESULT_VALUE, .name = name, .v = { value } };
	static char text[LINE_MAX_LEN];
	struct uvmm_hc_console b;
	int n = result_format(&e, text, sizeof(text) - 1);

	if (n < 0 || (unsigned)n >= sizeof(text) - 1)
		return;
	text[n] = '\n';
	b = (struct uvmm_hc_console){ .buf = uvmm_gpa(text), .len = (unsigned)n + 1 };
	if (uvmm_hypercall_checked(UVMM_HC_DEBUG, &b) == UVMM_HC_UNANSWERED)
		result_emit(&e);
}
