/* A strict JSON (RFC 8259) parser into a read-only tree: anything that is not
 * exactly one valid JSON text is refused with "line L, column C: reason". */
#ifndef UVMM_UTIL_JSON_PARSE_H
#define UVMM_UTIL_JSON_PARSE_H

#include <stddef.h>

#include "util/json_write.h"

#define JSON_PARSE_MAX_DEPTH 64
#define JSON_FILE_MAX (256u << 20) /* json_load_file refuses larger files */

/* Refused: bytes that are not UTF-8 (overlong forms, encoded surrogates), a
 * byte-order mark, raw control characters in strings, unknown escapes, lone
 * surrogate escapes, leading zeros, '+', '.5', '1.', NaN/Infinity, numbers
 * out of double's range, trailing commas, duplicate keys in one object,
 * nesting deeper than JSON_PARSE_MAX_DEPTH, and anything after the value
 * but white space. "\u0000" is accepted: a string's len counts its bytes. */
enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json_member;

struct json_value {
	enum json_type type;
	size_t len;                    /* string: bytes; array: items; object: members */
	union {
		int boolean;
		struct {
			double value;
			const char *text;      /* the token as written (for re-emitting it) */
		} num;
		const char *str;           /* UTF-8, NUL-terminated (NUL may also occur inside) */
		struct json_value *items;
		struct json_member *members; /* in file order */
	} u;
};

struct json_member {
	const char *key;               /* NUL-terminated */
	size_t keylen;
	struct json_value value;
};

struct json_arena;

struct json_doc {
	struct json_value root;
	struct json_arena *arena;      /* owns every node and string */
};

/* Parses text[0..len). Returns 0, or -1 with the reason; *doc must be freed
 * either way (json_doc_free on a zeroed doc is a no-op). */
int json_parse(struct json_doc *doc, const char *text, size_t len, char *err, size_t errlen);
/* Reads and parses path (at most max bytes; 0: JSON_FILE_MAX). The reason
 * starts with the path. */
int json_load_file(struct json_doc *doc, const char *path, size_t max, char *err, size_t errlen);
void json_doc_free(struct json_doc *doc);

/* The member key of object obj, or NULL (also when obj is not an object). */
const struct json_value *json_get(const struct json_value *obj, const char *key);
/* v's text when it is a string, else NULL. */
const char *json_str(const struct json_value *v);
/* The string member key of obj, or NULL when absent or not a string. */
const char *json_get_str(const struct json_value *obj, const char *key);
/* The number member key of obj into *out; 0, or -1 when absent or not a number. */
int json_get_num(const struct json_value *obj, const char *key, double *out);

/* Writes v through w (numbers as their original tokens). */
void json_write_value(struct json_writer *w, const struct json_value *v);

#endif
