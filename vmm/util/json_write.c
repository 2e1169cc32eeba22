/* The writer keeps one small state per nesting level (how many items so far,
 * object or array) so that commas, the key/value alternation and the
 * indentation are right by construction; a misuse sets w->error and the
 * document is reported as failed by jw_finish instead of being half valid. */
#include "util/json_write.h"

/* One thread writes each file: the _unlocked stdio calls skip a lock per byte. */

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"

/* Bytes that go out as they are: printable ASCII but the few that need an
 * escape. Runs of them are written with one fwrite (files of 100 MB). */
static int plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' &&
	       c != '\'';
}

void json_put_string(FILE *f, const char *str, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;

	fputc_unlocked('"', f);
	for (size_t i = 0; i < len;) {
		unsigned char c = s[i];
		char esc[16];
		uint32_t cp;
		size_t n;

		if (plain(c)) {
			n = 1;
			while (i + n < len && plain(s[i + n]))
				n++;
			fwrite_unlocked(s + i, 1, n, f);
			i += n;
			continue;
		}
		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			n = 2;
		} else if (c == '\n' || c == '\t' || c == '\r') {
			esc[0] = '\\';
			esc[1] = c == '\n' ? 'n' : c == '\t' ? 't' : 'r';
			n = 2;
		} else if (c < 0x80) {
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			n = 6;
		} else if ((n = utf8_decode(s + i, len - i, &cp))) {
			i += n;
			if (cp >= 0x10000) {
				cp -= 0x10000;
				fprintf(f, "\\u%04x\\u%04x", 0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
			} else {
				fprintf(f, "\\u%04x", cp);
			}
			continue;
		} else {
			memcpy(esc, "\\ufffd", 6);
			n = 6;
		}
		fwrite_unlocked(esc, 1, n, f);
		i++;
	}
	fputc_unlocked('"', f);
}

void jw_init(struct json_writer *w, FILE *f, int pretty)
{
	memset(w, 0, sizeof(*w));
	w->f = f;
	w->pretty = pretty;
}

static void newline(struct json_writer *w)
{
	static const char spaces[] = "\n                                                                "
				     "                                                                ";

	if (!w->pretty)
		return;
	/* depth < JSON_WRITE_MAX_DEPTH: 1 + 2 * 63 bytes fit */
	fwrite_unlocked(spaces, 1, 1 + 2 * (size_t)w->depth, w->f);
}

/* Everything that starts a value: the comma and indentation before it, or
 * nothing right after its key. Returns -1 (and marks the error) on misuse. */
static int before_value(struct json_writer *w)
{
	if (w->error)
		return -1;
	if (w->want_value) {
		w->want_value = 0;
		return 0;
	}
	if (w->depth == 0) {
		if (w->count[0]) /* a second top-level value */
			return w->error = 1, -1;
		w->count[0] = 1;
		return 0;
	}
	if (w->is_object[w->depth]) /* a value in an object needs its key first */
		return w->error = 1, -1;
	if (w->count[w->depth])
		fputc_unlocked(',', w->f);
	if (w->count[w->depth] < 255)
		w->count[w->depth]++;
	newline(w);
	return 0;
}

void jw_key_len(struct json_writer *w, const char *key, size_t len)
{
	if (w->error || w->want_value || w->depth == 0 || !w->is_object[w->depth] || !key) {
		w->error = 1;
		return;
	}
	if (w->count[w->depth])
		fputc_unlocked(',', w->f);
	if (w->count[w->depth] < 255)
		w->count[w->depth]++;
	newline(w);
	json_put_string(w->f, key, len);
	fputs_unlocked(w->pretty ? ": " : ":", w->f);
	w->want_value = 1;
}

void jw_key(struct json_writer *w, const char *key)
{
	if (!key) {
		w->error = 1;
		return;
	}
	jw_key_len(w, key, strlen(key));
}

static void open_container(struct json_writer *w, int object)
{
	if (before_value(w) < 0)
		return;
	if (w->depth + 1 >= JSON_WRITE_MAX_DEPTH) {
		w->error = 1;
		return;
	}
	fputc_unlocked(object ? '{' : '[', w->f);
	w->depth++;
	w->count[w->depth] = 0;
	w->is_object[w->depth] = (unsigned char)object;
}

static void close_container(struct json_writer *w, int object)
{
	int empty;

	if (w->error || w->want_value || w->depth == 0 || w->is_object[w->depth] != object) {
		w->error = 1;
		return;
	}
	empty = w->count[w->depth] == 0;
	w->depth--;
	if (!empty)
		newline(w);
	fputc_unlocked(object ? '}' : ']', w->f);
}

void jw_object_begin(struct json_writer *w) { open_container(w, 1); }
void jw_object_end(struct json_writer *w) { close_container(w, 1); }
void jw_array_begin(struct json_writer *w) { open_container(w, 0); }
void jw_array_end(struct json_writer *w) { close_container(w, 0); }

void jw_string_len(struct json_writer *w, const char *s, size_t len)
{
	if (before_value(w) < 0)
		return;
	if (s)
		json_put_string(w->f, s, len);
	else
		fputs_unlocked("null", w->f);
}

void jw_string(struct json_writer *w, const char *s)
{
	jw_string_len(w, s, s ? strlen(s) : 0);
}

static void put_uint(FILE *f, unsigned long long v, int negative)
{
	char buf[24];
	size_t n = sizeof(buf);

	do {
		buf[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (negative)
		buf[--n] = '-';
	fwrite_unlocked(buf + n, 1, sizeof(buf) - n, f);
}

void jw_int(struct json_writer *w, long long v)
{
	if (before_value(w) == 0)
		put_uint(w->f, v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v, v < 0);
}

void jw_uint(struct json_writer *w, unsigned long long v)
{
	if (before_value(w) == 0)
		put_uint(w->f, v, 0);
}

void jw_double(struct json_writer *w, double v)
{
	char buf[40];

	if (before_value(w) < 0)
		return;
	if (!isfinite(v)) {
		fputs_unlocked("null", w->f);
		return;
	}
	/* %.15g is exact for most values people read; %.17g always is. */
	snprintf(buf, sizeof(buf), "%.15g", v);
	if (strtod(buf, NULL) != v)
		snprintf(buf, sizeof(buf), "%.17g", v);
	fputs_unlocked(buf, w->f);
}

void jw_bool(struct json_writer *w, int v)
{
	if (before_value(w) == 0)
		fputs_unlocked(v ? "true" : "false", w->f);
}

void jw_null(struct json_writer *w)
{
	if (before_value(w) == 0)
		fputs_unlocked("null", w->f);
}

void jw_raw(struct json_writer *w, const char *text, size_t len)
{
	if (before_value(w) == 0)
		fwrite_unlocked(text, 1, len, w->f);
}

void jw_kv_string(struct json_writer *w, const char *key, const char *s)
{
	jw_key(w, key);
	jw_string(w, s);
}

void jw_kv_int(struct json_writer *w, const char *key, long long v)
{
	jw_key(w, key);
	jw_int(w, v);
}

void jw_kv_uint(struct json_writer *w, const char *key, unsigned long long v)
{
	jw_key(w, key);
	jw_uint(w, v);
}

void jw_kv_double(struct json_writer *w, const char *key, double v)
{
	jw_key(w, key);
	jw_double(w, v);
}

void jw_kv_bool(struct json_writer *w, const char *key, int v)
{
	jw_key(w, key);
	jw_bool(w, v);
}

int jw_finish(struct json_writer *w)
{
	if (w->error || w->depth || w->want_value || !w->count[0])
		return -1;
	fputc_unlocked('\n', w->f);
	fflush(w->f);
	return ferror(w->f) ? -1 : 0;
}
