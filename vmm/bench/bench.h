/* uvmm bench: the exit kinds and modes it measures, one measured guest run
 * (a sample), and the results the report and the JSON file are made from. */
#ifndef UVMM_BENCH_BENCH_H
#define UVMM_BENCH_BENCH_H

#include <stdint.h>

/* How a guest is run: uvmm as CI uses it (checker and trace on), uvmm with
 * both off (--no-check, no trace), and the raw KVM loop (the floor). */
enum bench_mode { BENCH_CHECKED, BENCH_UNCHECKED, BENCH_RAW, BENCH_MODES };

#define BENCH_KINDS 7
#define BENCH_MAX_REPS 32
#define BENCH_MAX_EXITS 100000000u /* --n: exits per measured run */

/* Kind names as the benchmark guest takes them on its command line. */
extern const char *const bench_kind_names[BENCH_KINDS];
extern const char *const bench_mode_names[BENCH_MODES];

/* One guest run, reported by the process that ran it. Times are
 * CLOCK_MONOTONIC in ns (system-wide, so comparable across processes). */
struct bench_sample {
	int code;               /* uvmm exit code (raw loop: 0 or UVMM_EXIT_HOST_ERROR) */
	uint64_t nexits;
	uint64_t start_ns;      /* set by the parent: just before fork */
	uint64_t first_exit_ns;
	uint64_t end_ns;
	uint64_t rss_kb;        /* VmRSS at the end of the run (uvmm modes only) */
	uint64_t anon_kb;       /* RssAnon */
	uint64_t guest_rss_kb;  /* Rss of the guest RAM mapping */
	/* Exit-to-exit intervals timed by the loop that ran the guest (ns). */
	uint64_t timed;
	double median_ns, mean_ns;
};

/* Time per exit: exit #0 .. the last exit spans nexits - 1 round trips. */
double bench_sample_per_exit_ns(const struct bench_sample *s);

/* Median of v[0..n) (v is reordered). 0 when n is 0. */
double bench_median(double *v, unsigned n);

struct bench_results {
	char host[512];         /* kernel, CPU, KVM implementation */
	uint32_t n;             /* exits per guest run */
	unsigned reps;
	/* Per-exit round trip (ns): the median over repetitions of the guest's
	 * median single round trip (every repetition kept), and of the host's
	 * mean (first to last exit, preemptions of the vCPU thread included). */
	double exit_ns[BENCH_KINDS][BENCH_MODES];
	double exit_samples[BENCH_KINDS][BENCH_MODES][BENCH_MAX_REPS];
	double exit_mean_ns[BENCH_KINDS][BENCH_MODES];
	/* Cold start (ms, medians): fork+exec -> first exit, -> guest done. */
	double cold_first_ms[BENCH_MODES];
	double cold_done_ms[BENCH_MODES];
	double qemu_done_ms;    /* < 0: not measured */
	char qemu_note[128];
	/* Whole suite wall time (s, medians); < 0: not measured. */
	double suite_j1_s, suite_jn_s;
	unsigned suite_tests, suite_jobs;
	/* Resident memory of a checked, traced uvmm run of n exits (KiB). */
	uint64_t mem_rss_kb, mem_anon_kb, mem_guest_kb;
	/* kvm-unit-tests (--kut DIR): uvmm kut against KUT's own runner on QEMU
	 * TCG, same binaries, same -j (bench/bench_kut.h); < 0: not measured. */
	double kut_start_ms, kut_qemu_start_ms; /* medians: start to the first console line */
	double kut_set_s, kut_qemu_set_s;       /* wall time of the entries passing under both */
	unsigned kut_set_n, kut_jobs, kut_uvmm_pass, kut_qemu_pass;
	char kut_set[4096];     /* their names, blank-separated */
	char kut_note[256];     /* why not measured, or what was odd */
	/* Results files (issue 19): report_files files of report_tests tests,
	 * merged, rendered, and the page opened in Chromium; < 0: not measured. */
	unsigned report_files, report_tests;
	double report_write_s, report_merge_s, report_merge_cpu_s, report_html_s, report_page_open_s;
	double report_page_render_ms;
	unsigned long long report_input_bytes, report_page_bytes;
	char report_note[160];
	int failures;           /* measurements that did not run as they should */
};

/* One target: value <= limit (or >= with at_least), met only when measured. */
struct bench_target {
	char name[64];
	double value, limit;
	const char *unit;
	int at_least;
	int measured;
	int met;
};
#define BENCH_MAX_TARGETS (BENCH_KINDS + 8)
/* Fills t (BENCH_MAX_TARGETS entries at most); returns how many. */
unsigned bench_targets(const struct bench_results *r, struct bench_target *t);

#endif
