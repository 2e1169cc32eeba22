/* Recursive descent over the bytes, with the children of an array or object
 * gathered on a scratch stack and copied into the arena once their count is
 * known: one allocation per container, none per string but arena bumps. */
#include "util/json_parse.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/errmsg.h"
#include "util/utf8.h"

#define ARENA_BLOCK (256u << 10)

struct json_arena {
	struct json_arena *next;
	size_t used, size;
	max_align_t data[];
};

struct parser {
	const unsigned char *s, *start;
	size_t left;
	unsigned depth;
	struct json_arena **arena;
	/* scratch stacks shared by every nesting level */
	struct json_value *vals;
	size_t nvals, capvals;
	struct json_member *mems;
	size_t nmems, capmems;
	char *err;
	size_t errlen;
	int failed;
};

static void *arena_alloc(struct json_arena **a, size_t n)
{
	struct json_arena *b = *a;
	size_t align = sizeof(max_align_t);

	n = (n + align - 1) / align * align;
	if (!b || b->size - b->used < n) {
		size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		b = malloc(sizeof(*b) + size);
		if (!b)
			return NULL;
		b->next = *a;
		b->used = 0;
		b->size = size;
		*a = b;
	}
	b->used += n;
	return (char *)b->data + b->used - n;
}

static int fail(struct parser *p, const char *why)
{
	unsigned line = 1, col = 1;

	if (p->failed)
		return -1;
	for (const unsigned char *c = p->start; c < p->s; c++) {
		if (*c == '\n') {
			line++;
			col = 1;
		} else if ((*c & 0xc0) != 0x80) {
			col++;
		}
	}
	p->failed = 1;
	return errmsg(p->err, p->errlen, "line %u, column %u: %s", line, col, why);
}

static void skip_ws(struct parser *p)
{
	while (p->left && (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r')) {
		p->s++;
		p->left--;
	}
}

static int literal(struct parser *p, const char *word, struct json_value *v, enum json_type t,
		   int b)
{
	size_t n = strlen(word);

	if (p->left < n || memcmp(p->s, word, n))
		return fail(p, "invalid literal (expected a value)");
	p->s += n;
	p->left -= n;
	v->type = t;
	v->u.boolean = b;
	return 0;
}

static size_t digits(const unsigned char *s, size_t left)
{
	size_t n = 0;

	while (n < left && s[n] >= '0' && s[n] <= '9')
		n++;
	return n;
}

static int number(struct parser *p, struct json_value *v)
{
	const unsigned char *s = p->s;
	size_t left = p->left, i = 0, d;
	char *text, *end;

	if (i < left && s[i] == '-')
		i++;
	d = digits(s + i, left - i);
	if (!d)
		return fail(p, "invalid number (a digit must follow '-' or start it)");
	if (d > 1 && s[i] == '0')
		return fail(p, "invalid number (leading zero)");
	i += d;
	if (i < left && s[i] == '.') {
		d = digits(s + i + 1, left - i - 1);
		if (!d)
			return fail(p, "invalid number (a digit must follow '.')");
		i += 1 + d;
	}
	if (i < left && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < left && (s[i] == '+' || s[i] == '-'))
			i++;
		d = digits(s + i, left - i);
		if (!d)
			return fail(p, "invalid number (a digit must follow the exponent)");
		i += d;
	}
	text = arena_alloc(p->arena, i + 1);
	if (!text)
		return fail(p, "out of memory");
	memcpy(text, s, i);
	text[i] = 0;
	errno = 0;
	v->u.num.value = strtod(text, &end);
	if (end != text + i || !isfinite(v->u.num.value))
		return fail(p, "number out of range");
	v->type = JSON_NUMBER;
	v->u.num.text = text;
	v->len = i;
	p->s += i;
	p->left -= i;
	return 0;
}

static int hex4(const unsigned char *s, uint32_t *out)
{
	uint32_t v = 0;

	for (int i = 0; i < 4; i++) {
		unsigned char c = s[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	*out = v;
	return 0;
}

static size_t put_utf8(char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | cp >> 12);
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | cp >> 18);
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* \uXXXX at p->s (the backslash already consumed), a surrogate pair whole. */
static int unicode_escape(struct parser *p, uint32_t *cp)
{
	uint32_t lo;

	if (p->left < 5 || hex4(p->s + 1, cp) < 0)
		return fail(p, "invalid \\u escape (four hex digits needed)");
	p->s += 5;
	p->left -= 5;
	if (*cp >= 0xdc00 && *cp <= 0xdfff)
		return fail(p, "lone low surrogate in \\u escape");
	if (*cp < 0xd800 || *cp > 0xdbff)
		return 0;
	if (p->left < 6 || p->s[0] != '\\' || p->s[1] != 'u' || hex4(p->s + 2, &lo) < 0 ||
	    lo < 0xdc00 || lo > 0xdfff)
		return fail(p, "high surrogate without its low surrogate in \\u escape");
	*cp = 0x10000 + ((*cp - 0xd800) << 10) + (lo - 0xdc00);
	p->s += 6;
	p->left -= 6;
	return 0;
}

/* Decodes the string at p->s (opening quote) into the arena. */
static int string(struct parser *p, const char **out, size_t *outlen)
{
	static const char simple[][2] = { { '"', '"' }, { '\\', '\\' }, { '/', '/' }, { 'b', '\b' },
					  { 'f', '\f' }, { 'n', '\n' }, { 'r', '\r' }, { 't', '\t' } };
	const unsigned char *scan = p->s + 1;
	size_t left = p->left - 1, n = 0;
	char *o;
	uint32_t cp;

	/* Decoded text is never longer than the source: size the copy first. */
	while (left && *scan != '"') {
		size_t step = *scan == '\\' && left > 1 ? 2 : 1;
		scan += step;
		left -= step;
	}
	if (!left) {
		p->s += p->left;
		p->left = 0;
		return fail(p, "unterminated string");
	}
	o = arena_alloc(p->arena, (size_t)(scan - p->s));
	if (!o)
		return fail(p, "out of memory");
	p->s++;
	p->left--;
	while (*p->s != '"') {
		unsigned char c = *p->s;
		size_t k;

		if (c < 0x20)
			return fail(p, "control character in string (must be escaped)");
		if (c >= 0x80) {
			k = utf8_decode(p->s, p->left, &cp);
			if (!k)
				return fail(p, "invalid UTF-8 in string");
			memcpy(o + n, p->s, k);
			n += k;
			p->s += k;
			p->left -= k;
			continue;
		}
		if (c != '\\') {
			o[n++] = (char)c;
			p->s++;
			p->left--;
			continue;
		}
		p->s++;
		p->left--;
		if (*p->s == 'u') {
			if (unicode_escape(p, &cp) < 0)
				return -1;
			n += put_utf8(o + n, cp);
			continue;
		}
		for (k = 0; k < sizeof(simple) / sizeof(simple[0]) && simple[k][0] != (char)*p->s; k++)
			;
		if (k == sizeof(simple) / sizeof(simple[0]))
			return fail(p, "invalid escape in string");
		o[n++] = simple[k][1];
		p->s++;
		p->left--;
	}
	o[n] = 0;
	p->s++;
	p->left--;
	*out = o;
	*outlen = n;
	return 0;
}

static int value(struct parser *p, struct json_value *v);

/* Appends one item of size bytes to a scratch stack (arr, n, cap). */
static int push(struct parser *p, void **arr, size_t *n, size_t *cap, const void *item,
		size_t size)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 64;
		void *grown = realloc(*arr, c * size);
		if (!grown)
			return fail(p, "out of memory");
		*arr = grown;
		*cap = c;
	}
	memcpy((char *)*arr + *n * size, item, size);
	(*n)++;
	return 0;
}

static int push_value(struct parser *p, const struct json_value *v)
{
	return push(p, (void **)&p->vals, &p->nvals, &p->capvals, v, sizeof(*v));
}

static int push_member(struct parser *p, const struct json_member *m)
{
	return push(p, (void **)&p->mems, &p->nmems, &p->capmems, m, sizeof(*m));
}

static int key_cmp(const void *a, const void *b)
{
	const struct json_member *x = *(const struct json_member *const *)a;
	const struct json_member *y = *(const struct json_member *const *)b;
	size_t n = x->keylen < y->keylen ? x->keylen : y->keylen;
	int c = memcmp(x->key, y->key, n);

	return c ? c : (x->keylen > y->keylen) - (x->keylen < y->keylen);
}

/* A duplicate key is refused: two readers must never see two values. */
static const struct json_member *duplicate_key(struct json_member *m, size_t n)
{
	const struct json_member **sorted, *dup = NULL;

	if (n <= 16) {
		for (size_t i = 0; i < n; i++)
			for (size_t j = i + 1; j < n; j++)
				if (m[i].keylen == m[j].keylen && !memcmp(m[i].key, m[j].key, m[i].keylen))
					return &m[j];
		return NULL;
	}
	sorted = malloc(n * sizeof(*sorted));
	if (!sorted)
		return &m[0]; /* cannot tell: refuse rather than accept unchecked */
	for (size_t i = 0; i < n; i++)
		sorted[i] = &m[i];
	qsort(sorted, n, sizeof(*sorted), key_cmp);
	for (size_t i = 1; i < n && !dup; i++)
		if (!key_cmp(&sorted[i - 1], &sorted[i]))
			dup = sorted[i];
	free(sorted);
	return dup;
}

static int array(struct parser *p, struct json_value *v)
{
	size_t base = p->nvals;
	struct json_value item;

	p->s++;
	p->left--;
	skip_ws(p);
	if (p->left && *p->s == ']') {
		p->s++;
		p->left--;
		v->type = JSON_ARRAY;
		v->len = 0;
		v->u.items = NULL;
		return 0;
	}
	for (;;) {
		if (value(p, &item) < 0 || push_value(p, &item) < 0)
			return -1;
		skip_ws(p);
		if (p->left && *p->s == ',') {
			p->s++;
			p->left--;
			skip_ws(p);
			if (p->left && *p->s == ']')
				return fail(p, "trailing comma in array");
			continue;
		}
		if (p->left && *p->s == ']')
			break;
		return fail(p, "expected ',' or ']' in array");
	}
	p->s++;
	p->left--;
	v->type = JSON_ARRAY;
	v->len = p->nvals - base;
	v->u.items = arena_alloc(p->arena, v->len * sizeof(*v->u.items));
	if (!v->u.items)
		return fail(p, "out of memory");
	memcpy(v->u.items, p->vals + base, v->len * sizeof(*v->u.items));
	p->nvals = base;
	return 0;
}

static int object(struct parser *p, struct json_value *v)
{
	size_t base = p->nmems;
	struct json_member m;

	p->s++;
	p->left--;
	skip_ws(p);
	v->type = JSON_OBJECT;
	if (p->left && *p->s == '}') {
		p->s++;
		p->left--;
		v->len = 0;
		v->u.members = NULL;
		return 0;
	}
	for (;;) {
		if (!p->left || *p->s != '"')
			return fail(p, p->left && *p->s == '}' ? "trailing comma in object"
							       : "expected a string key in object");
		if (string(p, &m.key, &m.keylen) < 0)
			return -1;
		skip_ws(p);
		if (!p->left || *p->s != ':')
			return fail(p, "expected ':' after an object key");
		p->s++;
		p->left--;
		if (value(p, &m.value) < 0 || push_member(p, &m) < 0)
			return -1;
		skip_ws(p);
		if (p->left && *p->s == ',') {
			p->s++;
			p->left--;
			skip_ws(p);
			continue;
		}
		if (p->left && *p->s == '}')
			break;
		return fail(p, "expected ',' or '}' in object");
	}
	v->len = p->nmems - base;
	if (duplicate_key(p->mems + base, v->len))
		return fail(p, "duplicate key in object");
	p->s++;
	p->left--;
	v->u.members = arena_alloc(p->arena, v->len * sizeof(*v->u.members));
	if (!v->u.members)
		return fail(p, "out of memory");
	memcpy(v->u.members, p->mems + base, v->len * sizeof(*v->u.members));
	p->nmems = base;
	return 0;
}

static int value(struct parser *p, struct json_value *v)
{
	int r;

	memset(v, 0, sizeof(*v));
	skip_ws(p);
	if (!p->left)
		return fail(p, "unexpected end of input (expected a value)");
	switch (*p->s) {
	case '{':
	case '[':
		if (++p->depth > JSON_PARSE_MAX_DEPTH)
			return fail(p, "nested too deeply");
		r = *p->s == '{' ? object(p, v) : array(p, v);
		p->depth--;
		return r;
	case '"':
		v->type = JSON_STRING;
		return string(p, &v->u.str, &v->len);
	case 't':
		return literal(p, "true", v, JSON_BOOL, 1);
	case 'f':
		return literal(p, "false", v, JSON_BOOL, 0);
	case 'n':
		return literal(p, "null", v, JSON_NULL, 0);
	default:
		if (*p->s == '-' || (*p->s >= '0' && *p->s <= '9'))
			return number(p, v);
		return fail(p, "expected a value");
	}
}

int json_parse(struct json_doc *doc, const char *text, size_t len, char *err, size_t errlen)
{
	struct parser p = { .s = (const unsigned char *)text, .start = (const unsigned char *)text,
			    .left = len, .arena = &doc->arena, .err = err, .errlen = errlen };
	int r;

	memset(&doc->root, 0, sizeof(doc->root));
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		return fail(&p, "byte-order mark before the JSON text");
	r = value(&p, &doc->root);
	if (r == 0) {
		skip_ws(&p);
		if (p.left)
			r = fail(&p, "unexpected data after the JSON value");
	}
	free(p.vals);
	free(p.mems);
	return r;
}

int json_load_file(struct json_doc *doc, const char *path, size_t max, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char *buf, why[256];
	size_t got = 0;
	int r;

	if (!max)
		max = JSON_FILE_MAX;
	if (fd < 0)
		return errmsg(err, errlen, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return errmsg(err, errlen, "%s: not a regular file", path);
	}
	if ((unsigned long long)st.st_size > max) {
		close(fd);
		return errmsg(err, errlen, "%s: %lld bytes, more than the %zu a JSON file may have",
			      path, (long long)st.st_size, max);
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		close(fd);
		return errmsg(err, errlen, "%s: out of memory", path);
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got != (size_t)st.st_size) {
		free(buf);
		return errmsg(err, errlen, "%s: short read", path);
	}
	r = json_parse(doc, buf, got, why, sizeof(why));
	free(buf);
	if (r < 0)
		return errmsg(err, errlen, "%s: %s", path, why);
	return 0;
}

void json_doc_free(struct json_doc *doc)
{
	while (doc->arena) {
		struct json_arena *next = doc->arena->next;
		free(doc->arena);
		doc->arena = next;
	}
	memset(&doc->root, 0, sizeof(doc->root));
}

const struct json_value *json_get(const struct json_value *obj, const char *key)
{
	size_t n = strlen(key);

	if (!obj || obj->type != JSON_OBJECT)
		return NULL;
	for (size_t i = 0; i < obj->len; i++)
		if (obj->u.members[i].keylen == n && !memcmp(obj->u.members[i].key, key, n))
			return &obj->u.members[i].value;
	return NULL;
}

const char *json_str(const struct json_value *v)
{
	return v && v->type == JSON_STRING ? v->u.str : NULL;
}

const char *json_get_str(const struct json_value *obj, const char *key)
{
	return json_str(json_get(obj, key));
}

int json_get_num(const struct json_value *obj, const char *key, double *out)
{
	const struct json_value *v = json_get(obj, key);

	if (!v || v->type != JSON_NUMBER)
		return -1;
	*out = v->u.num.value;
	return 0;
}

void json_write_value(struct json_writer *w, const struct json_value *v)
{
	switch (v->type) {
	case JSON_NULL:
		jw_null(w);
		return;
	case JSON_BOOL:
		jw_bool(w, v->u.boolean);
		return;
	case JSON_NUMBER:
		jw_raw(w, v->u.num.text, v->len);
		return;
	case JSON_STRING:
		jw_string_len(w, v->u.str, v->len);
		return;
	case JSON_ARRAY:
		jw_array_begin(w);
		for (size_t i = 0; i < v->len; i++)
			json_write_value(w, &v->u.items[i]);
		jw_array_end(w);
		return;
	case JSON_OBJECT:
		jw_object_begin(w);
		for (size_t i = 0; i < v->len; i++) {
			jw_key_len(w, v->u.members[i].key, v->u.members[i].keylen);
			json_write_value(w, &v->u.members[i].value);
		}
		jw_object_end(w);
		return;
	}
}
