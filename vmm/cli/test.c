/* `uvmm test [TEST|GLOB...]`: the conformance suite's command line. Reads the
 * manifest and the deviations, selects tests (and a shard of them), runs them
 * (suite/runner.c) and writes the human, TAP, KTAP, JUnit and JSON reports
 * (docs/runner.md), whole or marked as interrupted by a signal. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/cli.h"
#include "session/exitcode.h"
#include "suite/deviations.h"
#include "suite/interrupt.h"
#include "suite/manifest.h"
#include "suite/report_human.h"
#include "suite/result.h"
#include "suite/runner.h"
#include "suite/select.h"
#include "cli/report_files.h"
#include "util/num.h"
#include "util/output.h"
#include "util/path.h"
#include "xplat/qemu_backend.h"

#define EXIT_SUITE_FAILED 1
#define EXIT_DATA_ERROR 5     /* manifest or deviations file */
/* Time limits under QEMU TCG (seconds, as --timeout): OVMF boots in about
 * 5 s on 2 cores here, 10 s when both run a boot; the tests take < 1 s. */
#define QEMU_EFI_TIMEOUT "60"
#define QEMU_PVH_TIMEOUT "20"

#define PLATFORM_NAME_MAX 80

enum progress_mode { PROGRESS_AUTO, PROGRESS_LINE, PROGRESS_PLAIN };

struct test_opts {
	const char *manifest, *deviations, *guest_dir, *log_dir, *kvm, *impl;
	struct report_files rf;
	const char *timeout, *platform, *vfio_api;
	const char *on, *efi_dir, *qemu; /* on NULL: uvmm on this KVM */
	unsigned jobs, shard, nshards;
	enum progress_mode progress;
	int list, verbose, deviations_given, no_sandbox, vfio_rebind;
	char **patterns;
	int npatterns;
};

static void test_usage(FILE *f)
{
	fprintf(f,
		"usage: uvmm test [TEST|GLOB|group:GLOB...] [options]\n"
		"  -j, --jobs N         tests at a time (default: online CPUs)\n"
		"  --list               print the selected tests and their groups\n"
		"  --shard K/N          run only the K-th of N slices (by a hash of the test name)\n"
		"  --tap FILE           write a TAP 14 report ('-': stdout)\n"
		"  --ktap FILE          write a KTAP version 1 report ('-': stdout)\n"
		"  --junit FILE         write a JUnit XML report ('-': stdout)\n"
		"  --json FILE          write the results file (docs/results-schema.md; '-': stdout)\n"
		"  --platform NAME      the platform's name in the results file (default IMPL/KERNEL)\n"
		"  --progress MODE      auto (default: a live status line on a terminal), line, plain\n"
		"  --timeout SEC        time limit of every test (replaces the manifest's)\n"
		"  --manifest FILE      default: <uvmm dir>/guest/suite.manifest\n"
		"  --deviations FILE    default: <uvmm dir>/guest/deviations.txt\n"
		"  --guest-dir DIR      guest images (default: <uvmm dir>/guest)\n"
		"  --log-dir DIR        per-test logs (default: <uvmm dir>/test-logs)\n"
		"  --kvm PATH           KVM device (default /dev/kvm)\n"
		"  --vfio-api API       auto, container or iommufd for every VFIO test (docs/vfio.md)\n"
		"  --impl NAME          KVM implementation, instead of detecting it\n"
		"  --vfio-rebind        may take a test's VFIO device from its host driver\n"
		"  -v, --verbose        print the log of every test that did not pass\n"
		"  --on P               uvmm (default: this machine's KVM), qemu-pvh (QEMU TCG,\n"
		"                       -kernel) or qemu-efi (QEMU TCG + OVMF, the UEFI builds):\n"
		"                       the portable tests only (docs/bare-metal.md)\n"
		"  --efi-dir DIR        UEFI images for qemu-efi (default: <uvmm dir>/efi)\n"
		"  --qemu PATH          QEMU binary (default: qemu-system-x86_64)\n"
		"exit status: 0 all passed (or skipped/xfail), 1 a FAIL, XPASS, TIMEOUT or ERROR,\n"
		"5 manifest or deviations error, 6 the runner cannot start, 7 bad command line;\n"
		"SIGINT, SIGTERM, SIGHUP, SIGPIPE: the reports say so, then uvmm dies of the signal.\n"
		"See docs/runner.md.\n");
}

static int platform_name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n < 1 || n > PLATFORM_NAME_MAX)
		return 0;
	for (; *s; s++)
		if (*s < 0x20 || *s > 0x7e)
			return 0;
	return 1;
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
		{ "ktap", required_argument, 0, 'K' },      { "json", required_argument, 0, 'O' },
		{ "shard", required_argument, 0, 's' },     { "platform", required_argument, 0, 'P' },
		{ "progress", required_argument, 0, 'p' },
		{ "on", required_argument, 0, 'W' },        { "efi-dir", required_argument, 0, 'E' },
		{ "qemu", required_argument, 0, 'Q' },
		{ "vfio-rebind", no_argument, 0, 'B' },
		{ "vfio-api", required_argument, 0, 'A' },
		{ 0, 0, 0, 0 },
	};
	char err[256];
	uint64_t n;
	int c;

	optind = 0; /* glibc: 0 also resets getopt's state left by an earlier parse */
	while ((c = getopt_long(argc, argv, "j:vh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			if (num_u64("-j", optarg, 1, SUITE_MAX_JOBS, &n, err, sizeof(err)) < 0) {
				fprintf(stderr, "uvmm test: %s\n", err);
				return -1;
			}
			o->jobs = (unsigned)n;
			break;
		case 'T': o->rf.path[REPORT_TAP] = optarg; break;
		case 'K': o->rf.path[REPORT_KTAP] = optarg; break;
		case 'J': o->rf.path[REPORT_JUNIT] = optarg; break;
		case 'O': o->rf.path[REPORT_JSON] = optarg; break;
		case 's':
			if (suite_shard_parse(optarg, &o->shard, &o->nshards, err, sizeof(err)) < 0) {
				fprintf(stderr, "uvmm test: %s\n", err);
				return -1;
			}
			break;
		case 'P': o->platform = optarg; break;
		case 'p':
			if (!strcmp(optarg, "auto") || !strcmp(optarg, "line") || !strcmp(optarg, "plain")) {
				o->progress = optarg[0] == 'a' ? PROGRESS_AUTO
					      : optarg[0] == 'l' ? PROGRESS_LINE : PROGRESS_PLAIN;
				break;
			}
			fprintf(stderr, "uvmm test: --progress needs auto, line or plain, got '%s'\n",
				optarg);
			return -1;
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
		case 'A':
			if (strcmp(optarg, "auto") && strcmp(optarg, "container") && strcmp(optarg, "iommufd")) {
				fprintf(stderr, "uvmm test: --vfio-api must be auto, container or iommufd, not '%s'\n",
					optarg);
				return -1;
			}
			o->vfio_api = optarg;
			break;
		case 'W': o->on = optarg; break;
		case 'E': o->efi_dir = optarg; break;
		case 'Q': o->qemu = optarg; break;
		case 'B': o->vfio_rebind = 1; break;
		case 'h': test_usage(stdout); return 1;
		default: test_usage(stderr); return -1;
		}
	}
	if (o->timeout) {
		struct run_options ro;
		run_options_default(&ro);
		if (run_options_set(&ro, "timeout", o->timeout, RUN_OPT_OVERRIDE, err, sizeof(err)) < 0) {
			fprintf(stderr, "uvmm test: --timeout: %s\n", err);
			return -1;
		}
	}
	if (o->on && !strcmp(o->on, "uvmm"))
		o->on = NULL;
	if (o->on && qemu_boot_by_name(o->on, &(enum qemu_boot){ 0 }) < 0) {
		fprintf(stderr, "uvmm test: unknown --on '%s' (uvmm, qemu-pvh, qemu-efi)\n", o->on);
		return -1;
	}
	if (o->impl && !manifest_name_ok(o->impl)) {
		fprintf(stderr, "uvmm test: bad --impl name '%s'\n", o->impl);
		return -1;
	}
	if (o->platform && !platform_name_ok(o->platform)) {
		fprintf(stderr, "uvmm test: --platform needs 1 to %d printable ASCII characters\n",
			PLATFORM_NAME_MAX);
		return -1;
	}
	if (report_files_check(&o->rf, "uvmm test") < 0)
		return -1;
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
	*nout = 0;
	if (o->nshards)
		suite_shard_filter(tests, &n, o->shard, o->nshards);
	for (size_t i = 0; i < n; i++) {
		/* Elsewhere than on uvmm, only what needs nothing of uvmm's. */
		if (o->on && !tests[i]->portable) {
			if (o->npatterns && !o->list)
				fprintf(stderr, "uvmm test: %s is not portable: %s\n", tests[i]->name,
					tests[i]->portable_reason ? tests[i]->portable_reason
								  : "not assessed");
			continue;
		}
		e[(*nout)++].test = tests[i];
	}
	free(tests);
	*out = e;
	return 0;
}

/* --list --on P: what is not portable there, and why. */
static void list_not_portable(const struct manifest *m)
{
	for (size_t i = 0; i < m->ntests; i++)
		if (!m->tests[i].portable)
			printf("%-24s not portable: %s\n", m->tests[i].name,
			       m->tests[i].portable_reason ? m->tests[i].portable_reason
							   : "not assessed");
}

/* The platform's backend; the default time limit there covers a firmware
 * boot under TCG (OVMF: about 5 s here). */
static int setup_platform(const struct test_opts *o, struct qemu_backend *q,
			  struct suite_backend *b, char **work)
{
	char err[512];

	memset(q, 0, sizeof(*q));
	qemu_boot_by_name(o->on, &q->boot);
	q->qemu = o->qemu;
	q->efi_dir = o->efi_dir;
	/* Per-worker OVMF variables and ESP: under the images, out of the way. */
	if (!(*work = path_join(q->efi_dir, "run"))) {
		fprintf(stderr, "uvmm test: out of memory\n");
		return -1;
	}
	q->work_dir = *work;
	if (qemu_backend_init(q, b, err, sizeof(err)) < 0) {
		fprintf(stderr, "uvmm test: %s\n", err);
		return -1;
	}
	return 0;
}

static unsigned terminal_columns(FILE *f)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");

	if (ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return env && atoi(env) > 0 ? (unsigned)atoi(env) : 80;
}

static void set_output(const struct test_opts *o, struct suite_opts *so)
{
	const char *term = getenv("TERM");
	int tty;

	so->out = stdout;
	if (report_files_to_stdout(&o->rf))
		so->out = stderr;
	tty = isatty(fileno(so->out));
	so->style = (struct human_style){ tty, o->verbose };
	so->live = o->progress == PROGRESS_LINE ||
		   (o->progress == PROGRESS_AUTO && tty && !(term && !strcmp(term, "dumb")));
	so->columns = so->live ? terminal_columns(so->out) : 0;
}

/* Runs the selected tests and writes every report; returns the exit code. */
static int run_suite(struct test_opts *o, const struct manifest *m,
		     const struct deviations *dev, struct suite_entry *entries, size_t n)
{
	struct suite_opts so = { .guest_dir = o->guest_dir, .log_dir = o->log_dir, .kvm = o->kvm,
				 .impl = o->impl, .timeout = o->timeout, .vfio_api = o->vfio_api, .jobs = o->jobs,
				 .no_sandbox = o->no_sandbox, .vfio_rebind = o->vfio_rebind };
	struct qemu_backend qemu;
	struct suite_backend backend;
	char *work = NULL;
	struct result_counts counts;
	struct suite_run run;
	char err[512];
	int code;

	if (o->on) {
		if (setup_platform(o, &qemu, &backend, &work) < 0) {
			free(work);
			return UVMM_EXIT_HOST_ERROR;
		}
		so.backend = &backend;
	}
	if (report_files_open(&o->rf, "uvmm test") < 0) {
		free(work);
		return UVMM_EXIT_HOST_ERROR;
	}
	set_output(o, &so);
	if (suite_run(&so, m, dev, entries, n, &run, err, sizeof(err)) < 0) {
		fprintf(stderr, "uvmm test: %s\n", err);
		report_files_abort(&o->rf);
		suite_run_free(&run);
		free(work);
		return UVMM_EXIT_HOST_ERROR;
	}
	run.report.platform = o->platform ? o->platform : o->on;
	run.report.deviations_file = dev->source;
	run.report.shard = o->shard;
	run.report.nshards = o->nshards;
	code = report_files_write(&o->rf, &run.report, "uvmm test") < 0 ? UVMM_EXIT_HOST_ERROR : UVMM_EXIT_PASS;
	human_summary(so.out, &run.report, &so.style);
	if (run.report.interrupted) {
		result_interruption_line(run.report.interrupted, err, sizeof(err));
		fprintf(stderr, "uvmm test: %s\n", err);
	}
	result_count(&counts, run.results, run.report.n);
	if (result_exit_code(&counts) || run.report.interrupted)
		code = EXIT_SUITE_FAILED;
	suite_run_free(&run);
	free(work);
	return code;
}

int cli_test_parse_only(int argc, char **argv)
{
	struct test_opts o = { 0 };

	return parse_args(&o, argc, argv);
}

int cli_test(int argc, char **argv)
{
	struct test_opts o = { 0 };
	struct manifest m = { 0 };
	struct deviations d = { 0 };
	struct suite_entry *entries = NULL;
	char *dir = exe_dir(), *paths[6] = { 0 };
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
	if (suite_interrupt_install() < 0) {
		fprintf(stderr, "uvmm test: cannot install signal handlers: %s\n", strerror(errno));
		free(dir);
		return UVMM_EXIT_HOST_ERROR;
	}
	if (!o.manifest)
		o.manifest = paths[0] = path_join(dir, "guest/suite.manifest");
	if (!o.deviations)
		o.deviations = paths[1] = path_join(dir, "guest/deviations.txt");
	if (!o.guest_dir)
		o.guest_dir = paths[2] = path_join(dir, "guest");
	if (!o.log_dir && !o.on)
		o.log_dir = paths[3] = path_join(dir, "test-logs");
	else if (!o.log_dir && asprintf(&paths[3], "%s/test-logs/%s", dir, o.on) >= 0)
		o.log_dir = paths[3];
	if (o.on && !o.efi_dir)
		o.efi_dir = paths[4] = path_join(dir, "efi");
	/* A firmware boot under TCG takes seconds: the uvmm limits do not fit. */
	if (o.on && !o.timeout)
		o.timeout = !strcmp(o.on, "qemu-efi") ? QEMU_EFI_TIMEOUT : QEMU_PVH_TIMEOUT;
	if (!o.jobs) {
		cpus = sysconf(_SC_NPROCESSORS_ONLN);
		o.jobs = cpus > 0 ? (unsigned)cpus : 1;
	}
	if (!o.manifest || !o.deviations || !o.guest_dir || !o.log_dir ||
	    (o.on && !o.efi_dir)) {
		fprintf(stderr, "uvmm test: out of memory\n");
		r = UVMM_EXIT_HOST_ERROR;
	} else if (load_data(&o, &m, &d) < 0) {
		r = EXIT_DATA_ERROR;
	} else if (select_entries(&o, &m, &entries, &n) < 0) {
		r = UVMM_EXIT_USAGE;
	} else if (o.list) {
		list_tests(entries, n);
		if (o.on)
			list_not_portable(&m);
		r = UVMM_EXIT_PASS;
	} else {
		r = run_suite(&o, &m, &d, entries, n);
	}
	suite_entries_free(entries, n);
	deviations_free(&d);
	manifest_free(&m);
	for (int i = 0; i < 6; i++)
		free(paths[i]);
	free(dir);
	fflush(stdout);
	suite_interrupt_exit(); /* a signal ended the run: die of it, reports written */
	return r;
}
