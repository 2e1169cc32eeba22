/* `uvmm bench`: per-exit cost (checked, unchecked, raw KVM loop, interleaved),
 * cold start (uvmm, raw loop, QEMU), suite wall time and VMM memory; a table,
 * build/bench.json, and with --check a non-zero exit when a target is missed. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/bench.h"
#include "bench/bench_child.h"
#include "bench/bench_exec.h"
#include "bench/bench_gdb.h"
#include "bench/bench_mmu.h"
#include "bench/bench_kut.h"
#include "bench/bench_report.h"
#include "bench/bench_results.h"
#include "cli/cli.h"
#include "session/exitcode.h"
#include "util/num.h"
#include "suite/host_env.h"
#include "util/json_parse.h"

#define QEMU_EXIT_PASS 1 /* isa-debug-exit: (0 << 1) | 1 */
#define SUITE_REPS 3
#define REPORT_TESTS 100      /* tests in each generated results file */
#define REPORT_FILES_MAX 10000

struct bench_cfg {
	char self[PATH_MAX];
	char image[PATH_MAX];
	char json[PATH_MAX];
	char extras[PATH_MAX];   /* NAME.json files of other benchmarks to embed */
	char trace[PATH_MAX];
	char mmu_image[PATH_MAX];
	char gdb_image[PATH_MAX];
	char kut[PATH_MAX];      /* --kut DIR: a kvm-unit-tests build ("": none) */
	uint32_t n;
	unsigned reps, report_files;
	int suite, qemu, check, mmu, gdb;
};

static int self_dir(char *dir, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", dir, size - 1);
	char *slash;

	if (n <= 0)
		return -1;
	dir[n] = 0;
	slash = strrchr(dir, '/');
	if (slash)
		*slash = 0;
	return 0;
}

static void describe_host(char *out, size_t size)
{
	struct host_env e;

	host_env_probe(&e, NULL, NULL);
	snprintf(out, size, "Linux %s, %s (%ld CPUs)%s%s, KVM: %s", e.kernel, e.cpu_model,
		 sysconf(_SC_NPROCESSORS_ONLN), e.is_guest ? ", itself a guest of " : "",
		 e.is_guest ? e.hypervisor : "", e.impl);
	host_env_free(&e);
}

/* How this KVM translates guest memory: the vendor module's tdp parameter
 * (kvm_amd npt, kvm_intel ept), or shadow paging for kvm_pvm. */
static void describe_paging(char *out, size_t size)
{
	static const struct { const char *path, *name; } params[] = {
		{ "/sys/module/kvm_amd/parameters/npt", "npt" },
		{ "/sys/module/kvm_intel/parameters/ept", "ept" },
	};
	char v[16] = "";
	FILE *f;

	if (access("/sys/module/kvm_pvm", F_OK) == 0) {
		snprintf(out, size, "kvm_pvm: shadow paging");
		return;
	}
	for (unsigned i = 0; i < sizeof(params) / sizeof(params[0]); i++) {
		if (!(f = fopen(params[i].path, "r")))
			continue;
		if (fgets(v, sizeof(v), f))
			v[strcspn(v, "\n")] = 0;
		fclose(f);
		snprintf(out, size, "%s=%s (%s)", params[i].name, v,
			 v[0] == 'Y' || v[0] == '1' ? "nested paging" : "shadow paging");
		return;
	}
	snprintf(out, size, "unknown");
}

/* --mmu: only the MMU operations (bench/bench_mmu.h), their table and JSON. */
static int run_mmu(const struct bench_cfg *cfg)
{
	static struct bench_mmu_results r;

	if (access(cfg->mmu_image, R_OK) < 0) {
		fprintf(stderr, "uvmm bench: %s is missing (run make first)\n", cfg->mmu_image);
		return UVMM_EXIT_USAGE;
	}
	describe_host(r.host, sizeof(r.host));
	describe_paging(r.paging, sizeof(r.paging));
	bench_mmu_measure(cfg->mmu_image, cfg->n, cfg->reps, &r, stderr);
	bench_mmu_print(&r, stdout);
	if (bench_mmu_write_json(&r, cfg->json) < 0) {
		fprintf(stderr, "uvmm bench: cannot write %s\n", cfg->json);
		return UVMM_EXIT_HOST_ERROR;
	}
	printf("\nwrote %s\n", cfg->json);
	return r.failures ? UVMM_EXIT_HOST_ERROR : 0;
}

static int sample_ok(const struct bench_sample *s, uint64_t want_exits)
{
	return s->code == UVMM_EXIT_PASS && s->nexits == want_exits;
}

/* Every repetition runs each kind in each mode, one after the other, so
 * drift on the host hits all three alike; the mode order rotates between
 * repetitions so that none always runs first. */
static void measure_exits(const struct bench_cfg *cfg, struct bench_results *r)
{
	static double means[BENCH_KINDS][BENCH_MODES][BENCH_MAX_REPS];
	char cmd[96];
	struct bench_sample s;

	for (unsigned rep = 0; rep < cfg->reps; rep++) {
		for (unsigned k = 0; k < BENCH_KINDS; k++) {
			snprintf(cmd, sizeof(cmd), "kind=%s n=%u", bench_kind_names[k],
				 cfg->n);
			for (unsigned i = 0; i < BENCH_MODES; i++) {
				enum bench_mode m = (i + rep) % BENCH_MODES;

				if (bench_fork_sample(m, cfg->image, cmd, cfg->trace, &s, stderr) < 0 ||
				    !sample_ok(&s, cfg->n + 2ull)) {
					fprintf(stderr, "uvmm bench: %s %s: run failed (%s, %llu exits)\n",
						bench_kind_names[k], bench_mode_names[m],
						uvmm_exit_code_name(s.code), (unsigned long long)s.nexits);
					r->failures++;
				}
				r->exit_samples[k][m][rep] = s.median_ns;
				means[k][m][rep] = bench_sample_per_exit_ns(&s);
			}
			unlink(cfg->trace);
		}
		fprintf(stderr, "uvmm bench: exits: repetition %u of %u done\n", rep + 1, cfg->reps);
	}
	for (unsigned k = 0; k < BENCH_KINDS; k++) {
		for (unsigned m = 0; m < BENCH_MODES; m++) {
			double v[BENCH_MAX_REPS];

			memcpy(v, r->exit_samples[k][m], sizeof(v));
			r->exit_ns[k][m] = bench_median(v, cfg->reps);
			r->exit_mean_ns[k][m] = bench_median(means[k][m], cfg->reps);
		}
	}
}

/* `uvmm bench --child MODE IMAGE CMDLINE [TRACE]` in a fresh process. */
static int exec_child(const struct bench_cfg *cfg, enum bench_mode m, const char *cmdline,
		      const char *trace, struct bench_sample *s)
{
	char out[512];
	uint64_t start, wall;
	char *argv[] = { (char *)cfg->self, "bench", "--child", (char *)bench_mode_names[m],
			 (char *)cfg->image, (char *)cmdline, (char *)trace, NULL };
	int st = bench_exec(argv, out, sizeof(out), &start, &wall);

	memset(s, 0, sizeof(*s));
	if (st != 0 || bench_sample_parse(out, s) < 0 || s->code != UVMM_EXIT_PASS)
		return -1;
	s->start_ns = start;
	return 0;
}

static void measure_qemu(const struct bench_cfg *cfg, struct bench_results *r,
			 const char *cmdline)
{
	double v[BENCH_MAX_REPS];
	char out[256];
	uint64_t wall;
	char *argv[] = { "qemu-system-x86_64", "-M", "microvm", "-accel", "tcg", "-nodefaults",
			 "-nographic", "-no-reboot", "-device", "isa-debug-exit,iobase=0xf4,iosize=4",
			 "-kernel", (char *)cfg->image, "-append", (char *)cmdline, NULL };

	r->qemu_done_ms = -1;
	if (!cfg->qemu) {
		snprintf(r->qemu_note, sizeof(r->qemu_note), "--no-qemu");
		return;
	}
	for (unsigned rep = 0; rep < cfg->reps; rep++) {
		int st = bench_exec(argv, out, sizeof(out), NULL, &wall);

		if (st != QEMU_EXIT_PASS) {
			snprintf(r->qemu_note, sizeof(r->qemu_note), st == 127 ?
				 "qemu-system-x86_64 not found" : "QEMU exited with status %d", st);
			return;
		}
		v[rep] = (double)wall / 1e6;
	}
	r->qemu_done_ms = bench_median(v, cfg->reps);
}

static void measure_cold(const struct bench_cfg *cfg, struct bench_results *r)
{
	static const enum bench_mode modes[] = { BENCH_CHECKED, BENCH_RAW };
	const char *cmdline = "kind=pio_out n=0";
	double first[2][BENCH_MAX_REPS], done[2][BENCH_MAX_REPS];
	struct bench_sample s;

	for (unsigned rep = 0; rep < cfg->reps; rep++) {
		for (unsigned i = 0; i < 2; i++) {
			if (exec_child(cfg, modes[i], cmdline, "", &s) < 0) {
				fprintf(stderr, "uvmm bench: cold start (%s) failed\n", bench_mode_names[modes[i]]);
				r->failures++;
			}
			first[i][rep] = s.first_exit_ns ? (double)(s.first_exit_ns - s.start_ns) / 1e6 : 0;
			done[i][rep] = s.end_ns ? (double)(s.end_ns - s.start_ns) / 1e6 : 0;
		}
	}
	for (unsigned i = 0; i < 2; i++) {
		r->cold_first_ms[modes[i]] = bench_median(first[i], cfg->reps);
		r->cold_done_ms[modes[i]] = bench_median(done[i], cfg->reps);
	}
	measure_qemu(cfg, r, cmdline);
}

/* The worst case for memory: checked, traced, n exits (the trace ring full). */
static void measure_memory(const struct bench_cfg *cfg, struct bench_results *r)
{
	char cmd[64];
	struct bench_sample s;

	snprintf(cmd, sizeof(cmd), "kind=pio_out n=%u", cfg->n);
	if (exec_child(cfg, BENCH_CHECKED, cmd, cfg->trace, &s) < 0 || !s.rss_kb) {
		fprintf(stderr, "uvmm bench: memory run failed\n");
		r->failures++;
	}
	unlink(cfg->trace);
	r->mem_rss_kb = s.rss_kb;
	r->mem_anon_kb = s.anon_kb;
	r->mem_guest_kb = s.guest_rss_kb;
}

static double run_suite(const struct bench_cfg *cfg, const char *jobs, struct bench_results *r)
{
	static char out[256 * 1024];
	double v[SUITE_REPS];
	uint64_t wall;
	char *argv[] = { (char *)cfg->self, "test", "-j", (char *)jobs, NULL };
	const char *p;

	for (unsigned rep = 0; rep < SUITE_REPS; rep++) {
		int st = bench_exec(argv, out, sizeof(out), NULL, &wall);

		/* Status 1 is a FAIL in the suite: still a wall time, but say so. */
		if (st != 0 && st != 1) {
			fprintf(stderr, "uvmm bench: uvmm test -j %s exited with %d\n", jobs, st);
			r->failures++;
			return -1;
		}
		if (st == 1)
			fprintf(stderr, "uvmm bench: note: the suite has failures (uvmm test -j %s)\n", jobs);
		v[rep] = (double)wall / 1e9;
		p = strstr(out, " tests in ");
		while (p && p > out && p[-1] >= '0' && p[-1] <= '9')
			p--;
		if (p)
			r->suite_tests = (unsigned)strtoul(p, NULL, 10);
	}
	return bench_median(v, SUITE_REPS);
}

static void measure_suite(const struct bench_cfg *cfg, struct bench_results *r)
{
	char jobs[16];

	r->suite_j1_s = r->suite_jn_s = -1;
	r->suite_jobs = (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
	if (!cfg->suite)
		return;
	snprintf(jobs, sizeof(jobs), "%u", r->suite_jobs);
	r->suite_j1_s = run_suite(cfg, "1", r);
	r->suite_jn_s = run_suite(cfg, jobs, r);
}

/* stepi and breakpoint round trips through uvmm's stub and QEMU's. */
static void measure_gdb(const struct bench_cfg *cfg, struct bench_results *r)
{
	double step[BENCH_MAX_REPS], bp[BENCH_MAX_REPS];

	r->gdb_n = cfg->n / 100 ? cfg->n / 100 : 1;
	if (r->gdb_n > BENCH_GDB_MAX_TRIPS)
		r->gdb_n = BENCH_GDB_MAX_TRIPS;
	for (unsigned t = 0; t < BENCH_GDB_TARGETS; t++) {
		unsigned got = 0;

		r->gdb_step_us[t] = r->gdb_bp_us[t] = -1;
		if (!cfg->gdb || (t == BENCH_GDB_QEMU && !cfg->qemu)) {
			snprintf(r->gdb_note[t], sizeof(r->gdb_note[t]), "%s", !cfg->gdb ? "--no-gdb" : "--no-qemu");
			continue;
		}
		for (unsigned rep = 0; rep < cfg->reps; rep++) {
			struct bench_gdb_result g;

			if (bench_gdb_measure(t, cfg->self, cfg->gdb_image, r->gdb_n, &g) < 0) {
				snprintf(r->gdb_note[t], sizeof(r->gdb_note[t]), "%s", g.note);
				if (t == BENCH_GDB_UVMM) {
					fprintf(stderr, "uvmm bench: gdb stub: %s\n", g.note);
					r->failures++;
				}
				break;
			}
			step[got] = g.step_us;
			bp[got++] = g.bp_us;
		}
		if (got == cfg->reps) {
			r->gdb_step_us[t] = bench_median(step, got);
			r->gdb_bp_us[t] = bench_median(bp, got);
		}
	}
	fprintf(stderr, "uvmm bench: gdb stub done\n");
}

/* --kut: uvmm kut against KUT's own runner on QEMU (TCG: QEMU cannot use
 * every KVM, and cannot use this machine's). */
static void measure_kut(const struct bench_cfg *cfg, struct bench_results *r)
{
	char tmp[] = "/tmp/uvmm-bench-kut-XXXXXX", cmd[64];
	struct bench_kut_cfg k = { .self = cfg->self, .dir = cfg->kut, .qemu_accel = "tcg",
				   .jobs = (unsigned)sysconf(_SC_NPROCESSORS_ONLN), .reps = cfg->reps,
				   .tmp = tmp };

	r->kut_start_ms = r->kut_qemu_start_ms = r->kut_set_s = r->kut_qemu_set_s = -1;
	if (!cfg->kut[0]) {
		snprintf(r->kut_note, sizeof(r->kut_note), "no --kut KUT_DIR (make bench KUT_DIR=...)");
		return;
	}
	if (!mkdtemp(tmp)) {
		snprintf(r->kut_note, sizeof(r->kut_note), "cannot create %s", tmp);
		return;
	}
	bench_kut_measure(&k, r, stderr);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		fprintf(stderr, "uvmm bench: could not remove %s\n", tmp);
}

/* The page's opening, timed in Chromium by the browser test's driver (next
 * to the build directory in the source tree). */
static void measure_page(const struct bench_cfg *cfg, const char *page, struct bench_results *r)
{
	char script[PATH_MAX], out[4096], err[256];
	char *argv[] = { "python3", script, "--time", "--page", (char *)page, NULL };
	const char *slash = strrchr(cfg->self, '/');
	struct json_doc doc = { 0 };
	double open_ms, render_ms;
	uint64_t wall;
	int st;

	snprintf(script, sizeof(script), "%.*s/../tests/browser/matrix_check.py",
		 slash ? (int)(slash - cfg->self) : 1, slash ? cfg->self : ".");
	if (access(script, R_OK) < 0) {
		snprintf(r->report_note, sizeof(r->report_note), "no tests/browser/matrix_check.py "
			 "beside the build directory");
		return;
	}
	st = bench_exec(argv, out, sizeof(out), NULL, &wall);
	if (st == 77) {
		snprintf(r->report_note, sizeof(r->report_note),
			 "no chromium (bash ci/deps.sh browser installs it)");
		return;
	}
	if (st != 0 || json_parse(&doc, out, strlen(out), err, sizeof(err)) < 0 ||
	    json_get_num(&doc.root, "open_ms", &open_ms) < 0 ||
	    json_get_num(&doc.root, "render_ms", &render_ms) < 0) {
		snprintf(r->report_note, sizeof(r->report_note), "the browser timing failed (status %d)",
			 st);
		r->failures++;
	} else {
		r->report_page_open_s = open_ms / 1e3;
		r->report_page_render_ms = render_ms;
	}
	json_doc_free(&doc);
}

static void remove_tree(const char *dir, unsigned files)
{
	static const char *const extra[] = { "all.json", "matrix.html" };
	char path[PATH_MAX + 32];

	for (unsigned i = 0; i < files; i++) {
		snprintf(path, sizeof(path), "%s/r%04u.json", dir, i);
		unlink(path);
	}
	for (size_t i = 0; i < sizeof(extra) / sizeof(extra[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, extra[i]);
		unlink(path);
	}
	rmdir(dir);
}

/* uvmm report merge and html on a course's worth of results files. */
static void measure_reports(const struct bench_cfg *cfg, struct bench_results *r)
{
	struct results_bench b = { .files = cfg->report_files, .tests = REPORT_TESTS };
	char dir[PATH_MAX], err[512];

	r->report_merge_s = r->report_page_open_s = -1;
	r->report_files = cfg->report_files;
	r->report_tests = REPORT_TESTS;
	if (!cfg->report_files) {
		snprintf(r->report_note, sizeof(r->report_note), "--report-files 0");
		return;
	}
	snprintf(dir, sizeof(dir), "%s/uvmm-bench-results-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir)) {
		fprintf(stderr, "uvmm bench: cannot create %s\n", dir);
		r->failures++;
		return;
	}
	if (bench_results_run(&b, dir, err, sizeof(err)) < 0) {
		fprintf(stderr, "uvmm bench: results files: %s\n", err);
		snprintf(r->report_note, sizeof(r->report_note), "failed");
		r->failures++;
	} else {
		r->report_write_s = b.write_s;
		r->report_merge_s = b.merge_s;
		r->report_merge_cpu_s = b.merge_cpu_s;
		r->report_html_s = b.html_s;
		r->report_input_bytes = b.input_bytes;
		r->report_page_bytes = b.page_bytes;
		measure_page(cfg, b.page, r);
	}
	remove_tree(dir, b.files);
}

static int child_main(int argc, char **argv)
{
	if (argc < 3)
		return UVMM_EXIT_USAGE;
	for (unsigned m = 0; m < BENCH_MODES; m++)
		if (!strcmp(argv[0], bench_mode_names[m]))
			return bench_child_run(m, argv[1], argv[2], argc > 3 && argv[3][0] ? argv[3] : NULL,
					       1, stderr) < 0 ? UVMM_EXIT_HOST_ERROR : 0;
	return UVMM_EXIT_USAGE;
}

static int parse_args(int argc, char **argv, struct bench_cfg *cfg)
{
	static const struct option opts[] = {
		{ "n", required_argument, 0, 'n' },      { "reps", required_argument, 0, 'r' },
		{ "json", required_argument, 0, 'j' },   { "image", required_argument, 0, 'i' },
		{ "check", no_argument, 0, 'c' },        { "no-suite", no_argument, 0, 's' },
		{ "no-qemu", no_argument, 0, 'q' },      { "kut", required_argument, 0, 'k' },
		{ "report-files", required_argument, 0, 'R' },
		{ "mmu", no_argument, 0, 'M' },          { "mmu-image", required_argument, 0, 'I' },
		{ "no-gdb", no_argument, 0, 'G' },
		{ 0, 0, 0, 0 },
	};
	char dir[PATH_MAX - 64], err[256];
	uint64_t v;
	int c, fd, n_given = 0;

	if (self_dir(dir, sizeof(dir)) < 0)
		return -1;
	snprintf(cfg->self, sizeof(cfg->self), "%s/uvmm", dir);
	snprintf(cfg->image, sizeof(cfg->image), "%s/guest/bench_exits.elf", dir);
	snprintf(cfg->mmu_image, sizeof(cfg->mmu_image), "%s/guest/bench_mmu.elf", dir);
	snprintf(cfg->json, sizeof(cfg->json), "%s/bench.json", dir);
	snprintf(cfg->extras, sizeof(cfg->extras), "%s/bench.d", dir);
	snprintf(cfg->gdb_image, sizeof(cfg->gdb_image), "%s/guest/bench_gdb.elf", dir);
	cfg->trace[0] = 0;
	cfg->n = 100000;
	cfg->reps = 5;
	cfg->suite = cfg->qemu = cfg->gdb = 1;
	cfg->report_files = 1000;
	optind = 0; /* glibc: 0 also resets getopt's state left by an earlier parse */
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (num_u64("--n", optarg, 1, BENCH_MAX_EXITS, &v, err, sizeof(err)) < 0)
				goto bad;
			cfg->n = (uint32_t)v;
			n_given = 1;
			break;
		case 'r':
			if (num_u64("--reps", optarg, 1, BENCH_MAX_REPS, &v, err, sizeof(err)) < 0)
				goto bad;
			cfg->reps = (unsigned)v;
			break;
		case 'R':
			if (num_u64("--report-files", optarg, 0, REPORT_FILES_MAX, &v, err, sizeof(err)) < 0)
				goto bad;
			cfg->report_files = (unsigned)v;
			break;
		case 'j': snprintf(cfg->json, sizeof(cfg->json), "%s", optarg); break;
		case 'i': snprintf(cfg->image, sizeof(cfg->image), "%s", optarg); break;
		case 'c': cfg->check = 1; break;
		case 's': cfg->suite = 0; break;
		case 'q': cfg->qemu = 0; break;
		case 'G': cfg->gdb = 0; break;
		case 'k': snprintf(cfg->kut, sizeof(cfg->kut), "%s", optarg); break;
		case 'M': cfg->mmu = 1; break;
		case 'I': snprintf(cfg->mmu_image, sizeof(cfg->mmu_image), "%s", optarg); break;
		default: return -1;
		}
	}
	if (optind != argc)
		return -1;
	/* MMU operations cost up to ~0.5 ms each under shadow paging on kvm_pvm. */
	if (cfg->mmu && !n_given)
		cfg->n = 20000;
	/* The checked runs' trace: a fresh file of ours, never a guessable path. */
	snprintf(cfg->trace, sizeof(cfg->trace), "%s/uvmm-bench-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	fd = mkstemp(cfg->trace);
	if (fd < 0) {
		fprintf(stderr, "uvmm bench: cannot create a trace file in %s: %s\n",
			getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", strerror(errno));
		cfg->trace[0] = 0;
		return -2;
	}
	close(fd);
	return 0;
bad:
	fprintf(stderr, "uvmm bench: %s\n", err);
	return -1;
}

int cli_bench(int argc, char **argv)
{
	static struct bench_cfg cfg;
	static struct bench_results r;
	unsigned miss;

	if (argc > 1 && !strcmp(argv[1], "--child"))
		return child_main(argc - 2, argv + 2);
	if (argc > 1 && !strcmp(argv[1], "hupcall"))
		return cli_bench_hupcall(argc - 1, argv + 1);
	switch (parse_args(argc, argv, &cfg)) {
	case 0:
		break;
	case -2:
		return UVMM_EXIT_HOST_ERROR;
	default:
		fprintf(stderr, "usage: uvmm bench [--n EXITS (1..%u)] [--reps N (1..%d)] [--json FILE] "
			"[--image FILE] [--check] [--no-suite] [--no-qemu] [--no-gdb] [--kut KUT_DIR]\n"
			"       [--report-files N (0..%d)]\n"
			"       uvmm bench --mmu [--n OPS] [--reps N] [--json FILE] [--mmu-image FILE]\n",
			BENCH_MAX_EXITS, BENCH_MAX_REPS, REPORT_FILES_MAX);
		return UVMM_EXIT_USAGE;
	}
	if (cfg.mmu) {
		unlink(cfg.trace);
		return run_mmu(&cfg);
	}
	if (access(cfg.image, R_OK) < 0) {
		fprintf(stderr, "uvmm bench: %s is missing (run make first)\n", cfg.image);
		unlink(cfg.trace);
		return UVMM_EXIT_USAGE;
	}
	describe_host(r.host, sizeof(r.host));
	r.n = cfg.n;
	r.reps = cfg.reps;
	measure_exits(&cfg, &r);
	measure_cold(&cfg, &r);
	measure_memory(&cfg, &r);
	measure_gdb(&cfg, &r);
	measure_suite(&cfg, &r);
	measure_kut(&cfg, &r);
	unlink(cfg.trace);
	measure_reports(&cfg, &r);
	miss = bench_print(&r, stdout);
	if (bench_write_json(&r, cfg.json, cfg.extras) < 0) {
		fprintf(stderr, "uvmm bench: cannot write %s\n", cfg.json);
		return UVMM_EXIT_HOST_ERROR;
	}
	printf("\nwrote %s\n", cfg.json);
	if (r.failures)
		return UVMM_EXIT_HOST_ERROR;
	return cfg.check && miss ? 1 : 0;
}
