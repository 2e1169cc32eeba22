/* uvmm bench hupcall: the same question answered by a hyperupcall uvmm runs
 * itself and by a hypercall round trip (uvmm interrupts, the guest answers),
 * and free memory given back by a reclaim hyperupcall and by a balloon. */
#ifndef UVMM_BENCH_BENCH_HUPCALL_H
#define UVMM_BENCH_BENCH_HUPCALL_H

#include <stdint.h>
#include <stdio.h>

#include "bench/bench.h"

/* The benchmark guest's modes (guest/bench/bench_hupcall.c). */
enum bench_hu_mode {
	BHU_PROGRAM, BHU_UPCALL_HLT, BHU_UPCALL_SPIN, /* the question: ask to answer */
	BHU_RECLAIM, BHU_BALLOON,                     /* 64 MiB given back */
	BHU_MODES
};
extern const char *const bench_hu_mode_names[BHU_MODES];

#define BENCH_HU_TARGET_RATIO 10.0 /* a hyperupcall at least 10x cheaper */
#define POOL_MIB_BENCH 64u         /* what the guest gives back (bench_hupcall_prog.h) */

struct bench_hupcall {
	unsigned reps, n;            /* repetitions; questions per run */
	/* Per mode, the median over repetitions of the run's median latency (ns). */
	double ns[BHU_MODES];
	double samples[BHU_MODES][BENCH_MAX_REPS];
	/* Discard modes: pages uvmm discarded, guest RAM resident before/after (KiB). */
	uint64_t pages[BHU_MODES];
	int64_t resident_before_kib[BHU_MODES], resident_after_kib[BHU_MODES];
	double tsc_ghz;              /* TSC cycles per ns, calibrated against now_ns */
	int failures;
};

/* Runs each mode reps times (interleaved), each run a fresh child process
 * with uvmm's sandbox. Messages to log. */
void bench_hupcall_run(struct bench_hupcall *b, const char *image, unsigned reps, unsigned n, FILE *log);

/* The round trip over the hyperupcall (the faster round trip, to be fair). */
double bench_hupcall_ratio(const struct bench_hupcall *b);

/* The table and the target; returns 1 when the target is missed. */
int bench_hupcall_print(const struct bench_hupcall *b, FILE *out);
/* One JSON object. Returns 0 or -1. */
int bench_hupcall_json(const struct bench_hupcall *b, const char *path);

#endif
