/* Every operation is timed from the guest's marker exit to its final exit
 * (first and last exit of the run), so the per-op time includes the loop's
 * few instructions and nothing of the set-up. */
#include "bench/bench_mmu.h"

#include <stdio.h>
#include <string.h>

#include "bench/bench_raw.h"
#include "bench/bench_report.h"

const char *const bench_mmu_op_names[BENCH_MMU_OPS] = { "cr3", "invlpg", "pte", "fault", "touch4k",
							 "touch2m" };
/* vCPU statistics of x86 KVM (arch/x86/kvm/x86.c kvm_vcpu_stats_desc). */
const char *const bench_mmu_stat_names[BENCH_MMU_STATS] = { "exits", "pf_fixed", "pf_guest", "invlpg",
							     "tlb_flush", "insn_emulation" };

int bench_mmu_measure(const char *image, uint32_t n, unsigned reps, struct bench_mmu_results *r,
		      FILE *log)
{
	double t[BENCH_MAX_REPS], v[BENCH_MMU_STATS][BENCH_MAX_REPS];
	char cmd[64], err[256];

	r->n = n;
	r->reps = reps;
	r->stats_ok = 1;
	for (unsigned op = 0; op < BENCH_MMU_OPS; op++) {
		snprintf(cmd, sizeof(cmd), "op=%s n=%u", bench_mmu_op_names[op], n);
		for (unsigned rep = 0; rep < reps; rep++) {
			struct bench_raw_result rr;
			struct bench_raw_stats st = { .n = BENCH_MMU_STATS };

			memcpy(st.names, bench_mmu_stat_names, sizeof(bench_mmu_stat_names));
			if (bench_raw_run_stats(image, cmd, &rr, &st, err, sizeof(err)) < 0 || rr.exit_status != 0 ||
			    rr.nexits != 2) {
				fprintf(log, "uvmm bench: mmu %s: %s\n", bench_mmu_op_names[op],
					rr.exit_status ? "the guest found a wrong result (exit 1)" : err);
				r->failures++;
			}
			r->stats_ok &= st.ok;
			t[rep] = (double)(rr.end_ns - rr.first_exit_ns) / n;
			for (unsigned s = 0; s < BENCH_MMU_STATS; s++)
				v[s][rep] = (double)(st.end[s] - st.first[s]) / n;
		}
		r->ns_per_op[op] = bench_median(t, reps);
		for (unsigned s = 0; s < BENCH_MMU_STATS; s++)
			r->per_op[op][s] = bench_median(v[s], reps);
		fprintf(log, "uvmm bench: mmu %s done\n", bench_mmu_op_names[op]);
	}
	return r->failures;
}

void bench_mmu_print(const struct bench_mmu_results *r, FILE *out)
{
	fprintf(out, "MMU operations (%s; %s; n = %u, median of %u)\n", r->host, r->paging, r->n, r->reps);
	fprintf(out, "  %-8s %12s", "op", "time/op");
	for (unsigned s = 0; s < BENCH_MMU_STATS; s++)
		fprintf(out, " %14s", bench_mmu_stat_names[s]);
	fputc('\n', out);
	for (unsigned op = 0; op < BENCH_MMU_OPS; op++) {
		fprintf(out, "  %-8s %9.1f ns", bench_mmu_op_names[op], r->ns_per_op[op]);
		for (unsigned s = 0; s < BENCH_MMU_STATS; s++)
			if (r->stats_ok)
				fprintf(out, " %14.3f", r->per_op[op][s]);
			else
				fprintf(out, " %14s", "n/a");
		fputc('\n', out);
	}
	if (!r->stats_ok)
		fprintf(out, "  (KVM gave no binary statistics: KVM_GET_STATS_FD failed)\n");
}

int bench_mmu_write_json(const struct bench_mmu_results *r, const char *path)
{
	FILE *f = fopen(path, "w");
	int rc;

	if (!f)
		return -1;
	fprintf(f, "{\"host\": ");
	bench_json_str(f, r->host);
	fprintf(f, ", \"paging\": ");
	bench_json_str(f, r->paging);
	fprintf(f, ", \"ops_per_run\": %u, \"repetitions\": %u, \"failures\": %d, \"kvm_stats\": %s,\n"
		" \"ops\": {", r->n, r->reps, r->failures, r->stats_ok ? "true" : "false");
	for (unsigned op = 0; op < BENCH_MMU_OPS; op++) {
		fprintf(f, "%s\n  \"%s\": {\"ns_per_op\": %.1f", op ? "," : "", bench_mmu_op_names[op],
			r->ns_per_op[op]);
		for (unsigned s = 0; s < BENCH_MMU_STATS; s++) {
			if (r->stats_ok)
				fprintf(f, ", \"%s_per_op\": %.4f", bench_mmu_stat_names[s], r->per_op[op][s]);
			else
				fprintf(f, ", \"%s_per_op\": null", bench_mmu_stat_names[s]);
		}
		fputc('}', f);
	}
	fprintf(f, "\n }}\n");
	rc = ferror(f);
	return fclose(f) != 0 || rc ? -1 : 0;
}
