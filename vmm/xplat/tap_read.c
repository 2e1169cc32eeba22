/* TAP 14 reader for uvmm diff. It reads what uvmm's writer (suite/
 * report_tap.c) and the UEFI sequencer (guest/efi/efi_seq.c) write, and
 * the common subset of TAP anyone writes; subtests are skipped (the
 * verdict is the parent point's). */
#include "xplat/tap_read.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader/image_file.h"
#include "util/errmsg.h"
#include "util/text_lines.h"

struct reader {
	struct tap_doc *doc;
	const char *source;
	unsigned line;
	int in_yaml, in_values, seen_point;
	char *err;
	size_t errlen;
};

#define rerr(r, ...) errmsg_line((r)->err, (r)->errlen, (r)->source, (r)->line, __VA_ARGS__)

static int starts(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

static void copy(char *dst, size_t size, const char *src, size_t n)
{
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = 0;
}

/* A YAML double-quoted string (the escapes uvmm writes: \" \\ \n \t \xNN),
 * or a plain scalar up to the end of the line. */
static int yaml_scalar(struct reader *r, const char *s, char *out, size_t size)
{
	size_t n = 0;

	if (*s != '"') {
		copy(out, size, s, strlen(s));
		return 0;
	}
	for (s++; *s && *s != '"'; s++) {
		char c = *s;

		if (c == '\\') {
			c = *++s;
			if (c == 'n')
				c = '\n';
			else if (c == 't')
				c = '\t';
			else if (c == 'x' && isxdigit((unsigned char)s[1]) && isxdigit((unsigned char)s[2])) {
				char hex[3] = { s[1], s[2], 0 };
				c = (char)strtol(hex, NULL, 16);
				s += 2;
			} else if (!c) {
				break;
			}
		}
		if (n + 1 < size)
			out[n++] = c;
	}
	out[n] = 0;
	if (*s != '"')
		return rerr(r, "a YAML string does not end on its line");
	return 0;
}

static struct tap_point *cur(struct reader *r)
{
	return r->doc->n ? &r->doc->points[r->doc->n - 1] : NULL;
}

/* "ok N - desc # SKIP reason" / "not ok N - desc # TODO reason" */
static int on_point(struct reader *r, const char *s)
{
	int ok = !starts(s, "not ok");
	const char *p = s + (ok ? 2 : 6), *hash;
	struct tap_point *t, *grown;
	char desc[256];
	size_t n = 0;

	if (*p && *p != ' ')
		return rerr(r, "a test point is 'ok' or 'not ok', then a number and a description");
	while (*p == ' ' || isdigit((unsigned char)*p))
		p++;
	if (starts(p, "- "))
		p += 2;
	/* The description ends at an unescaped '#'. */
	for (hash = p; *hash && *hash != '#'; hash++)
		if (*hash == '\\' && hash[1]) {
			if (n + 1 < sizeof(desc))
				desc[n++] = hash[1];
			hash++;
		} else if (n + 1 < sizeof(desc)) {
			desc[n++] = *hash;
		}
	while (n && desc[n - 1] == ' ')
		n--;
	desc[n] = 0;
	if (!(grown = realloc(r->doc->points, (r->doc->n + 1) * sizeof(*grown))))
		return rerr(r, "out of memory");
	r->doc->points = grown;
	t = &grown[r->doc->n++];
	memset(t, 0, sizeof(*t));
	copy(t->name, sizeof(t->name), desc, n);
	snprintf(t->cls, sizeof(t->cls), "%s", ok ? "PASS" : "FAIL");
	if (*hash == '#') {
		const char *d = hash + 1;

		while (*d == ' ')
			d++;
		if (!strncasecmp(d, "SKIP", 4))
			snprintf(t->cls, sizeof(t->cls), "%s", "SKIP");
		else if (!strncasecmp(d, "TODO", 4))
			snprintf(t->cls, sizeof(t->cls), "%s", ok ? "XPASS" : "XFAIL");
		d += strncasecmp(d, "SKIP", 4) && strncasecmp(d, "TODO", 4) ? 0 : 4;
		while (*d == ' ')
			d++;
		copy(t->message, sizeof(t->message), d, strlen(d));
	}
	r->seen_point = 1;
	return 0;
}

/* A line of the point's YAML block ("  key: value", values indented more). */
static int on_yaml(struct reader *r, const char *s)
{
	struct tap_point *t = cur(r);
	char key[64], value[512];
	const char *colon;
	size_t indent = strspn(s, " ");

	if (!t)
		return 0;
	colon = strstr(s + indent, ": ");
	if (!colon) {
		r->in_values = !strcmp(s + indent, "values:") && indent == 2;
		return 0;
	}
	copy(key, sizeof(key), s + indent, (size_t)(colon - s - indent));
	if (yaml_scalar(r, colon + 2, value, sizeof(value)) < 0)
		return -1;
	if (indent > 2 && r->in_values) {
		struct named_value v;
		char line[VALUE_NAME_MAX + 64];
		int n;

		/* A value is "name: 0xHEX"; the value-line parser checks both. */
		n = snprintf(line, sizeof(line), "value %.63s %.40s", key, value);
		if (strlen(key) < VALUE_NAME_MAX && strlen(value) <= 40 && n > 0 &&
		    (size_t)n < sizeof(line) && value_line_parse(line, (size_t)n, &v))
			value_set_put(t->values, &t->nvalues, TAP_MAX_VALUES, &v);
		return 0;
	}
	r->in_values = 0;
	if (indent != 2)
		return 0;
	if (!strcmp(key, "class"))
		copy(t->cls, sizeof(t->cls), value, strlen(value));
	else if (!strcmp(key, "message"))
		copy(t->message, sizeof(t->message), value, strlen(value));
	return 0;
}

static int on_env(struct reader *r, const char *s)
{
	const char *colon = strstr(s, ": ");
	struct tap_env *e;

	if (r->seen_point || !colon || r->doc->nenv == TAP_MAX_ENV)
		return 0;
	e = &r->doc->env[r->doc->nenv++];
	copy(e->key, sizeof(e->key), s, (size_t)(colon - s));
	copy(e->value, sizeof(e->value), colon + 2, strlen(colon + 2));
	return 0;
}

static int on_line(void *arg, char *s)
{
	struct reader *r = arg;
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\r' || s[n - 1] == ' '))
		s[--n] = 0;
	if (r->line == 1) {
		if (strcmp(s, "TAP version 14") && strcmp(s, "TAP version 13"))
			return rerr(r, "not a TAP report (the first line is not 'TAP version 14')");
		return 0;
	}
	if (r->in_yaml) {
		if (!strcmp(s, "  ..."))
			r->in_yaml = r->in_values = 0;
		else
			return on_yaml(r, s);
		return 0;
	}
	if (!strcmp(s, "  ---")) {
		r->in_yaml = 1;
		return 0;
	}
	if (starts(s, "ok") || starts(s, "not ok"))
		return on_point(r, s);
	if (starts(s, "# ") && !starts(s, "# Subtest"))
		return on_env(r, s + 2);
	return 0; /* plan, subtests, comments, pragmas */
}

int tap_parse(struct tap_doc *doc, const char *text, size_t len, const char *source, char *err,
	      size_t errlen)
{
	struct reader r = { .doc = doc, .source = source, .err = err, .errlen = errlen };
	int bad;

	memset(doc, 0, sizeof(*doc));
	bad = text_each_line(text, len, &r.line, on_line, &r);
	if (bad == TEXT_LINES_NOMEM)
		return rerr(&r, "out of memory");
	if (bad == TEXT_LINES_NUL)
		return rerr(&r, "NUL byte in the file");
	if (bad < 0)
		return -1;
	if (!r.line)
		return rerr(&r, "empty file: not a TAP report");
	return 0;
}

int tap_load(struct tap_doc *doc, const char *path, char *err, size_t errlen)
{
	uint8_t *buf;
	size_t len;
	int r;

	memset(doc, 0, sizeof(*doc));
	if (input_read_file(path, TABLE_MAX_FILE, &buf, &len, err, errlen) < 0)
		return -1;
	r = tap_parse(doc, (const char *)buf, len, path, err, errlen);
	free(buf);
	return r;
}

void tap_free(struct tap_doc *doc)
{
	free(doc->points);
	memset(doc, 0, sizeof(*doc));
}

const struct tap_point *tap_find(const struct tap_doc *doc, const char *name)
{
	for (size_t i = 0; i < doc->n; i++)
		if (!strcmp(doc->points[i].name, name))
			return &doc->points[i];
	return NULL;
}

const char *tap_env(const struct tap_doc *doc, const char *key)
{
	for (unsigned i = 0; i < doc->nenv; i++)
		if (!strcmp(doc->env[i].key, key))
			return doc->env[i].value;
	return NULL;
}
