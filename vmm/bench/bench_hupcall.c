/* Every run is a fork: a fresh process, uvmm's sandbox, and the child's
 * run_result.hupcall (what uvmm timed inside itself) back over a pipe. */
#include "bench/bench_hupcall.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <x86intrin.h>

#include "run/run_guest.h"
#include "session/exitcode.h"
#include "util/clock.h"

const char *const bench_hu_mode_names[BHU_MODES] = {
	"program", "upcall_hlt", "upcall_spin", "reclaim", "balloon",
};

struct child_report {
	int code;
	struct hupcall_stats st;
};

static int run_child(const char *image, const char *cmdline, struct child_report *rep, FILE *log)
{
	static struct run_result res; /* big (reports): not on the stack */
	struct run_request req = { .image = image, .cmdline = cmdline, .no_check = 1, .log = log };
	int fds[2], st;
	ssize_t got = 0;
	pid_t pid;

	memset(rep, 0, sizeof(*rep));
	fflush(NULL);
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		struct child_report r;

		close(fds[0]);
		r.code = run_guest(&req, &res);
		r.st = res.hupcall;
		_exit(write(fds[1], &r, sizeof(r)) == (ssize_t)sizeof(r) ? 0 : 1);
	}
	close(fds[1]);
	while (got < (ssize_t)sizeof(*rep)) {
		ssize_t k = read(fds[0], (char *)rep + got, sizeof(*rep) - (size_t)got);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += k;
	}
	close(fds[0]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return got == (ssize_t)sizeof(*rep) && rep->code == UVMM_EXIT_PASS ? 0 : -1;
}

/* The paper counts cycles: TSC ticks per ns over 20 ms of the monotonic clock
 * (the TSC is invariant on every host KVM runs this on; a guess otherwise). */
static double tsc_per_ns(void)
{
	uint64_t t0 = now_ns(), c0 = __rdtsc(), t1, c1;

	do
		t1 = now_ns();
	while (t1 - t0 < 20000000ull);
	c1 = __rdtsc();
	return (double)(c1 - c0) / (double)(t1 - t0);
}

void bench_hupcall_run(struct bench_hupcall *b, const char *image, unsigned reps, unsigned n, FILE *log)
{
	char cmd[64];

	memset(b, 0, sizeof(*b));
	b->tsc_ghz = tsc_per_ns();
	b->reps = reps;
	b->n = n;
	for (unsigned rep = 0; rep < reps; rep++) {
		for (unsigned i = 0; i < BHU_MODES; i++) {
			/* Rotate the order so that no mode always runs first. */
			enum bench_hu_mode m = (i + rep) % BHU_MODES;
			unsigned ev = m >= BHU_RECLAIM ? UVMM_HUPCALL_RECLAIM : UVMM_HUPCALL_TIMER;
			struct child_report r;
			const struct hupcall_event_stats *s = &r.st.ev[ev];

			snprintf(cmd, sizeof(cmd), "mode=%s n=%u", bench_hu_mode_names[m], n);
			if (run_child(image, cmd, &r, log) < 0 || !s->runs || s->last_error) {
				fprintf(log, "uvmm bench hupcall: %s: run failed (%s, %llu runs)\n",
					bench_hu_mode_names[m], uvmm_exit_code_name(r.code),
					(unsigned long long)s->runs);
				b->failures++;
				continue;
			}
			/* A discard that did not give the whole pool back in one run (an
			 * upcall answered after uvmm gave up on it and asked again) is a
			 * failed run, not a number. */
			if (m >= BHU_RECLAIM && (s->runs != 1 || s->pages != POOL_MIB_BENCH * 256ull)) {
				fprintf(log, "uvmm bench hupcall: %s: %llu runs, %llu pages: not the whole pool "
					"in one run\n", bench_hu_mode_names[m], (unsigned long long)s->runs,
					(unsigned long long)s->pages);
				b->failures++;
				continue;
			}
			b->samples[m][rep] = s->median_ns;
			if (m >= BHU_RECLAIM) {
				b->pages[m] = s->pages;
				b->resident_before_kib[m] = s->resident_before * 4;
				b->resident_after_kib[m] = s->resident_after * 4;
			}
		}
		fprintf(log, "uvmm bench hupcall: repetition %u of %u done\n", rep + 1, reps);
	}
	for (unsigned m = 0; m < BHU_MODES; m++) {
		double v[BENCH_MAX_REPS];

		memcpy(v, b->samples[m], sizeof(v));
		b->ns[m] = bench_median(v, reps);
	}
}

double bench_hupcall_ratio(const struct bench_hupcall *b)
{
	double trip = b->ns[BHU_UPCALL_SPIN] < b->ns[BHU_UPCALL_HLT] ? b->ns[BHU_UPCALL_SPIN]
								     : b->ns[BHU_UPCALL_HLT];

	return b->ns[BHU_PROGRAM] > 0 ? trip / b->ns[BHU_PROGRAM] : 0;
}

static double released_mib(const struct bench_hupcall *b, enum bench_hu_mode m)
{
	return (double)(b->resident_before_kib[m] - b->resident_after_kib[m]) / 1024.0;
}

int bench_hupcall_print(const struct bench_hupcall *b, FILE *out)
{
	double ratio = bench_hupcall_ratio(b);
	int miss = !(ratio >= BENCH_HU_TARGET_RATIO);

	fprintf(out, "hyperupcalls: the same question, ask to answer (median of %u runs of %u questions)\n",
		b->reps, b->n);
	fprintf(out, "  %-34s %10.2f us %12.0f cycles\n", "hyperupcall (timer program)",
		b->ns[BHU_PROGRAM] / 1e3, b->ns[BHU_PROGRAM] * b->tsc_ghz);
	fprintf(out, "  %-34s %10.2f us %12.0f cycles\n", "round trip, guest halted",
		b->ns[BHU_UPCALL_HLT] / 1e3, b->ns[BHU_UPCALL_HLT] * b->tsc_ghz);
	fprintf(out, "  %-34s %10.2f us %12.0f cycles\n", "round trip, guest running",
		b->ns[BHU_UPCALL_SPIN] / 1e3, b->ns[BHU_UPCALL_SPIN] * b->tsc_ghz);
	fprintf(out, "memory discard: %u MiB of free guest pages (median of %u)\n", POOL_MIB_BENCH, b->reps);
	for (unsigned m = BHU_RECLAIM; m < BHU_MODES; m++)
		fprintf(out, "  %-34s %10.2f ms  %llu pages, resident %.1f -> %.1f MiB (%.1f MiB released)\n",
			m == BHU_RECLAIM ? "reclaim hyperupcall" : "balloon (BALLOON hypercalls)",
			b->ns[m] / 1e6, (unsigned long long)b->pages[m], b->resident_before_kib[m] / 1024.0,
			b->resident_after_kib[m] / 1024.0, released_mib(b, m));
	if (b->ns[BHU_RECLAIM] > 0)
		fprintf(out, "  balloon / reclaim: %.2fx\n", b->ns[BHU_BALLOON] / b->ns[BHU_RECLAIM]);
	fprintf(out, "target\n  %s round trip / hyperupcall %8.1f x (>= %.0f)\n", miss ? "MISS" : "ok  ", ratio,
		BENCH_HU_TARGET_RATIO);
	if (b->failures)
		fprintf(out, "  %d run(s) failed (see the messages above)\n", b->failures);
	return miss;
}

static void json_mode(FILE *f, const struct bench_hupcall *b, enum bench_hu_mode m, const char *sep)
{
	fprintf(f, "    \"%s\": {\"ns\": %.6g, \"cycles\": %.6g, \"samples_ns\": [", bench_hu_mode_names[m],
		b->ns[m], b->ns[m] * b->tsc_ghz);
	for (unsigned i = 0; i < b->reps; i++)
		fprintf(f, "%s%.6g", i ? ", " : "", b->samples[m][i]);
	fputc(']', f);
	if (m >= BHU_RECLAIM)
		fprintf(f, ", \"pages\": %llu, \"resident_before_kib\": %lld, \"resident_after_kib\": %lld, "
			"\"released_mib\": %.6g", (unsigned long long)b->pages[m],
			(long long)b->resident_before_kib[m], (long long)b->resident_after_kib[m],
			released_mib(b, m));
	fprintf(f, "}%s\n", sep);
}

int bench_hupcall_json(const struct bench_hupcall *b, const char *path)
{
	FILE *f = fopen(path, "w");
	double ratio = bench_hupcall_ratio(b);
	int rc;

	if (!f)
		return -1;
	fprintf(f, "{\n  \"repetitions\": %u,\n  \"questions_per_run\": %u,\n  \"discard_mib\": %u,\n"
		"  \"tsc_ghz\": %.6g,\n  \"modes\": {\n", b->reps, b->n, POOL_MIB_BENCH, b->tsc_ghz);
	for (unsigned m = 0; m < BHU_MODES; m++)
		json_mode(f, b, m, m + 1 < BHU_MODES ? "," : "");
	fprintf(f, "  },\n  \"roundtrip_over_hyperupcall\": %.6g,\n  \"balloon_over_reclaim\": %.6g,\n",
		ratio, b->ns[BHU_RECLAIM] > 0 ? b->ns[BHU_BALLOON] / b->ns[BHU_RECLAIM] : 0);
	fprintf(f, "  \"failures\": %d,\n  \"targets\": [{\"name\": \"round trip / hyperupcall\", \"value\": %.6g, "
		"\"limit\": %.6g, \"unit\": \"x\", \"at_least\": true, \"status\": \"%s\"}]\n}\n", b->failures,
		ratio, BENCH_HU_TARGET_RATIO, ratio >= BENCH_HU_TARGET_RATIO ? "ok" : "MISS");
	rc = ferror(f) ? -1 : 0;
	return fclose(f) || rc ? -1 : 0;
}
