#include "util/clock.h"
#include "session/session.h"

#include <string.h>
#include <time.h>

#include "hcall_abi.h"
#include "session/exitcode.h"
#include "util/text_escape.h"
#include "uvmm/abi.h"

static const char *const end_names[] = {
	[END_NONE] = "still running", [END_GUEST_EXIT] = "guest exit",
	[END_SHUTDOWN] = "triple fault (shutdown)", [END_FAIL_ENTRY] = "VM entry failure",
	[END_INTERNAL_ERROR] = "KVM internal error", [END_UNHANDLED] = "unhandled exit",
	[END_MISMATCH] = "expectation mismatch", [END_TIMEOUT] = "timeout",
	[END_HOST_ERROR] = "host error", [END_BAD_EXPECT] = "bad run-time expectation",
	[END_KILLED] = "killed from gdb",
	[END_HUPCALL] = "exit hyperupcall verdict",
};

static const char *const vector_names[32] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "?", "#TS", "#NP",
	"#SS", "#GP", "#PF", "?", "#MF", "#AC", "#MC", "#XM", "#VE", "#CP",
};

void session_init(struct session *s, struct expect_checker *checker, struct trace *trace,
		  struct console *console, FILE *log, struct logcap *glog)
{
	memset(s, 0, sizeof(*s));
	pthread_mutex_init(&s->lock, NULL);
	s->checker = checker;
	s->trace = trace;
	s->console = console;
	s->log = log;
	s->glog = glog;
}

void session_destroy(struct session *s)
{
	pthread_mutex_destroy(&s->lock);
}

void session_end(struct session *s, enum session_end why)
{
	pthread_mutex_lock(&s->lock);
	if (s->end == END_NONE)
		s->end = why;
	pthread_mutex_unlock(&s->lock);
}

void session_end_guest(struct session *s, uint64_t status)
{
	pthread_mutex_lock(&s->lock);
	if (s->end == END_NONE) {
		s->end = END_GUEST_EXIT;
		s->exit_status = status;
	}
	pthread_mutex_unlock(&s->lock);
}

const char *session_vector_name(uint64_t vector)
{
	return vector < 32 && vector_names[vector] ? vector_names[vector] : "?";
}

const char *session_name_addr(const struct session *s, uint64_t addr, char *buf, size_t size)
{
	if (!s->namer.name || !s->namer.name(s->namer.ctx, addr, buf, size))
		snprintf(buf, size, "0x%llx", (unsigned long long)addr);
	return buf;
}

static void copy_str(char *dst, size_t size, const struct ev_arg *a)
{
	size_t n = a->len < size - 1 ? a->len : size - 1;

	memcpy(dst, a->str, n);
	dst[n] = 0;
}

static void on_report(struct session *s, const struct exit_event *ev)
{
	struct session_report *r;

	if (ev->args[0].num == UVMM_RESULT_FAIL)
		s->guest_failed = 1;
	if (s->nreports == SESSION_MAX_REPORTS) {
		s->reports_dropped++;
		return;
	}
	r = &s->reports[s->nreports++];
	r->result = (int)ev->args[0].num;
	copy_str(r->name, sizeof(r->name), &ev->args[1]);
	r->reason[0] = 0;
	if (ev->nargs > 2)
		copy_str(r->reason, sizeof(r->reason), &ev->args[2]);
}

/* The assertion as one line for the reports (escaped: it is guest text). */
static void keep_assert(struct session *s, const struct exit_event *ev)
{
	char file[96], expr[SESSION_DETAIL_MAX], values[64] = "";

	if (s->fail_detail[0])
		return;
	if (ev->nargs > 3)
		snprintf(values, sizeof(values), " (left 0x%llx, right 0x%llx)",
			 (unsigned long long)ev->args[3].num, (unsigned long long)ev->args[4].num);
	snprintf(s->fail_detail, sizeof(s->fail_detail), "assertion failed at %s:%llu: %s%s",
		 escape_to(file, sizeof(file), ev->args[0].str, ev->args[0].len),
		 (unsigned long long)ev->args[1].num,
		 escape_to(expr, sizeof(expr), ev->args[2].str, ev->args[2].len), values);
}

/* report_value(): each "value NAME 0xV" line of a debug print. */
static void on_debug(struct session *s, const struct exit_event *ev)
{
	const char *p = ev->args[0].str, *end = p + ev->args[0].len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (nl ? nl : end) - p;
		struct named_value v;

		if (value_line_parse(p, len, &v) &&
		    value_set_put(s->values, &s->nvalues, SESSION_MAX_VALUES, &v) < 0)
			s->values_dropped++;
		p += len + (nl != NULL);
	}
}

static void on_assert(struct session *s, const struct exit_event *ev)
{
	s->guest_failed = 1;
	keep_assert(s, ev);
	fputs("uvmm: guest assertion failed at ", s->log);
	fput_escaped(s->log, ev->args[0].str, ev->args[0].len);
	fprintf(s->log, ":%llu: ", (unsigned long long)ev->args[1].num);
	fput_escaped(s->log, ev->args[2].str, ev->args[2].len);
	if (ev->nargs > 3)
		fprintf(s->log, " (left 0x%llx, right 0x%llx)", (unsigned long long)ev->args[3].num,
			(unsigned long long)ev->args[4].num);
	fputc('\n', s->log);
}

/* guest_skip(): the test does not apply; what it still expected is moot. */
static void on_skip(struct session *s, const struct exit_event *ev)
{
	struct session_report *r;

	s->skipped = 1;
	s->end = END_GUEST_EXIT;
	s->exit_status = UVMM_EXIT_SKIP_STATUS;
	if (s->nreports == SESSION_MAX_REPORTS) {
		s->reports_dropped++;
		return;
	}
	r = &s->reports[s->nreports++];
	r->result = UVMM_RESULT_SKIP;
	snprintf(r->name, sizeof(r->name), "skipped");
	copy_str(r->reason, sizeof(r->reason), &ev->args[0]);
}

static void on_exception(struct session *s, const struct exit_event *ev)
{
	uint64_t v = ev->args[0].num;
	char where[256];

	logcap_printf(s->glog, "uvmm: guest exception %s (vector %llu) error 0x%llx at rip 0x%llx cr2 0x%llx\n"
		"uvmm:   faulting instruction: %s\n",
		session_vector_name(v), (unsigned long long)v,
		(unsigned long long)ev->args[1].num, (unsigned long long)ev->args[2].num,
		(unsigned long long)ev->args[3].num,
		session_name_addr(s, ev->args[2].num, where, sizeof(where)));
}

/* What the guest asked for. Runs after the checker accepted the exit. */
static void act_on_hcall(struct session *s, const struct exit_event *ev)
{
	struct expect_error err;
	int r;

	if (ev->status != UVMM_HC_OK) {
		s->abi_violations++;
		return;
	}
	switch (ev->addr) {
	case UVMM_HC_CONSOLE:
		console_write(s->console, ev->args[0].str, ev->args[0].len);
		break;
	case UVMM_HC_DEBUG:
		console_write(s->console, ev->args[0].str, ev->args[0].len);
		on_debug(s, ev);
		break;
	case UVMM_HC_SKIP:
		on_skip(s, ev);
		break;
	case UVMM_HC_EXIT:
		s->end = END_GUEST_EXIT;
		s->exit_status = ev->args[0].num;
		break;
	case UVMM_HC_ASSERT:
		on_assert(s, ev);
		break;
	case UVMM_HC_REPORT:
		on_report(s, ev);
		break;
	case UVMM_HC_EXPECT:
		r = s->checker ? expect_insert(s->checker, ev->args[0].str, ev->args[0].len,
					       "<hypercall>", &err) : 0;
		if (r < 0) {
			fprintf(s->log, "uvmm: %s:%u:%u: %s\n", err.source, err.line, err.col, err.msg);
			s->end = r == -2 ? END_HOST_ERROR : END_BAD_EXPECT;
		}
		break;
	case UVMM_HC_EXCEPTION:
		on_exception(s, ev);
		break;
	}
}

/* The guest's own checker (an exit program) said fail: the run stops at the
 * exit it judged, which the checker then never sees. */
static void on_hupcall(struct session *s, const struct exit_event *ev)
{
	if (ev->addr != UVMM_HUPCALL_EXIT || ev->status != UVMM_HUPCALL_RUN_OK || !ev->value)
		return;
	s->end = END_HUPCALL;
	s->hupcall_verdict = ev->value;
	fprintf(s->log, "uvmm: the guest's exit hyperupcall failed the run at event #%llu (vcpu %u): "
		"verdict 0x%llx\n", (unsigned long long)ev->index, ev->vcpu,
		(unsigned long long)ev->value);
}

static const enum session_end end_for_kind[EV_KIND_COUNT] = {
	[EV_SHUTDOWN] = END_SHUTDOWN,
	[EV_FAIL_ENTRY] = END_FAIL_ENTRY,
	[EV_INTERNAL_ERROR] = END_INTERNAL_ERROR,
	[EV_UNHANDLED] = END_UNHANDLED,
};

int session_on_exit(struct session *s, struct exit_event *ev)
{
	int stop, unchecked;

	pthread_mutex_lock(&s->lock);
	/* Another vCPU ended the run while this exit was in flight: the run is
	 * over, so the exit is neither counted nor checked. */
	if (s->end != END_NONE) {
		pthread_mutex_unlock(&s->lock);
		return 1;
	}
	ev->index = s->nexits++;
	if (ev->index == 0)
		s->first_exit_ns = now_ns();
	s->last = *ev;
	s->last.data = NULL;
	s->last.nargs = 0;
	s->have_last = 1;
	/* Debug prints and skips are not what the test asserts: the checker
	 * never sees them, the trace keeps them as comments. */
	unchecked = ev->kind == EV_HCALL && ev->status == UVMM_HC_OK && hc_desc(ev->addr) &&
		    hc_desc(ev->addr)->unchecked;
	if (s->checker && !unchecked && expect_match_exit(s->checker, ev) == EXPECT_MISMATCH &&
	    s->end == END_NONE)
		s->end = END_MISMATCH;
	trace_record(s->trace, ev, unchecked ? TRACE_UNCHECKED
				   : s->checker && expect_last_match_inserted(s->checker) ? TRACE_INSERTED
				   : TRACE_CHECKED);
	if (s->end == END_NONE) {
		if (ev->kind == EV_HCALL)
			act_on_hcall(s, ev);
		else if (ev->kind == EV_HUPCALL)
			on_hupcall(s, ev);
		else if (end_for_kind[ev->kind] != END_NONE)
			s->end = end_for_kind[ev->kind];
	}
	stop = s->end != END_NONE;
	pthread_mutex_unlock(&s->lock);
	return stop;
}

static int crash_end(enum session_end e)
{
	return e == END_SHUTDOWN || e == END_FAIL_ENTRY || e == END_INTERNAL_ERROR ||
	       e == END_UNHANDLED;
}

static void print_last_exit(struct session *s)
{
	char line[512], where[256];

	if (!s->have_last) {
		fprintf(s->log, "uvmm: no exit before the timeout\n");
		return;
	}
	expect_format_event(&s->last, line, sizeof(line));
	fprintf(s->log, "uvmm: last exit #%llu at rip 0x%llx (%s): %s\n",
		(unsigned long long)s->last.index, (unsigned long long)s->last.rip,
		session_name_addr(s, s->last.rip, where, sizeof(where)), line);
}

int session_verdict(struct session *s)
{
	switch (s->end) {
	case END_HOST_ERROR:
	case END_NONE:
		return UVMM_EXIT_HOST_ERROR;
	case END_TIMEOUT:
		print_last_exit(s);
		return UVMM_EXIT_TIMEOUT;
	case END_BAD_EXPECT:
		return UVMM_EXIT_BAD_EXPECT;
	case END_KILLED:
		fprintf(s->log, "uvmm: the run was killed from gdb: no verdict\n");
		return UVMM_EXIT_GUEST_CRASH;
	case END_MISMATCH:
		expect_report(s->checker, s->log);
		return UVMM_EXIT_MISMATCH;
	default:
		break;
	}
	if (s->skipped)
		return s->guest_failed ? UVMM_EXIT_GUEST_FAIL : UVMM_EXIT_SKIP;
	if (s->checker && expect_finish(s->checker) < 0) {
		expect_report(s->checker, s->log);
		return UVMM_EXIT_MISMATCH;
	}
	if (!s->checker && (crash_end(s->end) || s->abi_violations)) {
		char where[256] = "";

		if (crash_end(s->end) && s->have_last && s->last.rip) {
			strcpy(where, " at ");
			session_name_addr(s, s->last.rip, where + 4, sizeof(where) - 4);
		}
		fprintf(s->log, "uvmm: guest crashed: %s%s%s\n", end_names[s->end], where,
			s->abi_violations ? " (and broke the hypercall ABI)" : "");
		return UVMM_EXIT_GUEST_CRASH;
	}
	if (s->end == END_GUEST_EXIT && !s->guest_failed &&
	    s->exit_status == (s->kut_status ? KUT_STATUS_SKIP : UVMM_EXIT_SKIP))
		return UVMM_EXIT_SKIP;
	/* With a checker, an expected fail verdict is the test's point (it proves
	 * the guest's checker catches what it should); without one, it fails. */
	if (!s->checker && s->end == END_HUPCALL)
		return UVMM_EXIT_GUEST_FAIL;
	if (s->guest_failed || (s->end == END_GUEST_EXIT && s->exit_status != 0))
		return UVMM_EXIT_GUEST_FAIL;
	return UVMM_EXIT_PASS;
}
