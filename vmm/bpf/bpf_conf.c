/* The .data reader: sections by their "-- NAME" lines, each body parsed as
 * its section requires, every malformed line refused with its number. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf/bpf_conf.h"
#include "bpf/bpf_text.h"
#include "util/errmsg.h"

enum section { S_NONE, S_ASM, S_RAW, S_MEM, S_RESULT, S_ERROR, S_IGNORED };

static const struct {
	const char *name;
	enum section s;
} sections[] = {
	{ "asm", S_ASM }, { "raw", S_RAW }, { "mem", S_MEM }, { "result", S_RESULT },
	{ "error", S_ERROR }, { "c", S_IGNORED }, { "no register offset", S_IGNORED },
};

struct reader {
	const char *name;
	unsigned line;
	struct ebpf_conf_file *f;
	size_t asm_len, raw_cap;
	int seen[S_IGNORED + 1];
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3)))
static int bad(struct reader *r, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return errmsg_line(r->err, r->errlen, r->name, r->line, "%s", msg);
}

/* 0x-prefixed hex or decimal (a leading '-' gives two's complement), the whole token. */
static int parse_u64(const char *t, uint64_t *v)
{
	const char *p = t;
	char *end;
	int neg = *p == '-';

	if (neg)
		p++;
	if (!isdigit((unsigned char)*p))
		return -1;
	errno = 0;
	*v = strtoull(p, &end, p[0] == '0' && (p[1] == 'x' || p[1] == 'X') ? 16 : 10);
	if (*end || errno)
		return -1;
	if (neg)
		*v = 0 - *v;
	return 0;
}

static int append_asm(struct reader *r, const char *line)
{
	size_t len = strlen(line);
	char *t = realloc(r->f->asm_text, r->asm_len + len + 2);

	if (!t)
		return bad(r, "out of memory");
	memcpy(t + r->asm_len, line, len);
	t[r->asm_len + len] = '\n';
	t[r->asm_len + len + 1] = 0;
	r->asm_len += len + 1;
	r->f->asm_text = t;
	return 0;
}

static int mem_line(struct reader *r, char *s)
{
	for (char *tok = strtok(s, " \t\r"); tok; tok = strtok(NULL, " \t\r")) {
		size_t len = strlen(tok);
		uint8_t *m;

		if (len > 2 || !isxdigit((unsigned char)tok[0]) || (len == 2 && !isxdigit((unsigned char)tok[1])))
			return bad(r, "mem: '%s' is not a hex byte", tok);
		m = realloc(r->f->mem, r->f->mem_len + 1);
		if (!m)
			return bad(r, "out of memory");
		m[r->f->mem_len++] = (uint8_t)strtoul(tok, NULL, 16);
		r->f->mem = m;
	}
	return 0;
}

static int raw_line(struct reader *r, char *s)
{
	for (char *tok = strtok(s, " \t\r"); tok; tok = strtok(NULL, " \t\r")) {
		uint64_t w;

		if (parse_u64(tok, &w) < 0)
			return bad(r, "raw: '%s' is not a 64-bit instruction word", tok);
		if (r->f->nraw == r->raw_cap) {
			size_t cap = r->raw_cap ? r->raw_cap * 2 : 16;
			struct ebpf_insn *t = realloc(r->f->raw, cap * sizeof(*t));

			if (!t)
				return bad(r, "out of memory");
			r->f->raw = t;
			r->raw_cap = cap;
		}
		r->f->raw[r->f->nraw++] = ebpf_insn_from_word(w);
	}
	return 0;
}

static int body_line(struct reader *r, enum section s, char *raw_line_text)
{
	char *hash = strchr(raw_line_text, '#'), *t;

	if (s == S_ASM)
		return append_asm(r, raw_line_text);   /* the assembler strips comments itself */
	if (hash)
		*hash = 0;
	t = ebpf_trim(raw_line_text);
	if (!*t || s == S_IGNORED)
		return 0;
	switch (s) {
	case S_MEM: return mem_line(r, t);
	case S_RAW: return raw_line(r, t);
	case S_RESULT:
		if (r->f->has_result)
			return bad(r, "result: a second value '%s'", t);
		if (parse_u64(t, &r->f->result) < 0)
			return bad(r, "result: '%s' is not a number", t);
		r->f->has_result = 1;
		return 0;
	case S_ERROR:
		if (r->f->error)
			return bad(r, "error: a second line '%s'", t);
		r->f->error = strdup(t);
		return r->f->error ? 0 : bad(r, "out of memory");
	default:
		return bad(r, "'%s' outside any section (sections start with '-- asm', '-- mem', ...)", t);
	}
}

/* "-- NAME": which section, or -1 (with the reason) for an unknown one. */
static int header(struct reader *r, char *line, enum section *s)
{
	char *name = ebpf_trim(line + 2), *hash = strchr(name, '#');

	if (hash) {
		*hash = 0;
		name = ebpf_trim(name);
	}
	for (size_t k = 0; k < sizeof(sections) / sizeof(sections[0]); k++) {
		if (strcmp(name, sections[k].name))
			continue;
		*s = sections[k].s;
		if (*s != S_IGNORED && r->seen[*s]++)
			return bad(r, "a second '-- %s' section", name);
		if (*s == S_ASM)
			r->f->asm_line = r->line + 1;
		return 0;
	}
	return bad(r, "unknown section '-- %s' (asm, raw, mem, result, error, c, no register offset)", name);
}

int ebpf_conf_parse(const char *name, const char *text, size_t len, struct ebpf_conf_file *f,
		    char *err, size_t errlen)
{
	struct reader r = { .name = name, .f = f, .err = err, .errlen = errlen };
	enum section s = S_NONE;
	size_t pos = 0;

	memset(f, 0, sizeof(*f));
	while (pos < len) {
		const char *start = text + pos, *nl = memchr(start, '\n', len - pos);
		size_t l = nl ? (size_t)(nl - start) : len - pos;
		char *line = malloc(l + 1), *t;
		int rc;

		if (!line)
			return errmsg(err, errlen, "%s: out of memory", name);
		memcpy(line, start, l);
		line[l] = 0;
		r.line++;
		pos += l + 1;
		if (l && line[l - 1] == '\r')
			line[l - 1] = 0;
		t = line;
		while (isspace((unsigned char)*t))
			t++;
		if (memchr(start, 0, l))
			rc = bad(&r, "a NUL byte (not a text file)");
		else if (!strncmp(t, "--", 2))
			rc = header(&r, t, &s);
		else if (s == S_NONE && (*t == '#' || !*t))
			rc = 0;
		else
			rc = body_line(&r, s, line);
		free(line);
		if (rc < 0)
			return -1;
	}
	r.line++;
	if (!f->asm_text && !f->raw)
		return bad(&r, "no program (no '-- asm' or '-- raw' section)");
	if (!f->has_result == !f->error)
		return bad(&r, f->error ? "both '-- result' and '-- error'" : "no '-- result' or '-- error'");
	return 0;
}

void ebpf_conf_free(struct ebpf_conf_file *f)
{
	free(f->asm_text);
	free(f->raw);
	free(f->mem);
	free(f->error);
	memset(f, 0, sizeof(*f));
}
