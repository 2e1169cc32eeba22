/* `uvmm kut KUT_DIR [TEST...]`: kvm-unit-tests' x86 suite from a user's KUT
 * build, on uvmm instead of QEMU: reads its unittests.cfg, plans every
 * entry (kut/kut_plan.c), runs them on the suite runner with KUT's verdict
 * rules (kut/kut_suite.c) and writes the usual reports. `uvmm kut --compare
 * A B` puts two such runs side by side (docs/kut.md). */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/report_files.h"
#include "kut/kut_cfg.h"
#include "kut/kut_compare.h"
#include "kut/kut_plan.h"
#include "kut/kut_suite.h"
#include "machine/vm.h"
#include "session/exitcode.h"
#include "suite/deviations.h"
#include "suite/report_human.h"
#include "run/run_options.h"
#include "suite/interrupt.h"
#include "suite/runner.h"
#include "util/num.h"
#include "util/path.h"

#define EXIT_SUITE_FAILED 1
#define EXIT_DATA_ERROR 5

struct kut_cli {
	struct report_files rf;
	const char *timeout, *errata, *deviations, *log_dir, *kvm, *impl, *group;
	const char *compare[2];
	unsigned jobs;
	int list, verbose, no_sandbox, deviations_given;
	char *dir;                 /* KUT_DIR */
	char **names;
	int nnames;
};

static void kut_usage(FILE *f)
{
	fprintf(f,
		"usage: uvmm kut [options] KUT_DIR [TEST|GLOB...]\n"
		"       uvmm kut --compare A.tap B.tap [--deviations FILE]\n"
		"  KUT_DIR              a kvm-unit-tests build: KUT_DIR/x86/unittests.cfg (or KUT_DIR/unittests.cfg)\n"
		"  -j, --jobs N         entries at a time (default: online CPUs)\n"
		"  -g, --group GROUP    only the entries of GROUP (nodefault ones only when asked for)\n"
		"  --list               print the selected entries and their groups\n"
		"  --tap FILE           write a TAP 14 report ('-': stdout)\n"
		"  --ktap FILE          write a KTAP version 1 report ('-': stdout)\n"
		"  --junit FILE         write a JUnit XML report, one test case per entry and per line\n"
		"  --json FILE          write the results file (docs/results-schema.md; '-': stdout)\n"
		"  --timeout SEC        every entry's time limit (default: the cfg's, else 90)\n"
		"  --errata FILE        KUT's errata.txt for ERRATA_* (default: KUT_DIR/errata.txt if present)\n"
		"  --deviations FILE    default: <uvmm dir>/guest/kut-deviations.txt\n"
		"  --log-dir DIR        per-entry logs (default: <uvmm dir>/kut-logs)\n"
		"  --kvm PATH, --impl NAME, -v/--verbose, --no-sandbox   as for uvmm test\n"
		"  --compare A B        the entries whose verdicts differ between two TAP reports\n"
		"exit status: 0 all passed (or skipped/xfail), 1 a FAIL, XPASS, TIMEOUT or ERROR\n"
		"(--compare: a deviation the second report does not back), 5 cfg, deviations or\n"
		"report error, 6 the runner cannot start, 7 bad command line. See docs/kut.md.\n");
}

static int parse_args(struct kut_cli *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "jobs", required_argument, 0, 'j' },       { "group", required_argument, 0, 'g' },
		{ "tap", required_argument, 0, 'T' },        { "junit", required_argument, 0, 'J' },
		{ "timeout", required_argument, 0, 't' },    { "errata", required_argument, 0, 'e' },
		{ "deviations", required_argument, 0, 'd' }, { "log-dir", required_argument, 0, 'L' },
		{ "kvm", required_argument, 0, 'k' },        { "impl", required_argument, 0, 'i' },
		{ "list", no_argument, 0, 'l' },             { "verbose", no_argument, 0, 'v' },
		{ "no-sandbox", no_argument, 0, 'S' },       { "compare", no_argument, 0, 'C' },
		{ "ktap", required_argument, 0, 'K' },       { "json", required_argument, 0, 'O' },
		{ "help", no_argument, 0, 'h' },             { 0, 0, 0, 0 },
	};
	int c, compare = 0;
	char err[256];
	uint64_t n;

	optind = 1;
	while ((c = getopt_long(argc, argv, "j:g:vh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			if (num_u64("-j", optarg, 1, SUITE_MAX_JOBS, &n, err, sizeof(err)) < 0) {
				fprintf(stderr, "uvmm kut: %s\n", err);
				return -1;
			}
			o->jobs = (unsigned)n;
			break;
		case 'g': o->group = optarg; break;
		case 'T': o->rf.path[REPORT_TAP] = optarg; break;
		case 'K': o->rf.path[REPORT_KTAP] = optarg; break;
		case 'J': o->rf.path[REPORT_JUNIT] = optarg; break;
		case 'O': o->rf.path[REPORT_JSON] = optarg; break;
		case 't': o->timeout = optarg; break;
		case 'e': o->errata = optarg; break;
		case 'd': o->deviations = optarg; o->deviations_given = 1; break;
		case 'L': o->log_dir = optarg; break;
		case 'k': o->kvm = optarg; break;
		case 'i': o->impl = optarg; break;
		case 'l': o->list = 1; break;
		case 'v': o->verbose = 1; break;
		case 'S': o->no_sandbox = 1; break;
		case 'C': compare = 1; break;
		case 'h': kut_usage(stdout); return 1;
		default: kut_usage(stderr); return -1;
		}
	}
	if (o->timeout) {
		struct run_options ro;

		run_options_default(&ro);
		if (run_options_set(&ro, "timeout", o->timeout, RUN_OPT_OVERRIDE, err, sizeof(err)) < 0) {
			fprintf(stderr, "uvmm kut: --timeout: %s\n", err);
			return -1;
		}
	}
	if (report_files_check(&o->rf, "uvmm kut") < 0)
		return -1;
	if (compare) {
		if (argc - optind != 2) {
			fprintf(stderr, "uvmm kut: --compare needs two TAP reports\n");
			return -1;
		}
		o->compare[0] = argv[optind];
		o->compare[1] = argv[optind + 1];
		return 0;
	}
	if (optind >= argc) {
		fprintf(stderr, "uvmm kut: which kvm-unit-tests build? (uvmm kut KUT_DIR)\n");
		return -1;
	}
	if (o->impl && !manifest_name_ok(o->impl)) {
		fprintf(stderr, "uvmm kut: bad --impl name '%s'\n", o->impl);
		return -1;
	}
	o->dir = argv[optind];
	o->names = argv + optind + 1;
	o->nnames = argc - optind - 1;
	return 0;
}

static int load_deviations(const struct kut_cli *o, struct deviations *d)
{
	char err[512];

	memset(d, 0, sizeof(*d));
	if (!o->deviations_given && access(o->deviations, F_OK) < 0) {
		fprintf(stderr, "uvmm kut: no %s: no known deviations\n", o->deviations);
		return 0;
	}
	if (deviations_load(d, o->deviations, err, sizeof(err)) < 0) {
		fprintf(stderr, "uvmm kut: %s\n", err);
		return -1;
	}
	return 0;
}

static int compare(const struct kut_cli *o)
{
	struct kut_results a, b;
	struct deviations d = { 0 };
	size_t differ = 0, unbacked;
	char err[512];
	int r = EXIT_DATA_ERROR;

	if (kut_results_load(&a, o->compare[0], err, sizeof(err)) < 0) {
		fprintf(stderr, "uvmm kut: %s\n", err);
		return EXIT_DATA_ERROR;
	}
	if (kut_results_load(&b, o->compare[1], err, sizeof(err)) < 0)
		fprintf(stderr, "uvmm kut: %s\n", err);
	else if (o->deviations_given && deviations_load(&d, o->deviations, err, sizeof(err)) < 0)
		fprintf(stderr, "uvmm kut: %s\n", err);
	else {
		unbacked = kut_compare_print(stdout, &a, &b, o->deviations_given ? &d : NULL, &differ);
		r = unbacked ? EXIT_SUITE_FAILED : UVMM_EXIT_PASS;
		kut_results_free(&b);
	}
	deviations_free(&d);
	kut_results_free(&a);
	return r;
}

/* `...` in test_args, as KUT's runner evaluates them (kvmclock_test passes
 * the current time); the command's errors go to the terminal. */
static char *substitute(void *ctx, const char *cmd, char *err, size_t errlen)
{
	FILE *p = popen(cmd, "re");
	char *out = calloc(1, 4096);
	size_t n;
	int st;

	(void)ctx;
	if (!p || !out) {
		if (p)
			pclose(p);
		free(out);
		snprintf(err, errlen, "`%.60s` cannot run: %s", cmd, strerror(errno));
		return NULL;
	}
	n = fread(out, 1, 4095, p);
	out[n] = 0;
	st = pclose(p);
	if (st != 0) {
		free(out);
		snprintf(err, errlen, "`%.60s` failed (status %d)", cmd, st);
		return NULL;
	}
	return out;
}

static void list_entries(const struct kut_plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct manifest_test *t = &p->m.tests[i];
		printf("%-36s", t->name);
		for (unsigned g = 0; g < t->ngroups; g++)
			printf(" %s", t->groups[g]);
		if (p->p[i].skip[0])
			printf("  (SKIP: %s)", p->p[i].skip);
		putchar('\n');
	}
}

static int run(struct kut_cli *o, struct kut_plan *plan, const struct deviations *dev,
	       const char *bindir)
{
	struct suite_opts so = { .guest_dir = bindir, .log_dir = o->log_dir, .kvm = o->kvm,
				 .impl = o->impl, .jobs = o->jobs, .no_sandbox = o->no_sandbox };
	struct kut_suite k;
	struct suite_run sr;
	struct result_counts counts;
	int code;
	char err[512];

	if (kut_suite_init(&k, plan, dev) < 0) {
		fprintf(stderr, "uvmm kut: out of memory\n");
		kut_suite_free(&k);
		return UVMM_EXIT_HOST_ERROR;
	}
	o->rf.write[REPORT_JUNIT] = kut_junit_write;
	if (report_files_open(&o->rf, "uvmm kut") < 0) {
		kut_suite_free(&k);
		return UVMM_EXIT_HOST_ERROR;
	}
	so.out = report_files_to_stdout(&o->rf) ? stderr : stdout;
	so.style = (struct human_style){ isatty(fileno(so.out)), o->verbose };
	kut_suite_hook(&k, &so);
	fprintf(so.out, "uvmm kut: %s\n", o->dir);
	if (suite_run(&so, &plan->m, dev, k.entries, plan->n, &sr, err, sizeof(err)) < 0) {
		fprintf(stderr, "uvmm kut: %s\n", err);
		report_files_abort(&o->rf);
		suite_run_free(&sr);
		kut_suite_free(&k);
		return UVMM_EXIT_HOST_ERROR;
	}
	sr.report.suite = "kut";
	sr.report.deviations_file = dev->source;
	code = report_files_write(&o->rf, &sr.report, "uvmm kut") < 0 ? UVMM_EXIT_HOST_ERROR
									: UVMM_EXIT_PASS;
	human_summary(so.out, &sr.report, &so.style);
	if (sr.report.interrupted) {
		result_interruption_line(sr.report.interrupted, err, sizeof(err));
		fprintf(stderr, "uvmm kut: %s\n", err);
	}
	result_count(&counts, sr.results, plan->n);
	if (result_exit_code(&counts) || k.oom || sr.report.interrupted)
		code = EXIT_SUITE_FAILED;
	suite_run_free(&sr);
	kut_suite_free(&k);
	return code;
}

static void warn_unknown_deviations(const struct deviations *d, const struct kut_cfg *c)
{
	for (size_t i = 0; i < d->n; i++) {
		size_t n = strcspn(d->entries[i].test, ":"), k;

		for (k = 0; k < c->n; k++)
			if (strlen(c->e[k].name) == n && !strncmp(c->e[k].name, d->entries[i].test, n))
				break;
		if (k == c->n)
			fprintf(stderr, "%s:%u: warning: no entry '%.*s' in the cfg\n", d->source,
				d->entries[i].line, (int)n, d->entries[i].test);
	}
}

int cli_kut(int argc, char **argv)
{
	struct kut_cli o = { 0 };
	struct kut_cfg cfg = { 0 };
	struct kut_plan plan = { 0 };
	struct deviations dev = { 0 };
	const struct kut_entry **sel = NULL;
	char *exe = exe_dir(), *paths[3] = { 0 }, *cfg_path = NULL, *bindir = NULL, err[512];
	size_t nsel = 0;
	int r;

	if (!exe) {
		fprintf(stderr, "uvmm kut: out of memory\n");
		return UVMM_EXIT_HOST_ERROR;
	}
	r = parse_args(&o, argc, argv);
	if (r) {
		free(exe);
		return r > 0 ? UVMM_EXIT_PASS : UVMM_EXIT_USAGE;
	}
	if (o.compare[0]) {
		free(exe);
		return compare(&o);
	}
	if (!o.deviations)
		o.deviations = paths[0] = path_join(exe, "guest/kut-deviations.txt");
	if (!o.log_dir)
		o.log_dir = paths[1] = path_join(exe, "kut-logs");
	if (!o.errata) {
		paths[2] = path_join(o.dir, "errata.txt");
		o.errata = paths[2] && access(paths[2], F_OK) == 0 ? paths[2] : NULL;
	}
	if (!o.jobs) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		o.jobs = cpus > 0 ? (unsigned)cpus : 1;
	}
	r = EXIT_DATA_ERROR;
	if (!(cfg_path = kut_find_cfg(o.dir, &bindir))) {
		fprintf(stderr, "uvmm kut: %s has no x86/unittests.cfg or unittests.cfg\n", o.dir);
		goto out;
	}
	if (kut_cfg_load(&cfg, cfg_path, err, sizeof(err)) < 0) {
		fprintf(stderr, "uvmm kut: %s\n", err);
		goto out;
	}
	sel = calloc(cfg.n ? cfg.n : 1, sizeof(*sel));
	if (!sel) {
		r = UVMM_EXIT_HOST_ERROR;
		goto out;
	}
	if (kut_plan_select(&cfg, o.names, o.nnames, o.group, sel, &nsel, err, sizeof(err)) < 0) {
		fprintf(stderr, "uvmm kut: %s\n", err);
		r = UVMM_EXIT_USAGE;
		goto out;
	}
	{
		struct kut_plan_opts po = { .dir = bindir, .errata = o.errata, .timeout = o.timeout,
					    .host_ram = vm_host_ram(), .subst = substitute };
		if (kut_plan_build(&plan, sel, nsel, &po, err, sizeof(err)) < 0) {
			fprintf(stderr, "uvmm kut: %s\n", err);
			goto out;
		}
	}
	if (o.list) {
		list_entries(&plan);
		r = UVMM_EXIT_PASS;
		goto out;
	}
	if (load_deviations(&o, &dev) < 0)
		goto out;
	warn_unknown_deviations(&dev, &cfg);
	if (suite_interrupt_install() < 0) {
		fprintf(stderr, "uvmm kut: cannot install signal handlers: %s\n", strerror(errno));
		r = UVMM_EXIT_HOST_ERROR;
		goto out;
	}
	r = run(&o, &plan, &dev, bindir);
out:
	deviations_free(&dev);
	kut_plan_free(&plan);
	free(sel);
	kut_cfg_free(&cfg);
	free(cfg_path);
	free(bindir);
	for (int i = 0; i < 3; i++)
		free(paths[i]);
	free(exe);
	suite_interrupt_exit(); /* a signal ended the run: die of it, reports written */
	return r;
}
