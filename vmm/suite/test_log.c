#include "suite/test_log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads up to len bytes at off into buf; returns the count. */
static size_t read_at(FILE *f, long off, char *buf, size_t len)
{
	if (fseek(f, off, SEEK_SET) < 0)
		return 0;
	return fread(buf, 1, len, f);
}

/* A log over the bound keeps its head and its tail: a guest that floods its
 * console must not push uvmm's own verdict, which comes last, out of it. */
char *test_log_read(const char *path)
{
	FILE *f = fopen(path, "re");
	char *text;
	size_t n;
	long size;

	if (!f)
		return NULL;
	text = malloc(TEST_LOG_TEXT_MAX + 1);
	if (text && (fseek(f, 0, SEEK_END) < 0 || (size = ftell(f)) < 0))
		size = 0;
	if (text && (unsigned long)size <= TEST_LOG_TEXT_MAX) {
		n = read_at(f, 0, text, TEST_LOG_TEXT_MAX);
	} else if (text) {
		char cut[80];
		size_t half = TEST_LOG_TEXT_MAX / 2, c;

		n = read_at(f, 0, text, half - sizeof(cut));
		c = (size_t)snprintf(cut, sizeof(cut), "\n[... %lu bytes of this log cut here ...]\n",
				     (unsigned long)size - (half - sizeof(cut)) - half);
		memcpy(text + n, cut, c);
		n += c;
		n += read_at(f, size - (long)half, text + n, half);
	}
	if (text) {
		text[n] = 0;
		/* A NUL from the guest console would cut the text short. */
		for (size_t i = 0; i < n; i++)
			if (!text[i])
				text[i] = ' ';
	}
	fclose(f);
	return text;
}

void test_log_hint(const char *text, char *hint, size_t len)
{
	static const char prefix[] = "uvmm: ";
	const char *p = text;

	hint[0] = 0;
	while (p && *p) {
		if (!strncmp(p, prefix, sizeof(prefix) - 1)) {
			p += sizeof(prefix) - 1;
			snprintf(hint, len, "%.*s", (int)strcspn(p, "\n"), p);
			return;
		}
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
}
