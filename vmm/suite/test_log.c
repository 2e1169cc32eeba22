#include "suite/test_log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *test_log_read(const char *path)
{
	FILE *f = fopen(path, "re");
	char *text;
	size_t n;

	if (!f)
		return NULL;
	text = malloc(TEST_LOG_TEXT_MAX + 1);
	if (text) {
		n = fread(text, 1, TEST_LOG_TEXT_MAX, f);
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
