#include "suite/progress.h"

#include <string.h>

#include "util/clock.h"

void progress_init(struct progress *p, FILE *out, unsigned columns, size_t total)
{
	memset(p, 0, sizeof(*p));
	p->out = out;
	p->columns = columns ? columns : 80;
	p->total = total;
	p->start = now_seconds();
}

void progress_text(const struct progress *p, double now, const char *const *running,
		   size_t nrunning, char *buf, size_t width)
{
	size_t n;

	if (!width)
		return;
	n = (size_t)snprintf(buf, width, "[%zu/%zu] %.1f s, %zu failed", p->done, p->total,
			     now - p->start, p->failed);
	for (size_t i = 0; i < nrunning && n < width - 1; i++)
		n += (size_t)snprintf(buf + n, width - n, "%s%s", i ? ", " : ", running: ", running[i]);
	/* Cut at the width, and say so. */
	if (n >= width - 1 && width > 4)
		memcpy(buf + width - 4, "...", 4);
}

void progress_draw(struct progress *p, const char *const *running, size_t nrunning)
{
	char line[512];
	size_t width = p->columns < sizeof(line) ? p->columns : sizeof(line);

	progress_text(p, now_seconds(), running, nrunning, line, width);
	/* \r and erase-line: the old text goes whatever its length. */
	fprintf(p->out, "\r\033[K%s", line);
	fflush(p->out);
	p->shown = 1;
}

void progress_clear(struct progress *p)
{
	if (!p->shown)
		return;
	fputs("\r\033[K", p->out);
	p->shown = 0;
}
