/* A kvm-unit-tests log read back: its PASS/FAIL/SKIP/XFAIL/XPASS/KFAIL
 * lines (lib/report.c), the last SUMMARY line, ABORT lines, and whether the
 * SUMMARY agrees with the lines. */
#ifndef UVMM_KUT_KUT_LOG_H
#define UVMM_KUT_KUT_LOG_H

#include <stddef.h>

enum kut_kind { KUT_PASS, KUT_FAIL, KUT_SKIP, KUT_XFAIL, KUT_XPASS, KUT_KFAIL, KUT_NKINDS };

struct kut_line {
	enum kut_kind kind;
	char *text;             /* after "PASS: ": prefixes and message (malloc'd) */
};

struct kut_summary {
	int present;
	unsigned tests, failures, known, expected, skipped;
};

struct kut_log {
	struct kut_line *lines;
	size_t n;
	unsigned count[KUT_NKINDS];
	struct kut_summary summary;  /* the last SUMMARY line */
	char *abort_text;            /* the first ABORT line's text (malloc'd), or NULL */
	int bad_summary;             /* a SUMMARY line that does not parse */
};

/* Reads the guest lines of text: those starting with prefix (the console's
 * "guest| " in uvmm logs; "" for a plain log), a trailing carriage return
 * (raw or escaped \x0d) dropped. Returns 0, or -1 when out of memory. */
int kut_log_parse(const char *text, const char *prefix, struct kut_log *out);
void kut_log_free(struct kut_log *l);

/* 0 when there is no SUMMARY or it agrees with the lines (its unexpected
 * failures are the FAIL and XPASS lines, its known failures the KFAIL lines,
 * its expected failures the XFAIL lines, its skipped the SKIP lines, and it
 * counts at least every line: report_passed() counts without printing);
 * else -1 with what disagrees. */
int kut_log_check(const struct kut_log *l, char *why, size_t len);

const char *kut_kind_name(enum kut_kind k);

#endif
