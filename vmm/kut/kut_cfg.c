/* KUT's own runner (scripts/common.bash) matches each line against
 * "^KEY *= *(.*)$" and ignores what matches nothing, so a typo silently
 * drops an option; here every line must be a section, a known key, a
 * comment ('#' first) or blank. Values are kept as written (quotes and all):
 * test_args and qemu_params are shell words (kut/kut_words.h). A value
 * opened with three double quotes runs to the line that ends with three. */
#include "kut/kut_cfg.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kut/kut_words.h"
#include "loader/image_file.h"
#include "suite/manifest.h"
#include "util/errmsg.h"
#include "util/num.h"
#include "util/path.h"

struct cfg_parser {
	struct kut_cfg *c;
	const char *source;
	unsigned line;
	unsigned seen;          /* bit per key, for the current entry */
	char *err;
	size_t errlen;
};

#define perr(p, ...) errmsg_line((p)->err, (p)->errlen, (p)->source, (p)->line, __VA_ARGS__)

static struct kut_entry *cur(struct cfg_parser *p)
{
	return &p->c->e[p->c->n - 1];
}

static int set_string(struct cfg_parser *p, char **field, const char *v)
{
	*field = strdup(v);
	return *field ? 0 : perr(p, "out of memory");
}

static int key_file(struct cfg_parser *p, const char *v)
{
	if (!*v)
		return perr(p, "file needs a value");
	return set_string(p, &cur(p)->file, v);
}

static int key_smp(struct cfg_parser *p, const char *v)
{
	uint64_t n;
	char msg[160];

	if (num_u64("smp", v, 1, 4096, &n, msg, sizeof(msg)) < 0)
		return perr(p, "%s", msg);
	cur(p)->smp = (unsigned)n;
	return 0;
}

static int key_timeout(struct cfg_parser *p, const char *v)
{
	if (kut_parse_duration(v, &cur(p)->timeout) < 0)
		return perr(p, "bad value '%.40s' for timeout: seconds, or a number with s, m, h or d", v);
	cur(p)->has_timeout = 1;
	return 0;
}

static int key_groups(struct cfg_parser *p, const char *v)
{
	struct kut_entry *e = cur(p);
	char *copy = strdup(v), *save = NULL;

	if (!copy)
		return perr(p, "out of memory");
	for (char *w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		if (!manifest_name_ok(w)) {
			perr(p, "bad group name '%.40s' (letters, digits, '_', '.', '-')", w);
			free(copy);
			return -1;
		}
		if (e->ngroups == KUT_CFG_MAX_GROUPS) {
			free(copy);
			return perr(p, "more than %d groups", KUT_CFG_MAX_GROUPS);
		}
		if (!(e->groups[e->ngroups++] = strdup(w))) {
			free(copy);
			return perr(p, "out of memory");
		}
	}
	free(copy);
	return 0;
}

#define STRING_KEY(name, field)                                         \
	static int key_##name(struct cfg_parser *p, const char *v)      \
	{                                                               \
		return set_string(p, &cur(p)->field, v);                \
	}
/* Shell words: a quote left open is the cfg's error, found here. */
#define WORDS_KEY(name, field)                                          \
	static int key_##name(struct cfg_parser *p, const char *v)      \
	{                                                               \
		char msg[128];                                          \
		if (kut_words_check(v, msg, sizeof(msg)) < 0)           \
			return perr(p, #name ": %s", msg);              \
		return set_string(p, &cur(p)->field, v);                \
	}
WORDS_KEY(test_args, test_args)
WORDS_KEY(qemu_params, qemu_params)
STRING_KEY(arch, arch)
STRING_KEY(machine, machine)
STRING_KEY(accel, accel)
STRING_KEY(check, check)
STRING_KEY(disabled_if, disabled_if)

static int key_ignored(struct cfg_parser *p, const char *v)
{
	(void)p;
	(void)v;
	return 0; /* kvmtool_params: for KUT's kvmtool target, not QEMU's */
}

static const struct {
	const char *key;
	int (*fn)(struct cfg_parser *p, const char *v);
	int multiline;          /* may use """ ... """ */
	unsigned bit;           /* duplicate detection: the two names of qemu_params share one */
} keys[] = {
	{ "file", key_file, 0, 0 },           { "smp", key_smp, 0, 1 },
	{ "test_args", key_test_args, 1, 2 }, { "qemu_params", key_qemu_params, 1, 3 },
	{ "extra_params", key_qemu_params, 1, 3 },
	{ "kvmtool_params", key_ignored, 1, 4 }, { "arch", key_arch, 0, 5 },
	{ "machine", key_machine, 0, 6 },     { "accel", key_accel, 0, 7 },
	{ "check", key_check, 0, 8 },         { "disabled_if", key_disabled_if, 0, 9 },
	{ "timeout", key_timeout, 0, 10 },    { "groups", key_groups, 0, 11 },
};

int kut_parse_duration(const char *text, double *seconds)
{
	static const struct {
		char suffix;
		double mult;
	} units[] = { { 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 } };
	char num[32], msg[8];
	size_t n = strlen(text);
	double mult = 1;

	if (n == 0 || n >= sizeof(num))
		return -1;
	memcpy(num, text, n + 1);
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (num[n - 1] == units[i].suffix) {
			num[--n] = 0;
			mult = units[i].mult;
			break;
		}
	if (num_seconds("timeout", num, 0, 86400, seconds, msg, sizeof(msg)) < 0)
		return -1;
	*seconds *= mult;
	return 0;
}

static int new_entry(struct cfg_parser *p, const char *name)
{
	struct kut_entry *grown;

	if (!manifest_name_ok(name))
		return perr(p, "bad entry name '[%.40s]' (letters, digits, '_', '.', '-')", name);
	for (size_t i = 0; i < p->c->n; i++)
		if (!strcmp(p->c->e[i].name, name))
			return perr(p, "duplicate entry [%s] (first at line %u)", name, p->c->e[i].line);
	grown = realloc(p->c->e, (p->c->n + 1) * sizeof(*grown));
	if (!grown)
		return perr(p, "out of memory");
	p->c->e = grown;
	memset(&grown[p->c->n], 0, sizeof(grown[0]));
	grown[p->c->n].line = p->line;
	grown[p->c->n].smp = 1;
	if (!(grown[p->c->n].name = strdup(name)))
		return perr(p, "out of memory");
	p->c->n++;
	p->seen = 0;
	return 0;
}

/* The entry before this point must have its file. */
static int finish_entry(struct cfg_parser *p)
{
	if (p->c->n && !cur(p)->file)
		return errmsg_line(p->err, p->errlen, p->source, cur(p)->line,
				   "entry [%s] has no 'file'", cur(p)->name);
	return 0;
}

static char *trim(char *s)
{
	char *e = s + strlen(s);

	while (*s == ' ' || *s == '\t' || *s == '\r')
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = 0;
	return s;
}

/* A value opened with """: the rest of this line and the following ones up
 * to the one ending in """, joined with newlines (malloc'd into *out). */
static int multiline(struct cfg_parser *p, const char *first, const char **pos, const char *end,
		     char **out)
{
	size_t cap = strlen(first) + 2, n = strlen(first);
	char *buf = malloc(cap);
	unsigned start = p->line;

	if (!buf)
		return perr(p, "out of memory");
	memcpy(buf, first, n + 1);
	for (;;) {
		size_t l = n;

		if (l >= 3 && !strcmp(buf + l - 3, "\"\"\"")) {
			buf[l - 3] = 0;
			*out = buf;
			return 0;
		}
		if (*pos >= end) {
			free(buf);
			return errmsg_line(p->err, p->errlen, p->source, start,
					   "a value opened with \"\"\" is never closed");
		}
		{
			const char *nl = memchr(*pos, '\n', (size_t)(end - *pos));
			size_t k = nl ? (size_t)(nl - *pos) : (size_t)(end - *pos);
			char *grown = realloc(buf, cap + k + 2);

			if (!grown) {
				free(buf);
				return perr(p, "out of memory");
			}
			buf = grown;
			cap += k + 2;
			buf[n++] = '\n';
			memcpy(buf + n, *pos, k);
			n += k;
			buf[n] = 0;
			while (n && (buf[n - 1] == ' ' || buf[n - 1] == '\t' || buf[n - 1] == '\r'))
				buf[--n] = 0;
			*pos += k + (nl != NULL);
			p->line++;
		}
	}
}

static int key_line(struct cfg_parser *p, char *line, const char **pos, const char *end)
{
	char *eq = strchr(line, '='), *key, *value, *joined = NULL;
	int r;

	if (!eq)
		return perr(p, "expected '[name]' or 'key = value', got '%.40s'", line);
	*eq = 0;
	key = trim(line);
	value = trim(eq + 1);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (strcmp(keys[i].key, key))
			continue;
		if (!p->c->n)
			return perr(p, "'%s' before the first [entry]", key);
		if (p->seen & (1u << keys[i].bit))
			return perr(p, "'%s' given twice in [%s]", key, cur(p)->name);
		p->seen |= 1u << keys[i].bit;
		if (keys[i].multiline && !strncmp(value, "\"\"\"", 3)) {
			if (multiline(p, value + 3, pos, end, &joined) < 0)
				return -1;
			value = joined;
		}
		r = keys[i].fn(p, value);
		free(joined);
		return r;
	}
	return perr(p, "unknown key '%.40s'", key);
}

int kut_cfg_parse(struct kut_cfg *c, const char *text, size_t len, const char *source, char *err,
		  size_t errlen)
{
	struct cfg_parser p = { c, source, 0, 0, err, errlen };
	const char *pos = text, *end = text + len;

	memset(c, 0, sizeof(*c));
	while (pos < end) {
		const char *nl = memchr(pos, '\n', (size_t)(end - pos));
		size_t n = nl ? (size_t)(nl - pos) : (size_t)(end - pos);
		char *raw = strndup(pos, n), *line;
		int r = 0;

		p.line++;
		pos += n + (nl != NULL);
		if (!raw)
			return perr(&p, "out of memory");
		/* (before trim, which cuts the line with NULs of its own) */
		if (strlen(raw) != n) {
			free(raw);
			return perr(&p, "NUL byte in the file");
		}
		line = trim(raw);
		if (!*line || *line == '#')
			r = 0;
		else if (*line == '[') {
			size_t l = strlen(line);
			if (line[l - 1] != ']')
				r = perr(&p, "a section header ends with ']'");
			else {
				line[l - 1] = 0;
				r = finish_entry(&p);
				if (r == 0)
					r = new_entry(&p, line + 1);
			}
		} else
			r = key_line(&p, line, &pos, end);
		free(raw);
		if (r < 0)
			return -1;
	}
	return finish_entry(&p);
}

int kut_cfg_load(struct kut_cfg *c, const char *path, char *err, size_t errlen)
{
	uint8_t *buf;
	size_t len;
	int r;

	memset(c, 0, sizeof(*c));
	if (image_read_file(path, &buf, &len, err, errlen) < 0)
		return -1;
	r = kut_cfg_parse(c, (const char *)buf, len, path, err, errlen);
	free(buf);
	return r;
}

void kut_cfg_free(struct kut_cfg *c)
{
	for (size_t i = 0; i < c->n; i++) {
		struct kut_entry *e = &c->e[i];
		char *fields[] = { e->name, e->file, e->test_args, e->qemu_params, e->arch, e->machine,
				   e->accel, e->check, e->disabled_if };

		for (size_t k = 0; k < sizeof(fields) / sizeof(fields[0]); k++)
			free(fields[k]);
		for (unsigned g = 0; g < e->ngroups; g++)
			free(e->groups[g]);
	}
	free(c->e);
	c->e = NULL;
	c->n = 0;
}

char *kut_find_cfg(const char *dir, char **bindir)
{
	char *x86 = path_join(dir, "x86"), *cfg = x86 ? path_join(x86, "unittests.cfg") : NULL;

	if (cfg && access(cfg, F_OK) == 0) {
		*bindir = x86;
		return cfg;
	}
	free(cfg);
	free(x86);
	cfg = path_join(dir, "unittests.cfg");
	if (cfg && access(cfg, F_OK) == 0 && (*bindir = strdup(dir)))
		return cfg;
	free(cfg);
	return NULL;
}

int kut_entry_in_group(const struct kut_entry *e, const char *g)
{
	for (unsigned i = 0; i < e->ngroups; i++)
		if (!strcmp(e->groups[i], g))
			return 1;
	return 0;
}
