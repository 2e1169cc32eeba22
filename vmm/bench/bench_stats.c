/* The numbers the benchmark derives from raw samples, and the targets it holds
 * them to (the limits are this project's goals, see docs/bench.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench.h"

const char *const bench_kind_names[BENCH_KINDS] = {
	"pio_out", "pio_in", "mmio_write", "mmio_read", "hcall", "msr_read", "hlt",
};
const char *const bench_mode_names[BENCH_MODES] = { "checked", "unchecked", "raw" };

#define TARGET_EXIT_RATIO 1.10
#define TARGET_COLD_RATIO 1.5
#define TARGET_SUITE_S 2.0
#define TARGET_SUITE_TESTS 40
#define TARGET_MEM_MIB 2.0
/* kvm-unit-tests (issue 14): start-up under 5% of QEMU's, the common set 3x faster. */
#define TARGET_KUT_START_RATIO 0.05
#define TARGET_KUT_SPEEDUP 3.0
#define TARGET_MERGE_S 2.0     /* 1000 results files of 100 tests merged */
#define TARGET_PAGE_S 2.0      /* and their page opened in a browser */

double bench_sample_per_exit_ns(const struct bench_sample *s)
{
	if (s->nexits < 2 || s->end_ns <= s->first_exit_ns)
		return 0;
	return (double)(s->end_ns - s->first_exit_ns) / (double)(s->nexits - 1);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double bench_median(double *v, unsigned n)
{
	if (!n)
		return 0;
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void set(struct bench_target *t, const char *name, double value, double limit,
		const char *unit, int measured)
{
	snprintf(t->name, sizeof(t->name), "%s", name);
	t->value = value;
	t->limit = limit;
	t->unit = unit;
	t->measured = measured;
	t->met = measured && (t->at_least ? value >= limit : value <= limit);
}

unsigned bench_targets(const struct bench_results *r, struct bench_target *t)
{
	unsigned n = 0;
	char name[64];

	memset(t, 0, sizeof(*t) * BENCH_MAX_TARGETS);
	for (unsigned k = 0; k < BENCH_KINDS; k++) {
		double raw = r->exit_ns[k][BENCH_RAW];

		snprintf(name, sizeof(name), "exit %s: checked/raw", bench_kind_names[k]);
		set(&t[n++], name, raw > 0 ? r->exit_ns[k][BENCH_CHECKED] / raw : 0,
		    TARGET_EXIT_RATIO, "x", raw > 0 && r->exit_ns[k][BENCH_CHECKED] > 0);
	}
	set(&t[n++], "cold start to first exit: uvmm/raw",
	    r->cold_first_ms[BENCH_RAW] > 0 ?
		    r->cold_first_ms[BENCH_CHECKED] / r->cold_first_ms[BENCH_RAW] : 0,
	    TARGET_COLD_RATIO, "x", r->cold_first_ms[BENCH_RAW] > 0 && r->cold_first_ms[BENCH_CHECKED] > 0);
	set(&t[n++], "suite wall time (default -j)", r->suite_jn_s, TARGET_SUITE_S, "s",
	    r->suite_jn_s >= 0);
	t[n].at_least = 1;
	set(&t[n++], "suite size", r->suite_tests, TARGET_SUITE_TESTS, "tests", r->suite_jn_s >= 0);
	set(&t[n++], "VMM memory beyond guest RAM",
	    (double)(r->mem_rss_kb - r->mem_guest_kb) / 1024.0, TARGET_MEM_MIB, "MiB",
	    r->mem_rss_kb > 0);
	set(&t[n++], "kvm-unit-tests start-up: uvmm/QEMU",
	    r->kut_qemu_start_ms > 0 ? r->kut_start_ms / r->kut_qemu_start_ms : 0,
	    TARGET_KUT_START_RATIO, "x", r->kut_start_ms > 0 && r->kut_qemu_start_ms > 0);
	t[n].at_least = 1;
	set(&t[n++], "kvm-unit-tests common set: QEMU/uvmm",
	    r->kut_set_s > 0 ? r->kut_qemu_set_s / r->kut_set_s : 0, TARGET_KUT_SPEEDUP, "x",
	    r->kut_set_s > 0 && r->kut_qemu_set_s > 0);
	set(&t[n++], "merge of the results files", r->report_merge_s, TARGET_MERGE_S, "s",
	    r->report_merge_s >= 0);
	set(&t[n++], "their matrix page opens in Chromium", r->report_page_open_s, TARGET_PAGE_S, "s",
	    r->report_page_open_s >= 0);
	return n;
}
