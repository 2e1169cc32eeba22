/* The guest's status decides as under KUT's own runner; the log can only
 * make things worse: a SUMMARY that disagrees with the lines, or FAIL lines
 * behind a passing status, fail the entry. A subtest deviation covers a
 * failing line; the entry is XFAIL when every failing line is covered and
 * nothing else failed, and XPASS when a covered line passed. */
#include "kut/kut_verdict.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/console.h"
#include "session/exitcode.h"
#include "uvmm/abi.h"

void kut_subtest_key(const char *entry, const char *text, char *key, size_t size)
{
	size_t n = (size_t)snprintf(key, size, "%s:", entry);
	int gap = 0;

	if (n >= size)
		return;
	for (; *text; text++) {
		unsigned char c = (unsigned char)*text;
		int sep;

		if (!isalnum(c) && c != '_' && c != '.' && c != '-') {
			gap = 1;
			continue;
		}
		sep = gap && key[n - 1] != ':';
		if (n + (size_t)sep + 1 >= size)
			break;
		if (sep)
			key[n++] = '_';
		key[n++] = (char)c;
		gap = 0;
	}
	key[n] = 0;
}

static void copy_cut(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n < size) {
		memcpy(dst, src, n + 1);
		return;
	}
	memcpy(dst, src, size - 4);
	memcpy(dst + size - 4, "...", 4);
}

/* KUT's line kinds as report results (suite/result.h). */
static int report_result(enum kut_kind k)
{
	static const int results[KUT_NKINDS] = {
		[KUT_PASS] = UVMM_RESULT_PASS, [KUT_FAIL] = UVMM_RESULT_FAIL,
		[KUT_SKIP] = UVMM_RESULT_SKIP, [KUT_XFAIL] = REPORT_TODO,
		[KUT_XPASS] = REPORT_XPASS, [KUT_KFAIL] = REPORT_TODO,
	};
	return results[k];
}

struct subtests {
	unsigned failing;     /* FAIL and XPASS lines */
	unsigned covered;     /* of those, listed as deviations */
	const char *first_covered, *passed_listed;
};

static int build_reports(const char *entry, const struct kut_log *l, const struct deviations *devs,
			 const char *impl, struct kut_verdict *v, struct subtests *st)
{
	v->reports = calloc(l->n ? l->n : 1, sizeof(*v->reports));
	if (!v->reports)
		return -1;
	v->nreports = (unsigned)l->n;
	for (size_t i = 0; i < l->n; i++) {
		struct session_report *r = &v->reports[i];
		const struct kut_line *line = &l->lines[i];
		const struct deviation *d;
		char key[256];

		r->result = report_result(line->kind);
		copy_cut(r->name, sizeof(r->name), line->text);
		if (line->kind == KUT_XFAIL || line->kind == KUT_KFAIL)
			copy_cut(r->reason, sizeof(r->reason), line->kind == KUT_XFAIL
				 ? "an expected failure (XFAIL)" : "a known failure (KFAIL)");
		/* From the name as reports show it (cut), so a report read back agrees. */
		kut_subtest_key(entry, r->name, key, sizeof(key));
		d = devs ? deviations_lookup(devs, key, impl) : NULL;
		if (result_report_failed(r->result)) {
			st->failing++;
			if (d) {
				st->covered++;
				st->first_covered = st->first_covered ? st->first_covered : d->reason;
				r->result = REPORT_TODO;
				snprintf(r->reason, sizeof(r->reason), "known deviation: %.100s", d->reason);
			}
		} else if (d && line->kind == KUT_PASS) {
			st->passed_listed = st->passed_listed ? st->passed_listed : line->text;
			r->result = REPORT_XPASS;
			snprintf(r->reason, sizeof(r->reason), "passed, but listed as a known deviation");
		}
	}
	return 0;
}

static const char *first_text(const struct kut_log *l, enum kut_kind k)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->lines[i].kind == k)
			return l->lines[i].text;
	return NULL;
}

/* The entry's class before deviations, from the status and the log. */
static enum result_class judge_status(const struct run_result *run, enum result_class dflt,
				      const char *dflt_message, const struct kut_log *l,
				      int *consistentp, char *why, size_t len)
{
	char check[384];
	int consistent = *consistentp = kut_log_check(l, check, sizeof(check)) == 0;
	unsigned failing = l->count[KUT_FAIL] + l->count[KUT_XPASS];
	const char *fail = first_text(l, KUT_FAIL), *skip = first_text(l, KUT_SKIP);

	switch (run->code) {
	case UVMM_EXIT_PASS:
	case UVMM_EXIT_SKIP:
		if (!consistent) {
			snprintf(why, len, "%s", check);
			return RC_FAIL;
		}
		if (failing) {
			snprintf(why, len, "exit status %llu, but %u report lines failed (first: %.200s)",
				 (unsigned long long)run->exit_status, failing,
				 fail ? fail : first_text(l, KUT_XPASS));
			return RC_FAIL;
		}
		if (run->code == UVMM_EXIT_SKIP)
			snprintf(why, len, "%.400s", skip ? skip : "every test skipped (exit status 38)");
		else
			why[0] = 0;
		return run->code == UVMM_EXIT_PASS ? RC_PASS : RC_SKIP;
	case UVMM_EXIT_GUEST_FAIL:
		if (run->exit_status == KUT_STATUS_ABORT)
			snprintf(why, len, "aborted (exit status 63)%s%.300s", l->abort_text ? ": " : "",
				 l->abort_text ? l->abort_text : "");
		else if (fail)
			snprintf(why, len, "FAIL: %.400s", fail);
		else
			snprintf(why, len, "exit status %llu", (unsigned long long)run->exit_status);
		if (!consistent && run->exit_status != KUT_STATUS_ABORT) {
			size_t n = strlen(why);
			snprintf(why + n, len - n, "; %s", check);
		}
		return RC_FAIL;
	default:
		snprintf(why, len, "%s", dflt_message);
		return dflt;
	}
}

int kut_judge(const char *entry, const struct run_result *run, enum result_class dflt,
	      const char *dflt_message, const char *log, const struct deviation *dev,
	      const struct deviations *devs, const char *impl, struct kut_verdict *v)
{
	struct kut_log l;
	struct subtests st = { 0 };
	char why[512];
	enum result_class cls;
	int consistent;

	memset(v, 0, sizeof(*v));
	if (kut_log_parse(log, CONSOLE_PREFIX, &l) < 0 || build_reports(entry, &l, devs, impl, v, &st) < 0) {
		kut_log_free(&l);
		free(v->reports);
		v->reports = NULL;
		return -1;
	}
	cls = judge_status(run, dflt, dflt_message, &l, &consistent, why, sizeof(why));
	/* Every failing line a known deviation of its subtest, and the failure
	 * nothing but those lines (KUT's status 1, a consistent SUMMARY). */
	if (cls == RC_FAIL && !dev && st.covered && st.covered == st.failing &&
	    run->code == UVMM_EXIT_GUEST_FAIL && run->exit_status == KUT_STATUS_FAIL && consistent) {
		snprintf(v->message, sizeof(v->message), "known deviation of %u subtest%s: %.300s",
			 st.covered, st.covered == 1 ? "" : "s", st.first_covered);
		v->cls = RC_XFAIL;
	} else {
		v->cls = result_apply_deviation(cls, dev, why, v->message, sizeof(v->message));
	}
	if (st.passed_listed && (v->cls == RC_PASS || v->cls == RC_XFAIL)) {
		v->cls = RC_XPASS;
		snprintf(v->message, sizeof(v->message), "subtest '%.200s' passed, but is listed as a "
			 "known deviation", st.passed_listed);
	}
	kut_log_free(&l);
	return 0;
}
