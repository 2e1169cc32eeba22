/* A small streaming JSON writer: objects, arrays, keys and scalars with the
 * commas and indentation done for the caller, every string escaped. */
#ifndef UVMM_UTIL_JSON_WRITE_H
#define UVMM_UTIL_JSON_WRITE_H

#include <stddef.h>
#include <stdio.h>

#define JSON_WRITE_MAX_DEPTH 64

/* Output is pure printable ASCII whatever the input: '"', '\\', control
 * bytes, DEL, '<', '>', '&' and '\'' are \-escaped, valid UTF-8 becomes
 * \uXXXX (surrogate pairs above U+FFFF), bytes that are not valid UTF-8
 * become \ufffd. So the text can go into a serial channel, an HTML
 * <script> element or an XML attribute as it is. */
struct json_writer {
	FILE *f;
	int pretty;              /* newline and two-space indent per level */
	unsigned depth;
	int error;               /* misuse (a key outside an object, too deep, ...) */
	int want_value;          /* a key was written: a value must follow */
	unsigned char count[JSON_WRITE_MAX_DEPTH]; /* items so far at each level (saturating) */
	unsigned char is_object[JSON_WRITE_MAX_DEPTH];
};

void jw_init(struct json_writer *w, FILE *f, int pretty);

void jw_object_begin(struct json_writer *w);
void jw_object_end(struct json_writer *w);
void jw_array_begin(struct json_writer *w);
void jw_array_end(struct json_writer *w);

/* The key of the next member (only inside an object). */
void jw_key(struct json_writer *w, const char *key);
void jw_key_len(struct json_writer *w, const char *key, size_t len);

/* s[0..len) (it may hold NUL bytes); NULL writes null. */
void jw_string_len(struct json_writer *w, const char *s, size_t len);
void jw_string(struct json_writer *w, const char *s);
void jw_int(struct json_writer *w, long long v);
void jw_uint(struct json_writer *w, unsigned long long v);
/* The shortest text that reads back as v; NaN and infinities become null. */
void jw_double(struct json_writer *w, double v);
void jw_bool(struct json_writer *w, int v);
void jw_null(struct json_writer *w);
/* A JSON text the caller vouches for (a number token read by json_parse). */
void jw_raw(struct json_writer *w, const char *text, size_t len);

/* key + value in one call. */
void jw_kv_string(struct json_writer *w, const char *key, const char *s);
void jw_kv_int(struct json_writer *w, const char *key, long long v);
void jw_kv_uint(struct json_writer *w, const char *key, unsigned long long v);
void jw_kv_double(struct json_writer *w, const char *key, double v);
void jw_kv_bool(struct json_writer *w, const char *key, int v);

/* Ends the document (a final newline). Returns 0, or -1 when the calls did
 * not form one complete value or writing failed. */
int jw_finish(struct json_writer *w);

/* The escaped, quoted form of s[0..len) alone (the string rule above). */
void json_put_string(FILE *f, const char *s, size_t len);

#endif
