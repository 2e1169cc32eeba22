/* Runs in a child process that the sandbox may lock down: nothing here opens
 * a file after run_guest started, and the report goes out with write(2). */
#include "bench/bench_child.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/exit_clock.h"
#include "bench/bench_mem.h"
#include "bench/bench_raw.h"
#include "session/exitcode.h"
#include "run/run_guest.h"

struct mem_probe {
	struct bench_mem_fds fds;
	struct bench_sample *s;
};

static void on_finish(void *arg, const struct guest_mem *mem)
{
	struct mem_probe *p = arg;

	if (p->fds.status >= 0 &&
	    bench_mem_read(&p->fds, mem->map, mem->map_size, &p->s->rss_kb, &p->s->anon_kb,
			   &p->s->guest_rss_kb) < 0)
		p->s->rss_kb = p->s->anon_kb = p->s->guest_rss_kb = 0;
}

static void take_clock(const struct exit_clock *c, struct bench_sample *s)
{
	s->timed = c->count;
	s->median_ns = exit_clock_median_ns(c);
	s->mean_ns = c->count ? (double)c->sum_ns / (double)c->count : 0;
}

static void run_uvmm(enum bench_mode mode, const char *image, const char *cmdline,
		     const char *trace, struct exit_clock *clock, struct bench_sample *s, FILE *log)
{
	static struct run_result res; /* big (reports): not on the stack */
	struct mem_probe probe = { .s = s };
	struct run_request req = {
		.image = image, .cmdline = cmdline, .no_check = mode == BENCH_UNCHECKED,
		.trace_file = mode == BENCH_CHECKED ? trace : NULL, .console = NULL,
		.log = log, .on_finish = on_finish, .on_finish_arg = &probe,
		.exit_clock = clock,
	};

	bench_mem_open(&probe.fds);
	s->code = run_guest(&req, &res);
	s->nexits = res.nexits;
	s->first_exit_ns = res.first_exit_ns;
	s->end_ns = res.end_ns;
	bench_mem_close(&probe.fds);
}

static void run_raw(const char *image, const char *cmdline, struct exit_clock *clock,
		    struct bench_sample *s, FILE *log)
{
	struct bench_raw_result r;
	struct mem_probe probe = { .s = s };
	char err[256];
	int rc;

	bench_mem_open(&probe.fds);
	rc = bench_raw_run_ex(image, cmdline, &r, on_finish, &probe, clock, err, sizeof(err));
	bench_mem_close(&probe.fds);
	if (rc < 0) {
		fprintf(log, "uvmm bench: raw loop: %s\n", err);
		s->code = UVMM_EXIT_HOST_ERROR;
		return;
	}
	s->code = r.exit_status ? UVMM_EXIT_GUEST_FAIL : UVMM_EXIT_PASS;
	s->nexits = r.nexits;
	s->first_exit_ns = r.first_exit_ns;
	s->end_ns = r.end_ns;
}

int bench_child_run(enum bench_mode mode, const char *image, const char *cmdline,
		    const char *trace, int out_fd, FILE *log)
{
	static struct exit_clock clock; /* zero, and 32 KiB: not on the stack */
	struct bench_sample s;
	char line[256];
	int n;

	memset(&s, 0, sizeof(s));
	if (mode == BENCH_RAW)
		run_raw(image, cmdline, &clock, &s, log);
	else
		run_uvmm(mode, image, cmdline, trace, &clock, &s, log);
	take_clock(&clock, &s);
	n = snprintf(line, sizeof(line),
		     "sample %d %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
		     " %" PRIu64 " %.1f %.1f\n",
		     s.code, s.nexits, s.first_exit_ns, s.end_ns, s.rss_kb, s.anon_kb, s.guest_rss_kb,
		     s.timed, s.median_ns, s.mean_ns);
	return write(out_fd, line, (size_t)n) == n ? 0 : -1;
}

int bench_sample_parse(const char *line, struct bench_sample *s)
{
	const char *p = strstr(line, "sample ");

	return p && sscanf(p, "sample %d %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64
			   " %" SCNu64 " %" SCNu64 " %lf %lf", &s->code, &s->nexits,
			   &s->first_exit_ns, &s->end_ns, &s->rss_kb, &s->anon_kb, &s->guest_rss_kb,
			   &s->timed, &s->median_ns, &s->mean_ns) == 10 ? 0 : -1;
}
