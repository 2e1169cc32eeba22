/* Suite manifest parser. Values are validated here (run options through
 * run_options_set, requirement names against the known tables) so that a typo
 * is a FILE:LINE error before anything runs, not a mysterious test failure. */
#include "suite/manifest.h"

#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader/elf_load.h"
#include "loader/image_file.h"
#include "machine/cpu_features.h"
#include "util/errmsg.h"
#include "util/text_lines.h"
#include "machine/kvm.h"
#include "run/run_options.h"
#include "vfio/vfio_host.h"

struct parser {
	struct manifest *m;
	const char *source;
	unsigned line;
	unsigned keys_seen;  /* bit per key_table entry, for the current test */
	char *err;
	size_t errlen;
};

/* An error at the line being parsed. */
#define perr(p, ...) errmsg_line((p)->err, (p)->errlen, (p)->source, (p)->line, __VA_ARGS__)

int manifest_name_ok(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("_.-", *s))
			return 0;
	return 1;
}

static const char *const kind_names[] = {
	[REQ_CAP] = "cap", [REQ_CPU] = "cpu", [REQ_FILE] = "file", [REQ_IMPL] = "impl",
	[REQ_VFIO] = "vfio",
};

const char *requirement_kind_name(enum requirement_kind k)
{
	return kind_names[k];
}

static struct manifest_test *cur(struct parser *p)
{
	return &p->m->tests[p->m->ntests - 1];
}

/* Splits v on blanks into words; calls fn for each. */
static int each_word(struct parser *p, char *v, int (*fn)(struct parser *, char *))
{
	char *save = NULL;

	for (char *w = strtok_r(v, " \t", &save); w; w = strtok_r(NULL, " \t", &save))
		if (fn(p, w) < 0)
			return -1;
	return 0;
}

static int add_group(struct parser *p, char *w)
{
	struct manifest_test *t = cur(p);

	if (!manifest_name_ok(w))
		return perr(p, "bad group name '%s' (letters, digits, '_', '.', '-')", w);
	for (unsigned i = 0; i < t->ngroups; i++)
		if (!strcmp(t->groups[i], w))
			return perr(p, "group '%s' listed twice", w);
	if (t->ngroups == MANIFEST_MAX_GROUPS)
		return perr(p, "more than %d groups", MANIFEST_MAX_GROUPS);
	if (!(t->groups[t->ngroups] = strdup(w)))
		return perr(p, "out of memory");
	t->ngroups++;
	return 0;
}

static int check_requirement(struct parser *p, const struct requirement *r)
{
	uint16_t vendor, device;

	switch (r->kind) {
	case REQ_CAP:
		if (!kvm_cap_by_name(r->arg))
			return perr(p, "unknown KVM capability '%s' in cap:", r->arg);
		break;
	case REQ_CPU:
		if (!cpu_feature_find(r->arg))
			return perr(p, "unknown CPU feature '%s' in cpu:", r->arg);
		break;
	case REQ_IMPL:
		if (!manifest_name_ok(r->arg))
			return perr(p, "bad implementation name '%s'", r->arg);
		break;
	case REQ_FILE:
		break;
	case REQ_VFIO:
		if (vfio_id_parse(r->arg, &vendor, &device) < 0)
			return perr(p, "bad PCI ids '%s' in vfio: (VVVV:DDDD, e.g. 1234:11e8)", r->arg);
		break;
	}
	if (r->negate && r->kind != REQ_IMPL)
		return perr(p, "'!' only applies to impl: requirements");
	return 0;
}

static int add_requirement(struct parser *p, char *w)
{
	struct manifest_test *t = cur(p);
	struct requirement r = { .negate = w[0] == '!' };
	char *word = w + r.negate, *colon = strchr(word, ':');
	size_t k;

	if (!colon || !colon[1])
		return perr(p, "requirement '%s' is not KIND:VALUE (cap:, cpu:, file:, impl:, vfio:)", w);
	*colon = 0;
	for (k = 0; k < sizeof(kind_names) / sizeof(kind_names[0]); k++)
		if (!strcmp(word, kind_names[k]))
			break;
	if (k == sizeof(kind_names) / sizeof(kind_names[0]))
		return perr(p, "unknown requirement kind '%s' (cap, cpu, file, impl, vfio)", word);
	r.kind = (enum requirement_kind)k;
	r.arg = colon + 1;
	if (check_requirement(p, &r) < 0)
		return -1;
	if (t->nrequires == MANIFEST_MAX_REQUIRES)
		return perr(p, "more than %d requirements", MANIFEST_MAX_REQUIRES);
	if (!(r.arg = strdup(r.arg)))
		return perr(p, "out of memory");
	t->requires[t->nrequires++] = r;
	return 0;
}

static int set_path(struct parser *p, char **dst, const char *key, char *v)
{
	if (!*v || strpbrk(v, " \t"))
		return perr(p, "%s needs one path", key);
	if (!(*dst = strdup(v)))
		return perr(p, "out of memory");
	return 0;
}

static int key_image(struct parser *p, const char *key, char *v)
{
	return set_path(p, &cur(p)->image, key, v);
}

/* expect adds to the image's expectations; expect_only replaces them, so a
 * test's author (a teacher) decides what is checked, not the image. */
static int key_expect(struct parser *p, const char *key, char *v)
{
	struct manifest_test *t = cur(p);

	if (t->expect)
		return perr(p, "expect and expect_only exclude each other");
	t->expect_only = !strcmp(key, "expect_only");
	return set_path(p, &t->expect, key, v);
}

/* The PVH command line: the rest of the line, blanks inside kept. */
static int key_cmdline(struct parser *p, const char *key, char *v)
{
	if (!*v)
		return perr(p, "%s needs a value", key);
	if (!(cur(p)->cmdline = strdup(v)))
		return perr(p, "out of memory");
	return 0;
}

static int key_groups(struct parser *p, const char *key, char *v)
{
	(void)key;
	return each_word(p, v, add_group);
}

static int key_requires(struct parser *p, const char *key, char *v)
{
	(void)key;
	return each_word(p, v, add_requirement);
}

static int key_flat(struct parser *p, const char *key, char *v)
{
	struct manifest_test *t = cur(p);
	char *end;

	errno = 0;
	t->flat_addr = strtoull(v, &end, 0);
	if (errno || end == v || *end || *v == '-')
		return perr(p, "bad value '%s' for %s (a load address)", v, key);
	t->flat = 1;
	return 0;
}

static char *trim(char *s);

static int key_portable(struct parser *p, const char *key, char *v)
{
	struct manifest_test *t = cur(p);
	char *reason;

	(void)key;
	if (!strcmp(v, "yes")) {
		t->portable = 1;
		return 0;
	}
	if (strncmp(v, "no:", 3))
		return perr(p, "portable is 'yes' or 'no: REASON', not '%s'", v);
	reason = trim(v + 3);
	if (!*reason)
		return perr(p, "portable = no needs a reason: 'no: REASON'");
	if (!(t->portable_reason = strdup(reason)))
		return perr(p, "out of memory");
	return 0;
}

/* mem, cpus, mode, irqchip, timeout, vfio: checked now, applied by run_guest. */
static int key_run_option(struct parser *p, const char *key, char *v)
{
	struct manifest_test *t = cur(p);
	struct run_options o;
	char msg[256], *opt;

	run_options_default(&o);
	if (run_options_set(&o, key, v, RUN_OPT_OVERRIDE, msg, sizeof(msg)) < 0)
		return perr(p, "%s", msg);
	if (!strcmp(key, "timeout")) {
		t->has_timeout = 1;
		t->timeout = o.timeout;
	}
	if (t->noptions == MANIFEST_MAX_OPTIONS)
		return perr(p, "more than %d run options", MANIFEST_MAX_OPTIONS);
	if (asprintf(&opt, "%s=%s", key, v) < 0)
		return perr(p, "out of memory");
	t->options[t->noptions++] = opt;
	return 0;
}

static const struct {
	const char *key;
	int (*set)(struct parser *p, const char *key, char *value);
} key_table[] = {
	{ "image", key_image },        { "groups", key_groups },
	{ "mem", key_run_option },     { "cpus", key_run_option },
	{ "mode", key_run_option },    { "irqchip", key_run_option },
	{ "timeout", key_run_option }, { "requires", key_requires },
	{ "flat", key_flat },          { "expect", key_expect },
	{ "expect_only", key_expect }, { "cmdline", key_cmdline },
	{ "vfio", key_run_option },    { "portable", key_portable },
};
_Static_assert(sizeof(key_table) / sizeof(key_table[0]) <= 32, "keys_seen is a 32-bit mask");

static char *trim(char *s)
{
	char *e;

	s += strspn(s, " \t\r");
	e = s + strlen(s);
	while (e > s && strchr(" \t\r", e[-1]))
		*--e = 0;
	return s;
}

static int finish_test(struct parser *p)
{
	struct manifest_test *t;
	unsigned line = p->line;

	if (!p->m->ntests)
		return 0;
	t = cur(p);
	if (t->image)
		return 0;
	p->line = t->line;
	perr(p, "test '%s' has no image key", t->name);
	p->line = line;
	return -1;
}

static int start_test(struct parser *p, char *s)
{
	struct manifest *m = p->m;
	char *close = strchr(s, ']'), *name;
	const struct manifest_test *dup;
	struct manifest_test *grown;

	if (!close || *trim(close + 1))
		return perr(p, "a section header is '[NAME]'");
	*close = 0;
	name = trim(s + 1);
	if (!manifest_name_ok(name))
		return perr(p, "bad test name '%s' (letters, digits, '_', '.', '-')", name);
	if ((dup = manifest_find(m, name)))
		return perr(p, "duplicate test '%s' (first at line %u)", name, dup->line);
	if (finish_test(p) < 0)
		return -1;
	grown = realloc(m->tests, (m->ntests + 1) * sizeof(*m->tests));
	if (!grown)
		return perr(p, "out of memory");
	m->tests = grown;
	memset(&m->tests[m->ntests], 0, sizeof(m->tests[0]));
	m->tests[m->ntests].line = p->line;
	if (!(m->tests[m->ntests].name = strdup(name)))
		return perr(p, "out of memory");
	m->ntests++;
	p->keys_seen = 0;
	return 0;
}

static int set_key(struct parser *p, char *s)
{
	char *eq = strchr(s, '='), *key, *value;

	if (!eq)
		return perr(p, "expected 'key = value' or '[TEST]'");
	*eq = 0;
	key = trim(s);
	value = trim(eq + 1);
	if (!p->m->ntests)
		return perr(p, "'%s' before the first [TEST] section", key);
	for (unsigned i = 0; i < sizeof(key_table) / sizeof(key_table[0]); i++) {
		if (strcmp(key, key_table[i].key))
			continue;
		if (p->keys_seen & (1u << i))
			return perr(p, "duplicate key '%s' in test '%s'", key, cur(p)->name);
		p->keys_seen |= 1u << i;
		return key_table[i].set(p, key, value);
	}
	return perr(p, "unknown key '%s'", key);
}

static int parse_line(void *arg, char *line)
{
	struct parser *p = arg;
	char *s;

	line[strcspn(line, "#")] = 0;
	s = trim(line);
	if (!*s)
		return 0;
	return *s == '[' ? start_test(p, s) : set_key(p, s);
}

int manifest_parse(struct manifest *m, const char *text, size_t len, const char *source,
		   char *err, size_t errlen)
{
	struct parser p = { m, source, 0, 0, err, errlen };
	int r;

	memset(m, 0, sizeof(*m));
	r = text_each_line(text, len, &p.line, parse_line, &p);
	if (r == TEXT_LINES_NOMEM)
		return perr(&p, "out of memory");
	if (r == TEXT_LINES_NUL)
		return perr(&p, "NUL byte in the manifest");
	if (r < 0)
		return -1;
	return finish_test(&p);
}

int manifest_load(struct manifest *m, const char *path, char *err, size_t errlen)
{
	uint8_t *buf;
	size_t len;
	int r;

	memset(m, 0, sizeof(*m));
	if (input_read_file(path, TABLE_MAX_FILE, &buf, &len, err, errlen) < 0)
		return -1;
	r = manifest_parse(m, (const char *)buf, len, path, err, errlen);
	free(buf);
	return r;
}

void manifest_free(struct manifest *m)
{
	for (size_t i = 0; i < m->ntests; i++) {
		struct manifest_test *t = &m->tests[i];
		free(t->name);
		free(t->image);
		free(t->expect);
		free(t->portable_reason);
		free(t->cmdline);
		for (unsigned j = 0; j < t->ngroups; j++)
			free(t->groups[j]);
		for (unsigned j = 0; j < t->noptions; j++)
			free(t->options[j]);
		for (unsigned j = 0; j < t->nrequires; j++)
			free(t->requires[j].arg);
	}
	free(m->tests);
	memset(m, 0, sizeof(*m));
}

const struct manifest_test *manifest_find(const struct manifest *m, const char *name)
{
	for (size_t i = 0; i < m->ntests; i++)
		if (!strcmp(m->tests[i].name, name))
			return &m->tests[i];
	return NULL;
}

int manifest_in_group(const struct manifest_test *t, const char *group_glob)
{
	for (unsigned i = 0; i < t->ngroups; i++)
		if (fnmatch(group_glob, t->groups[i], 0) == 0)
			return 1;
	return 0;
}
