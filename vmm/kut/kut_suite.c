#include "kut/kut_suite.h"

#include <stdlib.h>
#include <string.h>

#include "kut/kut_verdict.h"
#include "suite/report_junit.h"
#include "uvmm/abi.h"

int kut_suite_init(struct kut_suite *k, struct kut_plan *plan, const struct deviations *dev)
{
	memset(k, 0, sizeof(*k));
	k->plan = plan;
	k->dev = dev;
	k->entries = calloc(plan->n ? plan->n : 1, sizeof(*k->entries));
	k->reports = calloc(plan->n ? plan->n : 1, sizeof(*k->reports));
	if (!k->entries || !k->reports)
		return -1;
	for (size_t i = 0; i < plan->n; i++) {
		struct kut_planned *p = &plan->p[i];
		struct suite_entry *e = &k->entries[i];

		e->test = &plan->m.tests[i];
		e->extra = (struct suite_extra){
			.cmdline = p->cmdline, .initrd_text = p->env.len ? sb_str(&p->env) : NULL,
			.initrd_len = p->env.len, .no_check = 1, .skip = p->skip[0] ? p->skip : NULL,
		};
	}
	return 0;
}

void kut_suite_free(struct kut_suite *k)
{
	for (size_t i = 0; k->reports && i < k->plan->n; i++)
		free(k->reports[i]);
	free(k->reports);
	k->reports = NULL;
	/* The entries' own buffers (paths, logs) are the runner's. */
	suite_entries_free(k->entries, k->plan ? k->plan->n : 0);
	k->entries = NULL;
}

static void classify(void *arg, struct suite_entry *e, const struct exec_outcome *oc,
		     const struct deviation *dev, const char *impl)
{
	struct kut_suite *k = arg;
	struct test_result *r = &e->result;
	struct kut_verdict v;
	size_t i = (size_t)(e - k->entries);

	if (oc->status != EXEC_RAN)
		return; /* never ran, killed, crashed: the suite's verdict stands */
	if (kut_judge(e->test->name, oc->run, r->cls, r->message, r->log_text ? r->log_text : "",
		      dev, k->dev, impl, &v) < 0) {
		k->oom = 1;
		r->cls = RC_ERROR;
		snprintf(r->message, sizeof(r->message), "out of memory while reading the log");
		return;
	}
	r->cls = v.cls;
	memcpy(r->message, v.message, sizeof(r->message));
	r->reports = v.reports;
	r->nreports = v.nreports;
	free(k->reports[i]);
	k->reports[i] = v.reports;
}

void kut_suite_hook(struct kut_suite *k, struct suite_opts *o)
{
	o->classify = classify;
	o->classify_arg = k;
}

static enum result_class report_class(int result)
{
	return result == UVMM_RESULT_PASS ? RC_PASS : result == UVMM_RESULT_SKIP ? RC_SKIP
	       : result == REPORT_TODO ? RC_XFAIL : result == REPORT_XPASS ? RC_XPASS : RC_FAIL;
}

int kut_junit_write(FILE *f, const struct suite_report *r)
{
	struct suite_report x = *r;
	struct test_result *all;
	size_t n = 0, total = r->n;
	int rc;

	for (size_t i = 0; i < r->n; i++)
		total += r->results[i].nreports;
	all = calloc(total ? total : 1, sizeof(*all));
	if (!all)
		return -1;
	for (size_t i = 0; i < r->n; i++) {
		const struct test_result *t = &r->results[i];

		all[n++] = *t;
		for (unsigned k = 0; k < t->nreports; k++) {
			const struct session_report *rep = &t->reports[k];
			struct test_result *s = &all[n++];

			memset(s, 0, sizeof(*s));
			s->name = rep->name;
			s->group = t->name;
			s->cls = report_class(rep->result);
			s->code = -1;
			snprintf(s->message, sizeof(s->message), "%s", rep->reason[0] ? rep->reason
				 : s->cls == RC_FAIL ? "FAIL" : "");
		}
	}
	x.results = all;
	x.n = n;
	rc = junit_write(f, &x);
	free(all);
	return rc;
}
