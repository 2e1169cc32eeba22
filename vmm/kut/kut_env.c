/* Kernel versions are compared as KUT's env_generate_errata does:
 * VERSION.PATCHLEVEL must be numbers; SUBLEVEL and EXTRAVERSION (the number
 * after '-') count only when both sides have them, and a missing one on the
 * kernel's side means "not yet" unless the erratum's is 0. */
#include "kut/kut_env.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/errmsg.h"

extern char **environ;

struct kver {
	long v, p, s, x; /* -1: absent */
};

/* The leading digits of *s as a number, or -1 when there are none. */
static long number(const char **s)
{
	long n = -1;

	while (isdigit((unsigned char)**s)) {
		n = (n < 0 ? 0 : n) * 10 + (**s - '0');
		if (n > 1000000)
			return -1;
		(*s)++;
	}
	return n;
}

/* "6.18.44-1-amd64" -> 6, 18, 44, 1 (as KUT's IFS splitting on '.' and '-'). */
static struct kver parse_kver(const char *s)
{
	struct kver k = { -1, -1, -1, -1 };

	k.v = number(&s);
	if (*s == '.' && s++)
		k.p = number(&s);
	if (*s == '.' && s++)
		k.s = number(&s);
	while (*s && *s != '-')
		s++;
	if (*s == '-' && s++)
		k.x = number(&s);
	return k;
}

/* 1 when the kernel has what the erratum needs (KUT's "have=y"). */
static int kver_at_least(const struct kver *k, const struct kver *min)
{
	if (k->v != min->v)
		return k->v > min->v;
	if (k->p != min->p)
		return k->p > min->p;
	if (k->s >= 0 && min->s >= 0) {
		if (k->s != min->s)
			return k->s > min->s;
		if (k->x >= 0 && min->x >= 0)
			return k->x >= min->x;
		return min->x <= 0;
	}
	return min->s <= 0;
}

static int in_process_env(const char *name, size_t n)
{
	for (char **e = environ; e && *e; e++)
		if (!strncmp(*e, name, n) && (*e)[n] == '=')
			return 1;
	return 0;
}

/* The line without blanks (KUT: tr -d '[:blank:]'), cut at the second ':'. */
static void squeeze(const char *line, size_t n, char *out, size_t size)
{
	size_t k = 0;

	for (size_t i = 0; i < n && k + 1 < size; i++)
		if (line[i] != ' ' && line[i] != '\t')
			out[k++] = line[i];
	out[k] = 0;
}

int kut_errata_env(struct sbuf *env, const char *text, size_t len, const char *source,
		   const char *kernel_release, char *err, size_t errlen)
{
	struct kver k = parse_kver(kernel_release);
	const char *p = text, *end = text + len;
	unsigned lineno = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char line[256], name[128], *colon, *ver;
		struct kver min;
		const char *q;

		lineno++;
		squeeze(p, n, line, sizeof(line));
		p += n + (nl != NULL);
		if (!line[0] || line[0] == '#')
			continue;
		colon = strchr(line, ':');
		if (!colon || colon == line)
			return errmsg_line(err, errlen, source, lineno, "expected COMMIT:MIN_KERNEL:summary");
		*colon = 0;
		ver = colon + 1;
		if ((colon = strchr(ver, ':')))
			*colon = 0;
		for (q = line; *q; q++)
			if (!isalnum((unsigned char)*q) && *q != '_')
				return errmsg_line(err, errlen, source, lineno,
						   "bad erratum name '%.40s' (letters, digits, '_')", line);
		q = ver;
		min = parse_kver(ver);
		if (min.v < 0 || min.p < 0 || !(*ver >= '0' && *ver <= '9'))
			return errmsg_line(err, errlen, source, lineno,
					   "bad minimum kernel version '%.40s' (VERSION.PATCHLEVEL...)", q);
		if (snprintf(name, sizeof(name), "ERRATA_%s", line) >= (int)sizeof(name))
			return errmsg_line(err, errlen, source, lineno, "erratum name too long");
		if (in_process_env(name, strlen(name)))
			continue;
		sb_printf(env, "%s=%s\n", name, kver_at_least(&k, &min) ? "y" : "n");
	}
	return 0;
}

int kut_env_build(struct sbuf *env, unsigned ncpus, unsigned long long mem_mib,
		  const char *kernel_release, const char *errata, char *err, size_t errlen)
{
	struct kver k = parse_kver(kernel_release);
	const char *dash = strchr(kernel_release, '-');

	sb_printf(env, "NR_CPUS=%u\nMEMSIZE=%llu\n", ncpus, mem_mib);
	sb_puts(env, "KERNEL_VERSION_STRING=");
	sb_puts(env, kernel_release);
	sb_putc(env, '\n');
	if (k.v >= 0)
		sb_printf(env, "KERNEL_VERSION=%ld\n", k.v);
	if (k.p >= 0)
		sb_printf(env, "KERNEL_PATCHLEVEL=%ld\n", k.p);
	if (k.s >= 0)
		sb_printf(env, "KERNEL_SUBLEVEL=%ld\n", k.s);
	if (dash && k.x >= 0)
		sb_printf(env, "KERNEL_EXTRAVERSION=%ld\n", k.x);
	for (char **e = environ; e && *e; e++)
		if (!strncmp(*e, "ERRATA_", 7) && strchr(*e, '=')) {
			sb_puts(env, *e);
			sb_putc(env, '\n');
		}
	if (errata)
		sb_puts(env, errata);
	if (env->len > KUT_ENV_MAX)
		return errmsg(err, errlen, "the environment is %zu bytes; kvm-unit-tests reads at most %d",
			      env->len, KUT_ENV_MAX);
	return 0;
}
