/* `uvmm check-trace EXPECT TRACE`: checks the exits a trace file records
 * against expectations, with no VM. The exits go through the same session a
 * run uses, so run-time expectation text, unchecked hypercalls, reports and
 * the verdict behave exactly as in `uvmm run`. */
#include <stdlib.h>
#include <string.h>

#include "check/expect.h"
#include "check/expect_replay.h"
#include "cli/cli.h"
#include "devices/debug_exit.h"
#include "loader/image_file.h"
#include "session/exitcode.h"
#include "session/session.h"
#include "util/logcap.h"
#include "uvmm/abi.h"

static int bad_syntax(const struct expect_error *e, int code)
{
	fprintf(stderr, "uvmm: %s:%u:%u: %s\n", e->source, e->line, e->col, e->msg);
	return code;
}

static int read_text(const char *path, uint8_t **text, size_t *len, int code)
{
	char err[256];

	if (image_read_file(path, text, len, err, sizeof(err)) < 0) {
		fprintf(stderr, "uvmm: %s\n", err);
		return code;
	}
	return 0;
}

/* Whether the exit ends the run as the debug-exit device would end it (a
 * write to its port), with the status it would take. */
static int ends_run(const struct bus *pio, const struct exit_event *ev, uint64_t *status)
{
	uint8_t data[8];

	if (ev->kind != EV_PIO_OUT || ev->count != 1)
		return 0;
	memcpy(data, &ev->value, sizeof(data));
	return bus_access(pio, ev->addr, ev->size, 1, data, status) == BUS_STOP;
}

/* Feeds every exit of t to the session; returns the exit code. */
static int replay(const struct expect_trace *t, struct expect_checker *checker,
		  const char *trace_path)
{
	struct console console;
	struct logcap glog;
	struct session s;
	struct exit_event ev;
	struct bus pio;
	size_t n = expect_trace_count(t), i;
	uint64_t status = 0;
	unsigned line = 0;
	int code;

	bus_init(&pio);
	dev_debug_exit_register(&pio, UVMM_DEBUG_EXIT_PORT);
	console_init(&console, NULL, 0);
	logcap_init(&glog, stderr, LOGCAP_DEFAULT);
	session_init(&s, checker, NULL, &console, stderr, &glog);
	for (i = 0; i < n; i++) {
		expect_trace_event(t, i, &ev, &line);
		if (session_on_exit(&s, &ev))
			break;
		if (ends_run(&pio, &ev, &status)) {
			session_end_guest(&s, status);
			break;
		}
	}
	if (i + 1 < n && s.end != END_MISMATCH && s.end != END_BAD_EXPECT) {
		expect_trace_event(t, i + 1, &ev, &line);
		fprintf(stderr, "uvmm: %s:%u: not a trace: an exit after the run ended (%zu more)\n",
			trace_path, line, n - i - 1);
		logcap_finish(&glog);
		session_destroy(&s);
		return UVMM_EXIT_BAD_IMAGE;
	}
	/* The trace ending is the run ending: what is still expected is missing. */
	if (s.end == END_NONE)
		session_end_guest(&s, 0);
	code = session_verdict(&s);
	if (s.end == END_MISMATCH) {
		expect_trace_event(t, s.last.index, &ev, &line);
		fprintf(stderr, "uvmm: exit #%llu is %s:%u\n", (unsigned long long)s.last.index,
			trace_path, line);
	}
	fprintf(stderr, "uvmm: %s: %s (%llu exits)\n", trace_path, uvmm_exit_code_name(code),
		(unsigned long long)s.nexits);
	logcap_finish(&glog);
	session_destroy(&s);
	return code;
}

int cli_check_trace(int argc, char **argv)
{
	struct expect_prog *prog = NULL;
	struct expect_checker *checker = NULL;
	struct expect_trace *trace = NULL;
	struct expect_error e;
	uint8_t *etext = NULL, *ttext = NULL;
	size_t elen, tlen;
	int code;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		cli_usage(stdout);
		return UVMM_EXIT_PASS;
	}
	if (argc != 3) {
		fprintf(stderr, "uvmm: 'check-trace' needs EXPECT and TRACE (see uvmm --help)\n");
		return UVMM_EXIT_USAGE;
	}
	if ((code = read_text(argv[1], &etext, &elen, UVMM_EXIT_BAD_EXPECT)) ||
	    (code = read_text(argv[2], &ttext, &tlen, UVMM_EXIT_BAD_IMAGE)))
		goto out;
	prog = expect_prog_new();
	if (!prog) {
		fprintf(stderr, "uvmm: out of memory\n");
		code = UVMM_EXIT_HOST_ERROR;
		goto out;
	}
	if (expect_parse(prog, (const char *)etext, elen, argv[1], &e) < 0) {
		code = bad_syntax(&e, UVMM_EXIT_BAD_EXPECT);
		goto out;
	}
	trace = expect_trace_parse((const char *)ttext, tlen, argv[2], &e);
	if (!trace) {
		code = bad_syntax(&e, UVMM_EXIT_BAD_IMAGE);
		goto out;
	}
	checker = expect_checker_new(prog);
	if (!checker) {
		fprintf(stderr, "uvmm: out of memory\n");
		code = UVMM_EXIT_HOST_ERROR;
		goto out;
	}
	code = replay(trace, checker, argv[2]);
out:
	expect_checker_free(checker);
	expect_trace_free(trace);
	expect_prog_free(prog);
	free(ttext);
	free(etext);
	return code;
}
