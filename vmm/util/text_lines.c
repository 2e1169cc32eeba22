#include "util/text_lines.h"

#include <stdlib.h>
#include <string.h>

int text_each_line(const char *text, size_t len, unsigned *lineno,
		   int (*fn)(void *arg, char *line), void *arg)
{
	size_t pos = 0;

	*lineno = 0;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		char *line = strndup(text + pos, n);
		int r;

		++*lineno;
		if (!line)
			return TEXT_LINES_NOMEM;
		r = strlen(line) == n ? fn(arg, line) : TEXT_LINES_NUL;
		free(line);
		if (r < 0)
			return r;
		pos += n + 1;
	}
	return 0;
}
