/* Classification rules (docs/runner.md, "Result classes"). A deviation turns
 * FAIL into XFAIL and PASS into XPASS; a timeout becomes XFAIL only for an
 * entry that says the deviation is a hang (TIMEOUT), so an entry written for
 * a wrong value cannot hide a hang. Harness errors stay what they are. */
#include "suite/result.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "hcall_abi.h"
#include "session/exitcode.h"
#include "util/text_escape.h"
#include "uvmm/abi.h"

static const char *const class_names[RC_COUNT] = {
	[RC_PASS] = "PASS",   [RC_FAIL] = "FAIL",       [RC_SKIP] = "SKIP", [RC_XFAIL] = "XFAIL",
	[RC_XPASS] = "XPASS", [RC_TIMEOUT] = "TIMEOUT", [RC_ERROR] = "ERROR",
};

static const struct {
	int code;
	enum result_class cls;
} code_classes[] = {
	{ UVMM_EXIT_PASS, RC_PASS },        { UVMM_EXIT_SKIP, RC_SKIP },
	{ UVMM_EXIT_TIMEOUT, RC_TIMEOUT },  { UVMM_EXIT_GUEST_FAIL, RC_FAIL },
	{ UVMM_EXIT_MISMATCH, RC_FAIL },    { UVMM_EXIT_BAD_IMAGE, RC_FAIL },
	{ UVMM_EXIT_BAD_EXPECT, RC_FAIL },  { UVMM_EXIT_GUEST_CRASH, RC_FAIL },
	{ UVMM_EXIT_HOST_ERROR, RC_ERROR }, { UVMM_EXIT_USAGE, RC_ERROR },
};

const char *result_report_label(int result)
{
	return result == REPORT_TODO ? "TODO" : result == REPORT_XPASS ? "XPASS"
	       : hc_result_label((uint64_t)result);
}

int result_report_failed(int result)
{
	return result == UVMM_RESULT_FAIL || result == REPORT_XPASS;
}

const char *result_class_name(enum result_class c)
{
	return c < RC_COUNT ? class_names[c] : "?";
}

int result_class_fails_suite(enum result_class c)
{
	return c == RC_FAIL || c == RC_XPASS || c == RC_TIMEOUT || c == RC_ERROR;
}

static enum result_class class_of_code(int code)
{
	for (size_t i = 0; i < sizeof(code_classes) / sizeof(code_classes[0]); i++)
		if (code_classes[i].code == code)
			return code_classes[i].cls;
	return RC_ERROR;
}

static const struct session_report *first_report(const struct run_result *r, int result)
{
	for (unsigned i = 0; i < r->nreports; i++)
		if (r->reports[i].result == result)
			return &r->reports[i];
	return NULL;
}

/* The "why" of a guest run that did not pass. */
static void describe_run(const struct run_result *r, const char *hint, enum result_class cls,
			 char *msg, size_t msglen)
{
	const char *code = uvmm_exit_code_name(r->code);
	char name[4 * SESSION_NAME_MAX], reason[4 * SESSION_NAME_MAX];
	const struct session_report *rep;

	switch (cls) {
	case RC_SKIP:
		rep = first_report(r, UVMM_RESULT_SKIP);
		if (rep)
			escape_to(msg, msglen, rep->reason[0] ? rep->reason : rep->name,
				  strlen(rep->reason[0] ? rep->reason : rep->name));
		else
			snprintf(msg, msglen, "the guest reported that the test does not apply");
		return;
	case RC_TIMEOUT:
		if (r->last_exit[0])
			snprintf(msg, msglen, "no verdict within the time limit; last exit: %s",
				 r->last_exit);
		else
			snprintf(msg, msglen, "no verdict within the time limit, and no exit before it");
		return;
	case RC_ERROR:
		if (!strcmp(code, "UNKNOWN"))
			snprintf(msg, msglen, "run_guest returned the unknown code %d", r->code);
		else if (hint)
			snprintf(msg, msglen, "%s: %s", code, hint);
		else
			snprintf(msg, msglen, "%s: the harness failed (see the log)", code);
		return;
	default:
		break;
	}
	rep = first_report(r, UVMM_RESULT_FAIL);
	if (rep) /* the guest's words: escaped, so they cannot drive a terminal */
		snprintf(msg, msglen, "%s: %s%s%s", code,
			 escape_to(name, sizeof(name), rep->name, strlen(rep->name)),
			 rep->reason[0] ? ": " : "",
			 escape_to(reason, sizeof(reason), rep->reason, strlen(rep->reason)));
	else if (r->code == UVMM_EXIT_GUEST_FAIL && r->fail_detail[0])
		snprintf(msg, msglen, "%s: %s", code, r->fail_detail); /* escaped by the session */
	else if (r->code == UVMM_EXIT_GUEST_FAIL && r->exit_status)
		snprintf(msg, msglen, "%s: exit status %llu", code,
			 (unsigned long long)r->exit_status);
	else if (hint)
		snprintf(msg, msglen, "%s: %s", code, hint);
	else
		snprintf(msg, msglen, "%s", code);
}

static enum result_class classify_exec(const struct exec_outcome *o, char *msg, size_t msglen)
{
	switch (o->status) {
	case EXEC_RAN:
		return class_of_code(o->run->code);
	case EXEC_UNMET:
		snprintf(msg, msglen, "%s", o->detail);
		return RC_SKIP;
	case EXEC_UNCHECKABLE:
		snprintf(msg, msglen, "%s", o->detail);
		return RC_ERROR;
	case EXEC_SIGNALED:
		if (o->signo == SIGSYS) /* vmm/sandbox.c: the syscall is in the log */
			snprintf(msg, msglen, "the test process was killed by the seccomp sandbox "
				 "(SIGSYS): the log names the syscall");
		else
			snprintf(msg, msglen, "the test process was killed by signal %d (%s)",
				 o->signo, strsignal(o->signo));
		return RC_ERROR;
	case EXEC_NO_RESULT:
		snprintf(msg, msglen, "the test process exited with status %d without a result",
			 o->exit_status);
		return RC_ERROR;
	case EXEC_KILLED:
		snprintf(msg, msglen, "killed by the runner after %.0f s (the test's timeout + 5 s)",
			 o->limit);
		return RC_TIMEOUT;
	case EXEC_LAUNCH_FAILED:
		snprintf(msg, msglen, "cannot launch the test: %s", o->detail);
		return RC_ERROR;
	}
	snprintf(msg, msglen, "unknown execution status %d", (int)o->status);
	return RC_ERROR;
}

enum result_class result_apply_deviation(enum result_class cls, const struct deviation *dev,
					 const char *why, char *msg, size_t msglen)
{
	if ((cls == RC_FAIL && dev && !dev->hangs) || (cls == RC_TIMEOUT && dev && dev->hangs)) {
		snprintf(msg, msglen, "known deviation: %s (%s)", dev->reason, why);
		return RC_XFAIL;
	}
	if (cls == RC_PASS && dev) {
		snprintf(msg, msglen, "passed, but listed as a known deviation: %s", dev->reason);
		return RC_XPASS;
	}
	snprintf(msg, msglen, "%s", cls == RC_PASS ? "" : why);
	return cls;
}

enum result_class result_classify(const struct exec_outcome *o, const struct deviation *dev,
				  char *msg, size_t msglen)
{
	enum result_class cls = classify_exec(o, msg, msglen);
	char why[384];

	if (o->status != EXEC_RAN)
		return cls;
	describe_run(o->run, o->log_hint, cls, why, sizeof(why));
	return result_apply_deviation(cls, dev, why, msg, msglen);
}

void result_count(struct result_counts *c, const struct test_result *r, size_t n)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < n; i++)
		if (r[i].cls < RC_COUNT)
			c->n[r[i].cls]++;
}

void result_summary_line(const struct result_counts *c, char *buf, size_t len)
{
	snprintf(buf, len, "%u passed, %u failed, %u skipped, %u xfail, %u xpass, %u timeout, "
		 "%u error", c->n[RC_PASS], c->n[RC_FAIL], c->n[RC_SKIP], c->n[RC_XFAIL],
		 c->n[RC_XPASS], c->n[RC_TIMEOUT], c->n[RC_ERROR]);
}

int result_exit_code(const struct result_counts *c)
{
	for (int i = 0; i < RC_COUNT; i++)
		if (c->n[i] && result_class_fails_suite((enum result_class)i))
			return 1;
	return 0;
}

const char *result_signal_name(int signo, char *buf, size_t len)
{
	const char *abbrev = sigabbrev_np(signo);

	if (abbrev)
		snprintf(buf, len, "SIG%s", abbrev);
	else
		snprintf(buf, len, "signal %d", signo);
	return buf;
}

void result_interruption_line(const struct suite_interruption *i, char *buf, size_t len)
{
	char sig[32];
	size_t n;

	result_signal_name(i->signo, sig, sizeof(sig));
	if (i->after)
		n = (size_t)snprintf(buf, len, "interrupted by %s after test '%s' (%zu of %zu tests done",
				     sig, i->after, i->done, i->total);
	else
		n = (size_t)snprintf(buf, len, "interrupted by %s before any test finished (0 of %zu "
				     "tests done", sig, i->total);
	for (size_t k = 0; k < i->nrunning && n < len; k++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s", k ? ", " : "; stopped while running: ",
				      i->running[k]);
	if (n < len)
		snprintf(buf + n, len - n, ")");
}
