/* uvmm bench --kut DIR: the same kvm-unit-tests binaries under uvmm kut
 * and under KUT's own runner with QEMU (TCG, what this host offers), same
 * -j: which entries pass under each, the wall time of those passing under
 * both, and each side's start-up (process start to the first console line). */
#ifndef UVMM_BENCH_BENCH_KUT_H
#define UVMM_BENCH_BENCH_KUT_H

#include <stdio.h>

#include "bench/bench.h"

struct bench_kut_cfg {
	const char *self;          /* this uvmm */
	const char *dir;           /* the KUT build */
	const char *qemu_accel;    /* ACCEL for KUT's runner: tcg (or kvm where it works) */
	unsigned jobs, reps;       /* -j of both runs; start-up samples per entry */
	const char *tmp;           /* a scratch directory of ours */
};

/* Fills r->kut_*; what cannot be measured leaves them < 0 with r->kut_note.
 * Progress goes to log. */
void bench_kut_measure(const struct bench_kut_cfg *c, struct bench_results *r, FILE *log);

#endif
