#include "util/text_escape.h"

static int plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '\\';
}

void fput_escaped(FILE *f, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (plain(c))
			fputc(c, f);
		else
			fprintf(f, "\\x%02x", c);
	}
}

size_t sn_escaped(char *buf, size_t size, size_t at, const char *s, size_t len)
{
	for (size_t i = 0; i < len && at + 5 <= size; i++) {
		unsigned char c = (unsigned char)s[i];

		if (plain(c))
			buf[at++] = (char)c;
		else
			at += (size_t)snprintf(buf + at, size - at, "\\x%02x", c);
	}
	if (size)
		buf[at < size ? at : size - 1] = 0;
	return at;
}
