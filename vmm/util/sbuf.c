#include "util/sbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static int sb_room(struct sbuf *sb, size_t more)
{
	if (sb->len + more < sb->size)
		return 1;
	if (!sb->dyn)
		return 0;
	size_t want = sb->size ? sb->size : 256;
	while (want <= sb->len + more)
		want *= 2;
	char *nb = realloc(sb->buf, want);
	if (!nb)
		return 0;
	sb->buf = nb;
	sb->size = want;
	return 1;
}

void sb_putc(struct sbuf *sb, char ch)
{
	if (sb_room(sb, 1))
		sb->buf[sb->len] = ch;
	sb->len++;
}

void sb_puts(struct sbuf *sb, const char *s)
{
	while (*s)
		sb_putc(sb, *s++);
}

void sb_printf(struct sbuf *sb, const char *fmt, ...)
{
	char tmp[128];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	sb_puts(sb, tmp);
}

/* Printable ASCII stays; everything else is an escape the parser knows. */
void sb_quote(struct sbuf *sb, const uint8_t *s, size_t len)
{
	static const char short_esc[][2] = {
		{ '\n', 'n' }, { '\r', 'r' }, { '\t', 't' }, { '\0', '0' }, { '\\', '\\' }, { '"', '"' },
	};
	sb_putc(sb, '"');
	for (size_t i = 0; i < len; i++) {
		size_t k;
		for (k = 0; k < sizeof(short_esc) / sizeof(short_esc[0]); k++)
			if ((char)s[i] == short_esc[k][0])
				break;
		if (k < sizeof(short_esc) / sizeof(short_esc[0])) {
			sb_putc(sb, '\\');
			sb_putc(sb, short_esc[k][1]);
		} else if (s[i] >= 0x20 && s[i] < 0x7f) {
			sb_putc(sb, (char)s[i]);
		} else {
			sb_printf(sb, "\\x%02x", s[i]);
		}
	}
	sb_putc(sb, '"');
}

const char *sb_str(struct sbuf *sb)
{
	if (sb->size == 0 && !sb_room(sb, 1))
		return "";
	sb->buf[sb->len < sb->size ? sb->len : sb->size - 1] = '\0';
	return sb->buf;
}
