#include "kut/kut_log.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[KUT_NKINDS] = {
	[KUT_PASS] = "PASS", [KUT_FAIL] = "FAIL", [KUT_SKIP] = "SKIP",
	[KUT_XFAIL] = "XFAIL", [KUT_XPASS] = "XPASS", [KUT_KFAIL] = "KFAIL",
};

const char *kut_kind_name(enum kut_kind k)
{
	return k < KUT_NKINDS ? kind_names[k] : "?";
}

/* "SUMMARY: 10 tests, 1 unexpected failures, 2 skipped" (lib/report.c's
 * report_summary; every part after the first is optional, in this order). */
static int parse_summary(const char *s, struct kut_summary *sum)
{
	static const struct {
		const char *word;
		size_t field;
	} parts[] = {
		{ "unexpected failures", offsetof(struct kut_summary, failures) },
		{ "known failures", offsetof(struct kut_summary, known) },
		{ "expected failures", offsetof(struct kut_summary, expected) },
		{ "skipped", offsetof(struct kut_summary, skipped) },
	};
	unsigned n;
	int used = -1;

	/* %n is only stored when everything before it matched ("1 tesst" is not). */
	memset(sum, 0, sizeof(*sum));
	if (sscanf(s, "%u tests%n", &n, &used) != 1 || used < 0)
		return -1;
	sum->tests = n;
	s += used;
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]) && *s; i++) {
		size_t w = strlen(parts[i].word);
		unsigned v;

		used = -1;
		if (sscanf(s, ", %u %n", &v, &used) != 1 || used < 0)
			return -1;
		if (strncmp(s + used, parts[i].word, w))
			continue;
		*(unsigned *)((char *)sum + parts[i].field) = v;
		s += used + w;
	}
	sum->present = 1;
	return *s ? -1 : 0;
}

static int add_line(struct kut_log *l, enum kut_kind k, const char *text)
{
	struct kut_line *grown = realloc(l->lines, (l->n + 1) * sizeof(*grown));

	if (!grown)
		return -1;
	l->lines = grown;
	if (!(grown[l->n].text = strdup(text)))
		return -1;
	grown[l->n++].kind = k;
	l->count[k]++;
	return 0;
}

static int one_line(struct kut_log *l, char *s)
{
	size_t n = strlen(s);

	if (n >= 4 && !strcmp(s + n - 4, "\\x0d"))
		s[n -= 4] = 0;
	if (n && s[n - 1] == '\r')
		s[--n] = 0;
	for (int k = 0; k < KUT_NKINDS; k++) {
		size_t w = strlen(kind_names[k]);

		if (!strncmp(s, kind_names[k], w) && s[w] == ':' && s[w + 1] == ' ')
			return add_line(l, (enum kut_kind)k, s + w + 2);
	}
	if (!strncmp(s, "SUMMARY: ", 9)) {
		struct kut_summary sum;

		if (parse_summary(s + 9, &sum) < 0)
			l->bad_summary = 1;
		else
			l->summary = sum;
		return 0;
	}
	if (!strncmp(s, "ABORT: ", 7) && !l->abort_text)
		return (l->abort_text = strdup(s + 7)) ? 0 : -1;
	return 0;
}

int kut_log_parse(const char *text, const char *prefix, struct kut_log *out)
{
	size_t plen = strlen(prefix);

	memset(out, 0, sizeof(*out));
	while (text && *text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);

		if (n >= plen && !strncmp(text, prefix, plen)) {
			char *line = strndup(text + plen, n - plen);

			if (!line || one_line(out, line) < 0) {
				free(line);
				return -1;
			}
			free(line);
		}
		text += n + (nl != NULL);
	}
	return 0;
}

void kut_log_free(struct kut_log *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->lines[i].text);
	free(l->lines);
	free(l->abort_text);
	memset(l, 0, sizeof(*l));
}

int kut_log_check(const struct kut_log *l, char *why, size_t len)
{
	const struct kut_summary *s = &l->summary;
	const unsigned *c = l->count;

	if (l->bad_summary && !s->present) {
		snprintf(why, len, "the SUMMARY line does not read as kvm-unit-tests writes it");
		return -1;
	}
	if (!s->present)
		return 0;
	if (s->failures != c[KUT_FAIL] + c[KUT_XPASS] || s->known != c[KUT_KFAIL] ||
	    s->expected != c[KUT_XFAIL] || s->skipped != c[KUT_SKIP] || s->tests < l->n) {
		snprintf(why, len, "SUMMARY (%u tests, %u unexpected failures, %u known, %u expected, "
			 "%u skipped) disagrees with the log (%zu lines: %u PASS, %u FAIL, %u XPASS, "
			 "%u KFAIL, %u XFAIL, %u SKIP)", s->tests, s->failures, s->known, s->expected,
			 s->skipped, l->n, c[KUT_PASS], c[KUT_FAIL], c[KUT_XPASS], c[KUT_KFAIL],
			 c[KUT_XFAIL], c[KUT_SKIP]);
		return -1;
	}
	return 0;
}
