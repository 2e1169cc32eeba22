#include "util/text_escape.h"

#include <string.h>

void fput_escaped(FILE *f, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			fputc(c, f);
		else
			fprintf(f, "\\x%02x", c);
	}
}

char *escape_to(char *dst, size_t size, const char *s, size_t len)
{
	size_t n = 0;

	if (!size)
		return dst;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		int plain = c >= 0x20 && c < 0x7f && c != '\\';

		if (n + (plain ? 1 : 4) >= size)
			break;
		if (plain)
			dst[n++] = (char)c;
		else
			n += (size_t)snprintf(dst + n, size - n, "\\x%02x", c);
	}
	dst[n] = 0;
	return dst;
}
