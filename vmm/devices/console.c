#include "devices/console.h"

void console_init(struct console *c, FILE *out, uint64_t limit)
{
	c->out = out;
	c->limit = limit;
	c->total = 0;
	c->at_line_start = 1;
}

void console_write(struct console *c, const void *buf, size_t len)
{
	uint64_t room = c->total < c->limit ? c->limit - c->total : 0;
	size_t n = len < room ? len : (size_t)room;

	c->total += len;
	if (!c->out || !n)
		return;
	fwrite(buf, 1, n, c->out);
	c->at_line_start = ((const char *)buf)[n - 1] == '\n';
}

void console_finish(struct console *c)
{
	if (!c->out)
		return;
	if (!c->at_line_start)
		fputc('\n', c->out);
	if (c->total > c->limit)
		fprintf(c->out, "[uvmm: console output limit reached, %llu of %llu bytes dropped]\n",
			(unsigned long long)(c->total - c->limit), (unsigned long long)c->total);
	fflush(c->out);
	c->at_line_start = 1;
}
