/* Console protocol parser. Strict about the forms (the runtime writes them
 * in one place, guest/lib/result_lines.c), lenient about the rest: firmware
 * menus, escape sequences and a test's own prints are not results. */
#include "xplat/console_proto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uvmm/abi.h"

#define LINE_MAX_LEN 1024

static int starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* Copies src into dst as printable ASCII (the rest becomes '?'). */
static void copy_text(char *dst, size_t size, const char *src)
{
	size_t i;

	for (i = 0; src[i] && i + 1 < size; i++)
		dst[i] = src[i] >= 0x20 && src[i] < 0x7f ? src[i] : '?';
	dst[i] = 0;
}

static void fail(struct console_result *r, const char *text)
{
	if (!r->failed)
		copy_text(r->failure, sizeof(r->failure), text);
	r->failed = 1;
}

/* "report pass|fail|skip NAME[ REASON]" */
static void on_report(struct console_result *r, const char *line)
{
	static const char *const words[] = UVMM_RESULT_WORDS;
	const char *p = line + strlen("report "), *name, *sp;
	struct session_report *rep;
	int result = -1;

	for (int i = 0; i < 3; i++)
		if (starts(p, words[i]) && p[strlen(words[i])] == ' ')
			result = i;
	if (result < 0)
		return;
	name = p + strlen(words[result]) + 1;
	if (!*name || *name == ' ')
		return;
	if (result == UVMM_RESULT_FAIL)
		fail(r, line);
	if (r->nreports == SESSION_MAX_REPORTS)
		return;
	rep = &r->reports[r->nreports++];
	rep->result = result;
	sp = strchr(name, ' ');
	snprintf(rep->name, sizeof(rep->name), "%.*s", sp ? (int)(sp - name) : (int)strlen(name), name);
	copy_text(rep->reason, sizeof(rep->reason), sp ? sp + 1 : "");
}

static void on_line(struct console_result *r, const char *line)
{
	struct named_value v;
	char *end;

	if (!*line)
		return;
	copy_text(r->last_line, sizeof(r->last_line), line);
	if (starts(line, "report "))
		on_report(r, line);
	else if (starts(line, "assertion failed: ") || starts(line, "unhandled exception "))
		fail(r, line);
	else if (starts(line, "skip: ")) {
		r->skipped = 1;
		copy_text(r->skip_reason, sizeof(r->skip_reason), line + strlen("skip: "));
	} else if (value_line_parse(line, strlen(line), &v))
		value_set_put(r->values, &r->nvalues, SESSION_MAX_VALUES, &v);
	else if (starts(line, "uvmm-efi: start "))
		r->started = 1;
	else if (starts(line, "uvmm-efi: exit ")) {
		unsigned long s = strtoul(line + strlen("uvmm-efi: exit "), &end, 10);

		if (!*end) {
			r->exited = 1;
			r->exit_status = (unsigned)s;
		}
	}
}

void console_parse(const char *buf, size_t len, struct console_result *r)
{
	char line[LINE_MAX_LEN];
	size_t n = 0;

	memset(r, 0, sizeof(*r));
	for (size_t i = 0; i <= len; i++) {
		char c = i < len ? buf[i] : '\n';

		if (c == '\n') {
			line[n] = 0;
			on_line(r, line);
			n = 0;
		} else if (c == '\033') {
			/* CSI: ESC [ parameters final-byte (0x40..0x7e). */
			if (i + 1 < len && buf[i + 1] == '[')
				for (i += 2; i < len && !(buf[i] >= 0x40 && buf[i] <= 0x7e); i++)
					;
		} else if (c != '\r' && n + 1 < sizeof(line)) {
			line[n++] = c;
		}
	}
}
