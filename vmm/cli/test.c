/* `uvmm test [TEST|GLOB...]`: the conformance suite. Reads the manifest and
 * the deviations, checks requirements, runs every selected test in its own
 * process, and writes the human, TAP and JUnit reports (docs/runner.md). */
#include <errno.h>
#include <fnmatch.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "suite/deviations.h"
#include "loader/elf_load.h"
#include "session/exitcode.h"
#include "suite/host_env.h"
#include "suite/report_human.h"
#include "suite/report_junit.h"
#include "suite/manifest.h"
#include "suite/result.h"
#include "suite/exec.h"
#include "suite/report_tap.h"

#define EXIT_SUITE_FAILED 1
#define EXIT_DATA_ERROR 5     /* manifest or deviations file */
#define HARD_LIMIT_MARGIN 5.0 /* seconds the child's own watchdog gets to report first */
#define LOG_TEXT_MAX (1u << 20)
#define MAX_ENV_LINES 64

struct test_opts {
	const char *manifest, *deviations, *guest_dir, *log_dir, *kvm, *impl;
	const char *tap, *junit, *timeout;
	unsigned jobs;
	int list, verbose, deviations_given, no_sandbox;
	char **patterns;
	int npatterns;
};

/* One selected test through the run. */
struct entry {
	const struct manifest_test *test;
	struct test_result result;
	char *image, *expect, *log_path;
	char *overrides[RUN_MAX_OVERRIDES];
	char timeout_override[64];
	int done;
};

struct run_state {
	struct entry *entries;
	size_t n, printed;
	struct exec_job *jobs;
	size_t *job_entry;         /* index of each job's entry */
	const struct deviations *dev;
	const char *impl;
	FILE *out;
	struct human_style style;
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
		"exit status: 0 all passed (or skipped/xfail), 1 a FAIL, XPASS, TIMEOUT or ERROR,\n"
		"5 manifest or deviations error, 6 the runner cannot start, 7 bad command line.\n"
		"See docs/runner.md.\n");
}

static char *path_join(const char *dir, const char *name)
{
	char *p;

	if (name[0] == '/')
		return strdup(name);
	return asprintf(&p, "%s/%s", dir, name) < 0 ? NULL : p;
}

static char *exe_dir(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	if (n <= 0)
		return strdup(".");
	buf[n] = 0;
	return strdup(dirname(buf));
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

static int pattern_matches(const char *pat, const struct manifest_test *t)
{
	if (!strncmp(pat, "group:", 6))
		return manifest_in_group(t, pat + 6);
	return fnmatch(pat, t->name, 0) == 0;
}

/* Selected tests in manifest order; every pattern must match something. */
static int select_tests(const struct test_opts *o, const struct manifest *m, struct entry **out,
			size_t *nout)
{
	struct entry *e = calloc(m->ntests ? m->ntests : 1, sizeof(*e));
	size_t n = 0;

	if (!e)
		return -1;
	for (int p = 0; p < o->npatterns; p++) {
		size_t i;
		for (i = 0; i < m->ntests && !pattern_matches(o->patterns[p], &m->tests[i]); i++)
			;
		if (i == m->ntests) {
			fprintf(stderr, "uvmm test: no test matches '%s' (see uvmm test --list)\n",
				o->patterns[p]);
			free(e);
			return -1;
		}
	}
	for (size_t i = 0; i < m->ntests; i++) {
		int take = o->npatterns == 0;
		for (int p = 0; p < o->npatterns && !take; p++)
			take = pattern_matches(o->patterns[p], &m->tests[i]);
		if (take)
			e[n++].test = &m->tests[i];
	}
	*out = e;
	*nout = n;
	return 0;
}

static void list_tests(const struct entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		printf("%-24s", e[i].test->name);
		for (unsigned g = 0; g < e[i].test->ngroups; g++)
			printf(" %s", e[i].test->groups[g]);
		putchar('\n');
	}
}

/* The time limit the child's watchdog will use: --timeout, the manifest, the
 * image's OPTIONS note, the default, in that order of precedence. */
static double effective_timeout(const struct test_opts *o, const struct entry *e)
{
	struct run_options ro;
	char err[128], *note = NULL;
	uint8_t *buf;
	size_t len;

	run_options_default(&ro);
	if (o->timeout)
		run_options_set(&ro, "timeout", o->timeout, err, sizeof(err));
	else if (e->test->has_timeout)
		ro.timeout = e->test->timeout;
	else if (!e->test->flat && image_read_file(e->image, &buf, &len, err, sizeof(err)) == 0) {
		if (elf_peek_options(buf, len, &note, err, sizeof(err)) == 0 && note)
			run_options_parse(&ro, note, err, sizeof(err));
		free(note);
		free(buf);
	}
	return ro.timeout;
}

/* dev_limit: a known hang's TIMEOUT=SEC on this implementation (0: none). */
static int prepare_job(const struct test_opts *o, struct entry *e, struct exec_job *job,
		       double dev_limit)
{
	const struct manifest_test *t = e->test;
	struct run_request *req = &job->req;
	double timeout;

	e->image = path_join(o->guest_dir, t->image);
	e->expect = t->expect ? path_join(o->guest_dir, t->expect) : NULL;
	if (!e->image || (t->expect && !e->expect))
		return -1;
	memset(job, 0, sizeof(*job));
	job->name = t->name;
	job->log_path = e->log_path;
	req->image = e->image;
	req->flat = t->flat;
	req->flat_addr = t->flat_addr;
	req->expect_file = e->expect;
	req->kvm_path = o->kvm;
	req->no_sandbox = o->no_sandbox;
	for (unsigned i = 0; i < t->noptions; i++)
		req->overrides[req->noverrides++] = t->options[i];
	if (o->timeout) {
		snprintf(e->timeout_override, sizeof(e->timeout_override), "timeout=%s", o->timeout);
		req->overrides[req->noverrides++] = e->timeout_override;
	}
	timeout = effective_timeout(o, e);
	if (!o->timeout && dev_limit > 0 && (timeout <= 0 || dev_limit < timeout)) {
		snprintf(e->timeout_override, sizeof(e->timeout_override), "timeout=%g", dev_limit);
		req->overrides[req->noverrides++] = e->timeout_override;
		timeout = dev_limit;
	}
	job->hard_limit = timeout > 0 ? timeout + HARD_LIMIT_MARGIN : 0;
	return 0;
}

static char *read_log(const char *path)
{
	FILE *f = fopen(path, "re");
	char *text;
	size_t n;

	if (!f)
		return NULL;
	text = malloc(LOG_TEXT_MAX + 1);
	if (text) {
		n = fread(text, 1, LOG_TEXT_MAX, f);
		text[n] = 0;
		/* A NUL from the guest console would cut the text short. */
		for (size_t i = 0; i < n; i++)
			if (!text[i])
				text[i] = ' ';
	}
	fclose(f);
	return text;
}

/* uvmm's first message in the log: the one-line "why" of a failed run. */
static void log_hint(const char *text, char *hint, size_t len)
{
	static const char prefix[] = "uvmm: ";
	const char *p = text;

	hint[0] = 0;
	while (p && *p) {
		if (!strncmp(p, prefix, sizeof(prefix) - 1)) {
			p += sizeof(prefix) - 1;
			snprintf(hint, len, "%.*s", (int)strcspn(p, "\n"), p);
			return;
		}
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
}

static void print_ready(struct run_state *st)
{
	while (st->printed < st->n && st->entries[st->printed].done) {
		human_verdict(st->out, &st->entries[st->printed].result, &st->style);
		st->printed++;
	}
	fflush(st->out);
}

static void fill_result(struct run_state *st, struct entry *e, const struct exec_outcome *oc,
			double seconds)
{
	const struct deviation *d = deviations_lookup(st->dev, e->test->name, st->impl);
	struct test_result *r = &e->result;
	struct exec_outcome with_hint = *oc;
	char hint[200];

	if (e->log_path && oc->status != EXEC_UNMET && oc->status != EXEC_UNCHECKABLE) {
		r->log_path = e->log_path;
		r->log_text = read_log(e->log_path);
	}
	if (r->log_text) {
		log_hint(r->log_text, hint, sizeof(hint));
		with_hint.log_hint = hint[0] ? hint : NULL;
	}
	r->cls = result_classify(&with_hint, d, r->message, sizeof(r->message));
	r->seconds = seconds;
	if (oc->status == EXEC_RAN) {
		r->code = oc->run->code;
		r->nexits = oc->run->nexits;
		r->reports = oc->run->reports;
		r->nreports = oc->run->nreports;
		snprintf(r->last_exit, sizeof(r->last_exit), "%s", oc->run->last_exit);
	}
	e->done = 1;
}

static void job_done(struct exec_job *job, void *arg)
{
	struct run_state *st = arg;
	struct entry *e = &st->entries[st->job_entry[job - st->jobs]];

	fill_result(st, e, &job->outcome, job->seconds);
	print_ready(st);
}

static int mkdir_p(const char *dir)
{
	char *copy = strdup(dir);
	int r = 0;

	if (!copy)
		return -1;
	for (char *p = copy + 1; *p && r == 0; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(copy, 0755) < 0 && errno != EEXIST)
			r = -1;
		*p = '/';
	}
	if (r == 0 && mkdir(copy, 0755) < 0 && errno != EEXIST)
		r = -1;
	free(copy);
	return r;
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

/* Runs the selected tests and writes every report; returns the exit code. */
static int run_suite(const struct test_opts *o, const struct manifest *m,
		     const struct deviations *dev, struct entry *entries, size_t n)
{
	struct env_line env[MAX_ENV_LINES];
	struct run_state st = { .entries = entries, .n = n, .dev = dev };
	struct host_env h;
	struct suite_report rep = { .results = NULL };
	struct result_counts counts;
	char stamp[32], host[256] = "unknown", why[256];
	FILE *tap = NULL, *junit = NULL;
	size_t njobs = 0;
	int code = 0, tap_err = 0, junit_err = 0;
	struct timespec t0, t1;
	time_t wall = time(NULL);
	struct test_result *results;

	if (mkdir_p(o->log_dir) < 0) {
		fprintf(stderr, "uvmm test: cannot create %s: %s\n", o->log_dir, strerror(errno));
		return UVMM_EXIT_HOST_ERROR;
	}
	if ((o->tap && !(tap = open_report(o->tap))) || (o->junit && !(junit = open_report(o->junit)))) {
		close_report(tap, o->tap, 0);
		return UVMM_EXIT_HOST_ERROR;
	}
	st.out = tap == stdout || junit == stdout ? stderr : stdout;
	st.style = (struct human_style){ isatty(fileno(st.out)), o->verbose };
	clock_gettime(CLOCK_MONOTONIC, &t0);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", localtime(&wall));
	gethostname(host, sizeof(host) - 1);
	host_env_probe(&h, o->kvm, o->impl);
	st.impl = h.impl;
	rep.nenv = host_env_lines(&h, m, env, MAX_ENV_LINES);
	rep.env = env;
	human_header(st.out, env, rep.nenv, n, o->jobs);

	st.jobs = calloc(n, sizeof(*st.jobs));
	st.job_entry = calloc(n, sizeof(*st.job_entry));
	results = calloc(n, sizeof(*results));
	if (!st.jobs || !st.job_entry || !results) {
		fprintf(stderr, "uvmm test: out of memory\n");
		code = UVMM_EXIT_HOST_ERROR;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct entry *e = &entries[i];
		enum req_state rs = host_env_check_test(&h, e->test, why, sizeof(why));

		e->result.name = e->test->name;
		e->result.group = e->test->ngroups ? e->test->groups[0] : NULL;
		e->result.code = -1;
		if (asprintf(&e->log_path, "%s/%s.log", o->log_dir, e->test->name) < 0)
			e->log_path = NULL;
		if (rs != REQ_MET || !e->log_path) {
			struct exec_outcome oc = {
				.status = !e->log_path ? EXEC_LAUNCH_FAILED
					  : rs == REQ_UNMET ? EXEC_UNMET : EXEC_UNCHECKABLE,
				.detail = !e->log_path ? "out of memory" : why,
			};
			if (e->log_path)
				unlink(e->log_path); /* a stale log would belong to another run */
			fill_result(&st, e, &oc, 0);
			continue;
		}
		const struct deviation *known = deviations_lookup(st.dev, e->test->name, st.impl);

		if (prepare_job(o, e, &st.jobs[njobs], known && known->hangs ? known->limit : 0) < 0) {
			struct exec_outcome oc = { .status = EXEC_LAUNCH_FAILED, .detail = "out of memory" };
			fill_result(&st, e, &oc, 0);
			continue;
		}
		st.job_entry[njobs++] = i;
	}
	print_ready(&st);
	suite_exec_run(st.jobs, njobs, o->jobs, job_done, &st);
	print_ready(&st);

	clock_gettime(CLOCK_MONOTONIC, &t1);
	for (size_t i = 0; i < n; i++)
		results[i] = entries[i].result;
	rep.results = results;
	rep.n = n;
	rep.seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	rep.timestamp = stamp;
	rep.hostname = host;
	if (tap)
		tap_err = tap_write(tap, &rep);
	if (junit)
		junit_err = junit_write(junit, &rep);
	human_summary(st.out, &rep, &st.style);
	result_count(&counts, results, n);
	code = result_exit_code(&counts) ? EXIT_SUITE_FAILED : UVMM_EXIT_PASS;
	if (close_report(tap, o->tap, tap_err) < 0 || close_report(junit, o->junit, junit_err) < 0)
		code = code ? code : UVMM_EXIT_HOST_ERROR;
	tap = junit = NULL;
out:
	close_report(tap, o->tap, 0);
	close_report(junit, o->junit, 0);
	suite_exec_free(st.jobs, njobs);
	free(st.jobs);
	free(st.job_entry);
	free(results);
	host_env_free(&h);
	return code;
}

static void free_entries(struct entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(e[i].image);
		free(e[i].expect);
		free(e[i].log_path);
		free((char *)e[i].result.log_text);
	}
	free(e);
}

int cli_test(int argc, char **argv)
{
	struct test_opts o = { 0 };
	struct manifest m = { 0 };
	struct deviations d = { 0 };
	struct entry *entries = NULL;
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
	} else if (select_tests(&o, &m, &entries, &n) < 0) {
		r = UVMM_EXIT_USAGE;
	} else if (o.list) {
		list_tests(entries, n);
		r = UVMM_EXIT_PASS;
	} else {
		r = run_suite(&o, &m, &d, entries, n);
	}
	free_entries(entries, n);
	deviations_free(&d);
	manifest_free(&m);
	for (int i = 0; i < 4; i++)
		free(paths[i]);
	free(dir);
	return r;
}
