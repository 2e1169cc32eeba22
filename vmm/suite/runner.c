#include "suite/runner.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "loader/elf_load.h"
#include "loader/image_file.h"
#include "suite/exec.h"
#include "suite/interrupt.h"
#include "suite/progress.h"
#include "suite/test_log.h"
#include "util/clock.h"
#include "util/errmsg.h"
#include "util/path.h"

/* A job's overrides: the manifest's options, --vfio-rebind, one timeout. */
_Static_assert(MANIFEST_MAX_OPTIONS + 2 <= RUN_MAX_OVERRIDES, "a job's overrides must fit");

#define HARD_LIMIT_MARGIN 5.0 /* seconds the child's own watchdog gets to report first */

struct run_state {
	struct suite_entry *entries;
	size_t n, printed;
	struct exec_job *jobs;
	size_t *job_entry;         /* index of each job's entry */
	const struct deviations *dev;
	const char *impl;
	const char *iommu;       /* the platform's IOMMU, the deviations' second key */
	const struct suite_opts *o;
	struct progress progress;  /* o->live */
	const char **running;      /* names of the tests running now (o->jobs slots) */
	size_t nrunning;
	const char *last_done;     /* the test that finished last */
};

/* The time limit the child's watchdog will use, by the same precedence rule
 * as the run itself; an unreadable image or a bad OPTIONS note still gets
 * the overrides (the child reports what is wrong with the image). */
static double effective_timeout(const struct suite_entry *e, const struct run_request *req)
{
	enum run_options_source from;
	struct run_options ro;
	uint8_t *buf = NULL;
	size_t len = 0;
	char err[128];

	if (!e->test->flat && image_read_file(e->image, &buf, &len, err, sizeof(err)) < 0)
		buf = NULL;
	if (run_options_resolve(&ro, buf, len, req->overrides, req->noverrides, &from, err,
				sizeof(err)) < 0 &&
	    run_options_resolve(&ro, NULL, 0, req->overrides, req->noverrides, &from, err,
				sizeof(err)) < 0)
		run_options_default(&ro);
	free(buf);
	return ro.timeout;
}

/* dev_limit: a known hang's TIMEOUT=SEC on this implementation (0: none). */
static int prepare_job(const struct suite_opts *o, struct suite_entry *e, struct exec_job *job,
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
	req->expect_only = t->expect_only;
	req->cmdline = t->cmdline;
	req->kvm_path = o->kvm;
	req->no_sandbox = o->no_sandbox;
	if (e->extra.cmdline)
		req->cmdline = e->extra.cmdline;
	req->initrd_text = e->extra.initrd_text;
	req->initrd_len = e->extra.initrd_len;
	req->no_check = e->extra.no_check;
	if (o->backend) {
		job->run_fn = o->backend->run;
		job->run_arg = o->backend->arg;
	}
	for (unsigned i = 0; i < t->noptions; i++)
		req->overrides[req->noverrides++] = t->options[i];
	if (o->vfio_api) {
		snprintf(e->api_override, sizeof(e->api_override), "vfio_api=%s", o->vfio_api);
		req->overrides[req->noverrides++] = e->api_override;
	}
	if (o->vfio_rebind)
		req->overrides[req->noverrides++] = "vfio_rebind=1";
	if (o->timeout) {
		snprintf(e->timeout_override, sizeof(e->timeout_override), "timeout=%s", o->timeout);
		req->overrides[req->noverrides++] = e->timeout_override;
	}
	timeout = effective_timeout(e, req);
	if (!o->timeout && dev_limit > 0 && (timeout <= 0 || dev_limit < timeout)) {
		snprintf(e->timeout_override, sizeof(e->timeout_override), "timeout=%g", dev_limit);
		req->overrides[req->noverrides++] = e->timeout_override;
		timeout = dev_limit;
	}
	job->hard_limit = timeout > 0 ? timeout + HARD_LIMIT_MARGIN : 0;
	return 0;
}

static void print_ready(struct run_state *st)
{
	while (st->printed < st->n && st->entries[st->printed].done) {
		const struct test_result *r = &st->entries[st->printed].result;
		if (!st->o->live || result_class_fails_suite(r->cls)) {
			progress_clear(&st->progress);
			human_verdict(st->o->out, r, &st->o->style);
		}
		st->printed++;
	}
	if (st->o->live)
		progress_draw(&st->progress, st->running, st->nrunning);
	fflush(st->o->out);
}

static void fill_result(struct run_state *st, struct suite_entry *e, const struct exec_outcome *oc,
			double seconds)
{
	const struct deviation *d = deviations_lookup_host(st->dev, e->test->name, st->impl, st->iommu);
	struct test_result *r = &e->result;
	struct exec_outcome with_hint = *oc;
	char hint[200];

	if (e->log_path && oc->status != EXEC_UNMET && oc->status != EXEC_UNCHECKABLE) {
		r->log_path = e->log_path;
		r->log_text = test_log_read(e->log_path);
	}
	if (r->log_text) {
		test_log_hint(r->log_text, hint, sizeof(hint));
		with_hint.log_hint = hint[0] ? hint : NULL;
	}
	r->cls = result_classify(&with_hint, d, r->message, sizeof(r->message));
	r->seconds = seconds;
	r->deviation = d;
	if (oc->status == EXEC_RAN) {
		r->code = oc->run->code;
		r->nexits = oc->run->nexits;
		r->reports = oc->run->reports;
		r->nreports = oc->run->nreports;
		r->values = oc->run->values;
		r->nvalues = oc->run->nvalues;
		r->boot_seconds = oc->run->boot_seconds;
		snprintf(r->last_exit, sizeof(r->last_exit), "%s", oc->run->last_exit);
	}
	if (st->o->classify)
		st->o->classify(st->o->classify_arg, e, &with_hint, d, st->impl);
	e->done = 1;
	st->progress.done++;
	st->progress.failed += result_class_fails_suite(r->cls) != 0;
	st->last_done = e->test->name;
}

static void job_start(struct exec_job *job, void *arg)
{
	struct run_state *st = arg;

	if (st->nrunning < st->o->jobs)
		st->running[st->nrunning++] = job->name;
	if (st->o->live)
		progress_draw(&st->progress, st->running, st->nrunning);
}

static void job_done(struct exec_job *job, void *arg)
{
	struct run_state *st = arg;
	struct suite_entry *e = &st->entries[st->job_entry[job - st->jobs]];

	for (size_t i = 0; i < st->nrunning; i++)
		if (st->running[i] == job->name) {
			memmove(&st->running[i], &st->running[i + 1],
				(st->nrunning - i - 1) * sizeof(st->running[0]));
			st->nrunning--;
			break;
		}
	fill_result(st, e, &job->outcome, job->seconds);
	print_ready(st);
}

static void job_tick(void *arg)
{
	struct run_state *st = arg;

	progress_draw(&st->progress, st->running, st->nrunning);
}

/* A test whose requirements are not met (or that cannot be set up) gets
 * its result now; the others become jobs. Returns the number of jobs. */
static size_t plan(struct run_state *st, struct host_env *h)
{
	const struct suite_opts *o = st->o;
	size_t njobs = 0;
	char why[256];

	for (size_t i = 0; i < st->n; i++) {
		struct suite_entry *e = &st->entries[i];
		enum req_state rs = e->extra.skip ? REQ_UNMET
				    : o->backend ? REQ_MET
				    : host_env_check_test(h, e->test, why, sizeof(why));
		const struct deviation *known;

		if (rs == REQ_MET)
			rs = host_env_check_vfio_api(e->test, o->vfio_api, why, sizeof(why));
		e->result.name = e->test->name;
		e->result.group = e->test->ngroups ? e->test->groups[0] : NULL;
		e->result.groups = (const char *const *)e->test->groups;
		e->result.ngroups = e->test->ngroups;
		e->result.code = -1;
		if (asprintf(&e->log_path, "%s/%s.log", o->log_dir, e->test->name) < 0)
			e->log_path = NULL;
		if (rs != REQ_MET || !e->log_path) {
			struct exec_outcome oc = {
				.status = !e->log_path ? EXEC_LAUNCH_FAILED
					  : rs == REQ_UNMET ? EXEC_UNMET : EXEC_UNCHECKABLE,
				.detail = !e->log_path ? "out of memory" : e->extra.skip ? e->extra.skip : why,
			};
			if (e->log_path)
				unlink(e->log_path); /* a stale log would belong to another run */
			fill_result(st, e, &oc, 0);
			continue;
		}
		known = deviations_lookup_host(st->dev, e->test->name, st->impl, st->iommu);
		if (prepare_job(o, e, &st->jobs[njobs], known && known->hangs ? known->limit : 0) < 0) {
			struct exec_outcome oc = { .status = EXEC_LAUNCH_FAILED, .detail = "out of memory" };
			fill_result(st, e, &oc, 0);
			continue;
		}
		st->job_entry[njobs++] = i;
	}
	return njobs;
}

/* The results of the tests that finished, in manifest order, and what
 * stopped the others. */
static int collect(struct run_state *st, int interrupted, struct suite_run *run, size_t njobs)
{
	size_t k = 0, nstopped = 0;

	for (size_t i = 0; i < st->n; i++)
		if (st->entries[i].done)
			run->results[k++] = st->entries[i].result;
	run->report.n = k;
	if (!interrupted)
		return 0;
	run->stopped = calloc(njobs ? njobs : 1, sizeof(*run->stopped));
	if (!run->stopped)
		return -1;
	for (size_t j = 0; j < njobs; j++)
		if (st->jobs[j].state == EXEC_JOB_STOPPED)
			run->stopped[nstopped++] = st->jobs[j].name;
	run->interruption = (struct suite_interruption){
		.signo = suite_interrupt_signal(), .after = st->last_done, .done = k, .total = st->n,
		.running = run->stopped, .nrunning = nstopped,
	};
	run->report.interrupted = &run->interruption;
	return 0;
}

int suite_run(const struct suite_opts *o, const struct manifest *m, const struct deviations *dev,
	      struct suite_entry *entries, size_t n, struct suite_run *run, char *err, size_t errlen)
{
	struct run_state st = { .entries = entries, .n = n, .dev = dev, .o = o };
	struct exec_hooks hooks = { .on_start = job_start, .on_done = job_done,
				    .on_tick = o->live ? job_tick : NULL, .tick_ms = 250, .arg = &st };
	time_t wall = time(NULL);
	double t0 = now_seconds();
	size_t njobs, nenv;
	int interrupted;

	memset(run, 0, sizeof(*run));
	snprintf(run->hostname, sizeof(run->hostname), "unknown");
	if (mkdir_p(o->log_dir) < 0)
		return errmsg(err, errlen, "cannot create %s: %s", o->log_dir, strerror(errno));
	strftime(run->stamp, sizeof(run->stamp), "%Y-%m-%dT%H:%M:%S", localtime(&wall));
	gethostname(run->hostname, sizeof(run->hostname) - 1);
	if (o->backend) {
		st.impl = o->impl ? o->impl : o->backend->impl;
		nenv = o->backend->env(o->backend->arg, run->env, SUITE_MAX_ENV_LINES);
	} else {
		host_env_probe(&run->host, o->kvm, o->impl);
		st.impl = run->host.impl;
		st.iommu = run->host.iommu;
		nenv = host_env_lines(&run->host, m, run->env, SUITE_MAX_ENV_LINES);
	}
	human_header(o->out, run->env, nenv, n, o->jobs);
	progress_init(&st.progress, o->out, o->columns, n);

	st.jobs = calloc(n ? n : 1, sizeof(*st.jobs));
	st.job_entry = calloc(n ? n : 1, sizeof(*st.job_entry));
	st.running = calloc(o->jobs ? o->jobs : 1, sizeof(*st.running));
	run->results = calloc(n ? n : 1, sizeof(*run->results));
	if (!st.jobs || !st.job_entry || !st.running || !run->results) {
		free(st.jobs);
		free(st.job_entry);
		free(st.running);
		return errmsg(err, errlen, "out of memory");
	}
	njobs = plan(&st, &run->host);
	print_ready(&st);
	interrupted = suite_exec_run_hooks(st.jobs, njobs, o->jobs, &hooks);
	print_ready(&st);
	progress_clear(&st.progress);
	fflush(o->out);

	run->report = (struct suite_report){ .env = run->env, .nenv = nenv,
					     .results = run->results, .seconds = now_seconds() - t0,
					     .timestamp = run->stamp, .hostname = run->hostname,
					     .host = &run->host, .jobs = o->jobs };
	/* The results' guest reports point into the jobs' run_results: they
	 * live as long as the run (suite_run_free). */
	run->jobs = st.jobs;
	run->njobs = njobs;
	free(st.job_entry);
	free(st.running);
	if (collect(&st, interrupted, run, njobs) < 0)
		return errmsg(err, errlen, "out of memory");
	return 0;
}

void suite_run_free(struct suite_run *run)
{
	free(run->results);
	free(run->stopped);
	if (run->jobs)
		suite_exec_free(run->jobs, run->njobs);
	free(run->jobs);
	run->results = NULL;
	run->stopped = NULL;
	run->jobs = NULL;
	host_env_free(&run->host);
}

void suite_entries_free(struct suite_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(e[i].image);
		free(e[i].expect);
		free(e[i].log_path);
		free((char *)e[i].result.log_text);
	}
	free(e);
}
