/* A text buffer that is either fixed (like snprintf: len counts what was
 * needed, the text is cut) or growing (realloc), for formatters. */
#ifndef UVMM_UTIL_SBUF_H
#define UVMM_UTIL_SBUF_H

#include <stddef.h>
#include <stdint.h>

struct sbuf {
	char *buf;
	size_t size, len;
	int dyn; /* grow buf with realloc */
};
void sb_putc(struct sbuf *sb, char ch);
void sb_puts(struct sbuf *sb, const char *s);
void sb_printf(struct sbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_quote(struct sbuf *sb, const uint8_t *s, size_t len);
const char *sb_str(struct sbuf *sb); /* NUL-terminated contents */

#endif
