/* The floor for `uvmm bench`: a minimal KVM loop with no bus, no checks and no
 * trace, booting the same image with the same loader and answering exits minimally. */
#ifndef UVMM_BENCH_BENCH_RAW_H
#define UVMM_BENCH_BENCH_RAW_H

#include <stddef.h>
#include <stdint.h>

#include "machine/guest_mem.h"

struct bench_raw_result {
	uint64_t nexits;        /* exits seen, the final debug-exit OUT included */
	uint64_t first_exit_ns; /* CLOCK_MONOTONIC when KVM_RUN first returned an exit */
	uint64_t end_ns;        /* ... when the guest wrote the debug-exit port */
	uint32_t exit_status;   /* the value written there */
};

/* Runs the 64-bit PVH image at path with the PVH command line cmdline and
 * 16 MiB of RAM until it writes the debug-exit port. Returns 0, or -1 with a
 * one-line reason (an exit the floor does not answer counts as an error). */
int bench_raw_run(const char *path, const char *cmdline, struct bench_raw_result *r,
		  char *err, size_t errlen);

/* KVM's own vCPU counters (machine/kvm_stats.h) read at the guest's first
 * exit and at its last: what KVM did in between without leaving the kernel.
 * A name KVM does not have reads 0 in both (and ok stays 0 when KVM has no
 * binary statistics at all). */
#define BENCH_RAW_MAX_STATS 8
struct bench_raw_stats {
	unsigned n;
	const char *names[BENCH_RAW_MAX_STATS];
	uint64_t first[BENCH_RAW_MAX_STATS], end[BENCH_RAW_MAX_STATS];
	int ok;
};
int bench_raw_run_stats(const char *path, const char *cmdline, struct bench_raw_result *r,
			struct bench_raw_stats *st, char *err, size_t errlen);

/* The same, calling on_finish(arg, guest RAM) after a successful run and
 * feeding clock (may be NULL) after every KVM_RUN, exactly as uvmm's loop does. */
struct exit_clock;
int bench_raw_run_ex(const char *path, const char *cmdline, struct bench_raw_result *r,
		     void (*on_finish)(void *arg, const struct guest_mem *mem), void *arg,
		     struct exit_clock *clock, char *err, size_t errlen);

#endif
