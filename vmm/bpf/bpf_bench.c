/* The benchmark programs, built in code, and their timing (medians). */
#include <stdlib.h>
#include <string.h>

#include "bpf/bpf.h"
#include "bpf/bpf_bench.h"
#include "util/clock.h"
#include "util/errmsg.h"

#define I EBPF_INSN
#define REGION_ADDR 0x100000ull
#define LOOP_RUNS 20000u

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, unsigned n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* A program of exactly EBPF_MAX_INSNS slots that exercises every check the
 * verifier makes: ALU of both widths, lddw, stack stores and loads, and a
 * forward conditional jump every eight slots. */
static size_t build_verify_prog(struct ebpf_insn *p)
{
	size_t n = 0;

	while (n < EBPF_MAX_INSNS - 3) {
		switch (n % 8) {
		case 0:
			p[n] = (struct ebpf_insn)I(0x18, 1, 0, 0, (int32_t)n);
			p[n + 1] = (struct ebpf_insn)I(0, 0, 0, 0, 7);
			n += 2;
			break;
		case 2: p[n++] = (struct ebpf_insn)I(0x0f, 0, 1, 0, 0); break;                  /* add r0, r1 */
		case 3: p[n++] = (struct ebpf_insn)I(0x7b, 10, 0, -8, 0); break;                /* stxdw [r10-8], r0 */
		case 4: p[n++] = (struct ebpf_insn)I(0x79, 2, 10, -8, 0); break;                /* ldxdw r2, [r10-8] */
		case 5: p[n++] = (struct ebpf_insn)I(0xac, 0, 2, 0, 0); break;                  /* xor32 r0, r2 */
		case 6: p[n++] = (struct ebpf_insn)I(0x25, 0, 0, 1, 1000); break;               /* jgt r0, 1000, +1 */
		default: p[n++] = (struct ebpf_insn)I(0x67, 0, 0, 0, 3); break;                 /* lsh r0, 3 */
		}
	}
	while (n < EBPF_MAX_INSNS - 1)
		p[n++] = (struct ebpf_insn)I(0x07, 0, 0, 0, 1);
	p[n++] = (struct ebpf_insn)I(0x95, 0, 0, 0, 0);
	return n;
}

/* r1 = region address: LOOP_RUNS iterations of 16 instructions. */
static const struct ebpf_insn mixed_loop[] = {
	I(0xb7, 0, 0, 0, 0),            /* mov r0, 0 */
	I(0xb7, 6, 0, 0, 0),            /* mov r6, 0 */
	I(0x07, 0, 0, 0, 3),            /* loop: add r0, 3 */
	I(0x2f, 0, 6, 0, 0),            /* mul r0, r6 */
	I(0x7b, 10, 0, -16, 0),         /* stxdw [r10-16], r0 */
	I(0x79, 2, 10, -16, 0),         /* ldxdw r2, [r10-16] */
	I(0x61, 3, 1, 4, 0),            /* ldxw r3, [r1+4] */
	I(0x0f, 3, 2, 0, 0),            /* add r3, r2 */
	I(0x63, 1, 3, 8, 0),            /* stxw [r1+8], r3 */
	I(0x77, 3, 0, 0, 7),            /* rsh r3, 7 */
	I(0xaf, 0, 3, 0, 0),            /* xor r0, r3 */
	I(0x55, 3, 0, 1, 12345),        /* jne r3, 12345, +1 */
	I(0x07, 0, 0, 0, 1),            /* add r0, 1 */
	I(0xbc, 4, 0, 0, 0),            /* mov32 r4, r0 */
	I(0x3f, 4, 6, 0, 0),            /* div r4, r6 */
	I(0x0f, 0, 4, 0, 0),            /* add r0, r4 */
	I(0x07, 6, 0, 0, 1),            /* add r6, 1 */
	I(0xa5, 6, 0, -16, LOOP_RUNS),  /* jlt r6, LOOP_RUNS, loop */
	I(0x95, 0, 0, 0, 0),
};

static const struct ebpf_insn alu_loop[] = {
	I(0xb7, 0, 0, 0, 1),
	I(0xb7, 6, 0, 0, 0),
	I(0x07, 0, 0, 0, 3),            /* loop: add r0, 3 */
	I(0x2f, 0, 0, 0, 0),            /* mul r0, r0 */
	I(0xbf, 1, 0, 0, 0),            /* mov r1, r0 */
	I(0x77, 1, 0, 0, 13),           /* rsh r1, 13 */
	I(0xaf, 0, 1, 0, 0),            /* xor r0, r1 */
	I(0x04, 0, 0, 0, 7),            /* add32 r0, 7 */
	I(0x07, 6, 0, 0, 1),            /* add r6, 1 */
	I(0xa5, 6, 0, -8, LOOP_RUNS),   /* jlt r6, LOOP_RUNS, loop */
	I(0x95, 0, 0, 0, 0),
};

static const struct ebpf_insn trivial[] = { I(0xb7, 0, 0, 0, 0), I(0x95, 0, 0, 0, 0) };

static int time_runs(const struct ebpf_insn *code, size_t n, unsigned reps, unsigned batch,
		     double *ns_per_insn, double *ns_per_run, uint64_t *insns, char *err, size_t errlen)
{
	static uint8_t region[64];
	struct ebpf_region r = { REGION_ADDR, sizeof(region), region, EBPF_READ | EBPF_WRITE, "bench" };
	struct ebpf_memmap mm;
	struct ebpf_env env = { .mem = &mm, .r = { REGION_ADDR } };
	struct ebpf_refusal why;
	struct ebpf_result res;
	struct ebpf_prog *p = ebpf_prog_load(code, n, NULL, &why);
	double *per_insn = calloc(reps, sizeof(double)), *per_run = calloc(reps, sizeof(double));
	int rc = -1;

	if (!p || !per_insn || !per_run || ebpf_memmap_init(&mm, &r, 1, err, errlen) < 0) {
		errmsg(err, errlen, "bench program: %s", p ? "out of memory" : why.msg);
		goto out;
	}
	for (unsigned k = 0; k < reps; k++) {
		uint64_t t0 = now_ns(), t;

		for (unsigned b = 0; b < batch; b++)
			if (ebpf_run(p, &env, &res) < 0) {
				char msg[160];

				ebpf_result_format(&res, msg, sizeof(msg));
				errmsg(err, errlen, "bench program: %s", msg);
				goto out;
			}
		t = now_ns() - t0;
		per_run[k] = (double)t / batch;
		per_insn[k] = (double)t / ((double)res.insns * batch);
	}
	*insns = res.insns;
	if (ns_per_insn)
		*ns_per_insn = median(per_insn, reps);
	if (ns_per_run)
		*ns_per_run = median(per_run, reps);
	rc = 0;
out:
	ebpf_prog_free(p);
	free(per_insn);
	free(per_run);
	return rc;
}

static int time_verify(struct ebpf_bench *b, unsigned reps, char *err, size_t errlen)
{
	struct ebpf_insn *code = malloc(EBPF_MAX_INSNS * sizeof(*code));
	double *us = calloc(reps, sizeof(double));
	struct ebpf_refusal why;
	int rc = -1;

	if (!code || !us) {
		errmsg(err, errlen, "out of memory");
		goto out;
	}
	b->verify_slots = (unsigned)build_verify_prog(code);
	for (unsigned k = 0; k < reps; k++) {
		uint64_t t0 = now_ns();
		struct ebpf_prog *p = ebpf_prog_load(code, b->verify_slots, NULL, &why);

		us[k] = (double)(now_ns() - t0) / 1e3;
		if (!p) {
			errmsg(err, errlen, "bench program: %s", why.msg);
			goto out;
		}
		ebpf_prog_free(p);
	}
	b->verify_us = median(us, reps);
	rc = 0;
out:
	free(code);
	free(us);
	return rc;
}

int ebpf_bench_run(struct ebpf_bench *b, unsigned reps, char *err, size_t errlen)
{
	uint64_t n;

	memset(b, 0, sizeof(*b));
	if (!reps || reps > 1000)
		return errmsg(err, errlen, "repetitions must be 1..1000");
	b->reps = reps;
	if (time_verify(b, reps, err, errlen) < 0 ||
	    time_runs(mixed_loop, sizeof(mixed_loop) / sizeof(mixed_loop[0]), reps, 1,
		      &b->interp_ns_per_insn, NULL, &b->interp_insns, err, errlen) < 0 ||
	    time_runs(alu_loop, sizeof(alu_loop) / sizeof(alu_loop[0]), reps, 1,
		      &b->alu_ns_per_insn, NULL, &n, err, errlen) < 0 ||
	    time_runs(trivial, 2, reps, 1000, NULL, &b->run_overhead_ns, &n, err, errlen) < 0)
		return -1;
	return 0;
}
