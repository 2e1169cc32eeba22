/* Cost of the eBPF core for `make bench`: verifying a 4096-slot program, the
 * interpreter's time per instruction, and the fixed cost of one run. */
#ifndef UVMM_BPF_BPF_BENCH_H
#define UVMM_BPF_BPF_BENCH_H

#include <stddef.h>
#include <stdint.h>

struct ebpf_bench {
	unsigned reps;
	unsigned verify_slots;       /* EBPF_MAX_INSNS */
	double verify_us;            /* median time of ebpf_prog_load on it */
	double interp_ns_per_insn;   /* median over runs of a loop mixing ALU, jumps, stack and region accesses */
	uint64_t interp_insns;       /* instructions one such run executes */
	double alu_ns_per_insn;      /* the same for a register-only loop */
	double run_overhead_ns;      /* median ebpf_run of "mov r0, 0; exit" (averaged over a batch) */
};

/* Measures with reps repetitions (1..1000). Returns 0, or -1 with the
 * reason when a benchmark program fails to load or run (a bug). */
int ebpf_bench_run(struct ebpf_bench *b, unsigned reps, char *err, size_t errlen);

#endif
