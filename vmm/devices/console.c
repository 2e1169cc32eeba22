/* Guest bytes never reach the operator raw: each console line starts with
 * CONSOLE_PREFIX, which no uvmm message does, and every byte that is not
 * printable ASCII, a tab or a newline is written as \xNN, so a guest can
 * neither forge a "uvmm:" line (in a log shared with uvmm's messages) nor
 * drive the terminal. The limit counts bytes written, prefix and escapes
 * included, so it bounds the file a flooding guest can grow. */
#include "devices/console.h"

#include <string.h>

void console_init(struct console *c, FILE *out, uint64_t limit)
{
	c->out = out;
	c->limit = limit;
	c->total = 0;
	c->written = 0;
	c->dropped = 0;
	c->at_line_start = 1;
}

/* Emits n bytes if they fit in what the limit leaves; else drops the rest of
 * this write (the caller counts what the guest wrote, not what we emit). */
static int emit(struct console *c, const char *s, size_t n)
{
	if (c->written + n > c->limit)
		return -1;
	fwrite(s, 1, n, c->out);
	c->written += n;
	return 0;
}

void console_write(struct console *c, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	size_t i;

	c->total += len;
	if (!c->out || c->dropped) {
		c->dropped += c->out ? len : 0;
		return;
	}
	for (i = 0; i < len; i++) {
		unsigned char b = p[i];
		char esc[5];
		int r = 0;

		if (c->at_line_start && b != '\n')
			r = emit(c, CONSOLE_PREFIX, sizeof(CONSOLE_PREFIX) - 1);
		if (r == 0 && (b == '\n' || b == '\t' || (b >= 0x20 && b < 0x7f)))
			r = emit(c, (const char *)&b, 1);
		else if (r == 0) {
			snprintf(esc, sizeof(esc), "\\x%02x", b);
			r = emit(c, esc, 4);
		}
		if (r < 0) {
			c->dropped += len - i;
			return;
		}
		c->at_line_start = b == '\n';
	}
}

void console_finish(struct console *c)
{
	if (!c->out)
		return;
	if (!c->at_line_start)
		fputc('\n', c->out);
	if (c->dropped)
		fprintf(c->out, "uvmm: console output limit reached (%llu bytes): %llu of the guest's "
			"%llu bytes dropped\n", (unsigned long long)c->limit,
			(unsigned long long)c->dropped, (unsigned long long)c->total);
	fflush(c->out);
	c->at_line_start = 1;
}
