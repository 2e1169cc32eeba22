/* `uvmm test [TEST|GLOB...]`: the conformance suite's command line. Reads the
 * manifest and the deviations, selects tests, runs them (suite/runner.c) and
 * writes the human, TAP and JUnit reports (docs/runner.md). */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "session/exitcode.h"
#include "suite/deviations.h"
#include "suite/manifest.h"
#include "suite/report_human.h"
#include "suite/report_junit.h"
#include "suite/report_tap.h"
#include "suite/result.h"
#include "suite/runner.h"
#include "suite/select.h"
#include "util/path.h"

#define EXIT_SUITE_FAILED 1
#define EXIT_DATA_ERROR 5     /* manifest or deviations file */

struct test_opts {
	const char *manifest, *deviations, *guest_dir, *log_dir, *kvm, *impl;
	const char *tap, *junit, *timeout, *gdb_on_fail;
	unsigned jobs;
	int list, verbose, deviations_given, no_sandbox;
	char **patterns;
	int npatterns;
};

static void test_usage(FILE *f)
{
	fprintf(f,
		"usage: uvmm test [TEST|GLOB|group:GLOB...] [options]\n"
		"  -j, --jobs N         tests at a time (default: online CPUs)\n"
		"  --list               print the selected tests and their groups\n"
		"  --tap FILE           write a TAP 14 report ('-': stdout)\n"
		"  --junit FILE         write a JUnit XML report ('-': stdout)\n"
		"  --timeout SEC        time limit of every test (replaces the manifest's)\n"
		"  --manifest FILE      default: <uvmm dir>/guest/suite.manifest\n"
		"  --deviations FILE    default: <uvmm dir>/guest/deviations.txt\n"
		"  --guest-dir DIR      guest images (default: <uvmm dir>/guest)\n"
		"  --log-dir DIR        per-test logs (default: <uvmm dir>/test-logs)\n"
		"  --kvm PATH           KVM device (default /dev/kvm)\n"
		"  --impl NAME          KVM implementation, instead of detecting it\n"
		"  -v, --verbose        print the log of every test that did not pass\n"
		"  --gdb-on-fail[=ADDR] run a failed test again under the gdb stub (default\n"
		"                       " RUN_GDB_DEFAULT_ADDR "; docs/debugging.md)\n"
		"exit status: 0 all passed (or skipped/xfail), 1 a FAIL, XPASS, TIMEOUT or ERROR,\n"
		"5 manifest or deviations error, 6 the runner cannot start, 7 bad command line.\n"
		"See docs/runner.md.\n");
}

static int parse_args(struct test_opts *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "jobs", required_argument, 0, 'j' },      { "tap", required_argument, 0, 'T' },
		{ "junit", required_argument, 0, 'J' },     { "timeout", required_argument, 0, 't' },
		{ "list", no_argument, 0, 'l' },            { "manifest", required_argument, 0, 'm' },
		{ "deviations", required_argument, 0, 'd' }, { "guest-dir", required_argument, 0, 'g' },
		{ "log-dir", required_argument, 0, 'L' },   { "kvm", required_argument, 0, 'k' },
		{ "impl", required_argument, 0, 'i' },      { "verbose", no_argument, 0, 'v' },
		{ "help", no_argument, 0, 'h' },            { "no-sandbox", no_argument, 0, 'S' },
		{ "gdb-on-fail", optional_argument, 0, 'G' },
		{ 0, 0, 0, 0 },
	};
	char *end;
	long n;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "j:vh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			n = strtol(optarg, &end, 10);
			if (*end || end == optarg || n < 1 || n > 1024) {
				fprintf(stderr, "uvmm test: -j needs a count from 1 to 1024, got '%s'\n", optarg);
				return -1;
			}
			o->jobs = (unsigned)n;
			break;
		case 'T': o->tap = optarg; break;
		case 'J': o->junit = optarg; break;
		case 't': o->timeout = optarg; break;
		case 'l': o->list = 1; break;
		case 'm': o->manifest = optarg; break;
		case 'd': o->deviations = optarg; o->deviations_given = 1; break;
		case 'g': o->guest_dir = optarg; break;
		case 'L': o->log_dir = optarg; break;
		case 'k': o->kvm = optarg; break;
		case 'i': o->impl = optarg; break;
		case 'v': o->verbose = 1; break;
		case 'S': o->no_sandbox = 1; break;
		case 'G': o->gdb_on_fail = optarg ? optarg : RUN_GDB_DEFAULT_ADDR; break;
		case 'h': test_usage(stdout); return 1;
		default: test_usage(stderr); return -1;
		}
	}
	if (o->timeout) {
		struct run_options ro;
		char err[128];
		run_options_default(&ro);
		if (run_options_set(&ro, "timeout", o->timeout, err, sizeof(err)) < 0) {
			fprintf(stderr, "uvmm test: --timeout: %s\n", err);
			return -1;
		}
	}
	if (o->impl && !manifest_name_ok(o->impl)) {
		fprintf(stderr, "uvmm test: bad --impl name '%s'\n", o->impl);
		return -1;
	}
	o->patterns = argv + optind;
	o->npatterns = argc - optind;
	return 0;
}

static void list_tests(const struct suite_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		printf("%-24s", e[i].test->name);
		for (unsigned g = 0; g < e[i].test->ngroups; g++)
			printf(" %s", e[i].test->groups[g]);
		putchar('\n');
	}
}

static FILE *open_report(const char *path)
{
	FILE *f;

	if (!path)
		return NULL;
	if (!strcmp(path, "-"))
		return stdout;
	f = fopen(path, "we");
	if (!f)
		fprintf(stderr, "uvmm test: cannot write %s: %s\n", path, strerror(errno));
	return f;
}

static int close_report(FILE *f, const char *path, int write_failed)
{
	if (!f)
		return 0;
	if (f == stdout)
		return write_failed ? -1 : fflush(f);
	if (fclose(f) != 0 || write_failed) {
		fprintf(stderr, "uvmm test: writing %s failed\n", path);
		return -1;
	}
	return 0;
}

static void warn_unknown_deviations(const struct deviations *d, const struct manifest *m)
{
	for (size_t i = 0; i < d->n; i++)
		if (!manifest_find(m, d->entries[i].test))
			fprintf(stderr, "%s:%u: warning: no test '%s' in the manifest\n", d->source,
				d->entries[i].line, d->entries[i].test);
}

static int load_data(const struct test_opts *o, struct manifest *m, struct deviations *d)
{
	char err[512];

	if (manifest_load(m, o->manifest, err, sizeof(err)) < 0) {
		fprintf(stderr, "uvmm test: %s\n", err);
		return -1;
	}
	if (!m->ntests) {
		fprintf(stderr, "uvmm test: %s declares no tests\n", o->manifest);
		return -1;
	}
	if (!o->deviations_given && access(o->deviations, F_OK) < 0) {
		memset(d, 0, sizeof(*d));
		fprintf(stderr, "uvmm test: no %s: no known deviations\n", o->deviations);
		return 0;
	}
	if (deviations_load(d, o->deviations, err, sizeof(err)) < 0) {
		fprintf(stderr, "uvmm test: %s\n", err);
		return -1;
	}
	warn_unknown_deviations(d, m);
	return 0;
}

static int select_entries(const struct test_opts *o, const struct manifest *m,
			  struct suite_entry **out, size_t *nout)
{
	const struct manifest_test **tests = calloc(m->ntests ? m->ntests : 1, sizeof(*tests));
	struct suite_entry *e = calloc(m->ntests ? m->ntests : 1, sizeof(*e));
	char err[512];
	size_t n = 0;

	if (!tests || !e) {
		fprintf(stderr, "uvmm test: out of memory\n");
		free(tests);
		free(e);
		return -1;
	}
	if (suite_select(m, o->patterns, o->npatterns, tests, &n, err, sizeof(err)) < 0) {
		fprintf(stderr, "uvmm test: %s\n", err);
		free(tests);
		free(e);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		e[i].test = tests[i];
	free(tests);
	*out = e;
	*nout = n;
	return 0;
}

/* Runs the selected tests and writes every report; returns the exit code. */
static int run_suite(const struct test_opts *o, const struct manifest *m,
		     const struct deviations *dev, struct suite_entry *entries, size_t n)
{
	struct suite_opts so = { .guest_dir = o->guest_dir, .log_dir = o->log_dir, .kvm = o->kvm,
				 .impl = o->impl, .timeout = o->timeout, .jobs = o->jobs,
				 .no_sandbox = o->no_sandbox, .gdb_on_fail = o->gdb_on_fail };
	struct result_counts counts;
	struct suite_run run;
	FILE *tap = NULL, *junit = NULL;
	int code, tap_err = 0, junit_err = 0;
	char err[512];

	if ((o->tap && !(tap = open_report(o->tap))) || (o->junit && !(junit = open_report(o->junit)))) {
		close_report(tap, o->tap, 0);
		return UVMM_EXIT_HOST_ERROR;
	}
	so.out = tap == stdout || junit == stdout ? stderr : stdout;
	so.style = (struct human_style){ isatty(fileno(so.out)), o->verbose };
	if (suite_run(&so, m, dev, entries, n, &run, err, sizeof(err)) < 0) {
		fprintf(stderr, "uvmm test: %s\n", err);
		close_report(tap, o->tap, 0);
		close_report(junit, o->junit, 0);
		suite_run_free(&run);
		return UVMM_EXIT_HOST_ERROR;
	}
	if (tap)
		tap_err = tap_write(tap, &run.report);
	if (junit)
		junit_err = junit_write(junit, &run.report);
	human_summary(so.out, &run.report, &so.style);
	result_count(&counts, run.results, n);
	code = result_exit_code(&counts) ? EXIT_SUITE_FAILED : UVMM_EXIT_PASS;
	if (close_report(tap, o->tap, tap_err) < 0 || close_report(junit, o->junit, junit_err) < 0)
		code = code ? code : UVMM_EXIT_HOST_ERROR;
	suite_run_free(&run);
	return code;
}

int cli_test(int argc, char **argv)
{
	struct test_opts o = { 0 };
	struct manifest m = { 0 };
	struct deviations d = { 0 };
	struct suite_entry *entries = NULL;
	char *dir = exe_dir(), *paths[4] = { 0 };
	size_t n = 0;
	long cpus;
	int r;

	if (!dir) {
		fprintf(stderr, "uvmm test: out of memory\n");
		return UVMM_EXIT_HOST_ERROR;
	}
	r = parse_args(&o, argc, argv);
	if (r) {
		free(dir);
		return r > 0 ? UVMM_EXIT_PASS : UVMM_EXIT_USAGE;
	}
	if (!o.manifest)
		o.manifest = paths[0] = path_join(dir, "guest/suite.manifest");
	if (!o.deviations)
		o.deviations = paths[1] = path_join(dir, "guest/deviations.txt");
	if (!o.guest_dir)
		o.guest_dir = paths[2] = path_join(dir, "guest");
	if (!o.log_dir)
		o.log_dir = paths[3] = path_join(dir, "test-logs");
	if (!o.jobs) {
		cpus = sysconf(_SC_NPROCESSORS_ONLN);
		o.jobs = cpus > 0 ? (unsigned)cpus : 1;
	}
	if (!o.manifest || !o.deviations || !o.guest_dir || !o.log_dir) {
		fprintf(stderr, "uvmm test: out of memory\n");
		r = UVMM_EXIT_HOST_ERROR;
	} else if (load_data(&o, &m, &d) < 0) {
		r = EXIT_DATA_ERROR;
	} else if (select_entries(&o, &m, &entries, &n) < 0) {
		r = UVMM_EXIT_USAGE;
	} else if (o.list) {
		list_tests(entries, n);
		r = UVMM_EXIT_PASS;
	} else {
		r = run_suite(&o, &m, &d, entries, n);
	}
	suite_entries_free(entries, n);
	deviations_free(&d);
	manifest_free(&m);
	for (int i = 0; i < 4; i++)
		free(paths[i]);
	free(dir);
	return r;
}
