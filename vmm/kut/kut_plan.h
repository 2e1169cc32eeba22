/* From unittests.cfg entries to the suite's tests: which entries run (names,
 * groups, nodefault), and for each the uvmm run it becomes (options, CPUID
 * requirements, command line, environment) or why it is skipped. */
#ifndef UVMM_KUT_KUT_PLAN_H
#define UVMM_KUT_KUT_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "kut/kut_cfg.h"
#include "kut/kut_words.h"
#include "suite/manifest.h"
#include "util/sbuf.h"

struct kut_plan_opts {
	const char *dir;          /* the cfg's directory: `file` resolves against it */
	const char *errata;       /* errata file for ERRATA_* (NULL: none) */
	const char *timeout;      /* --timeout SEC: every entry's limit (NULL: the cfg's) */
	uint64_t host_ram;        /* bytes of host RAM: a guest gets at most that */
	kut_subst_fn subst;       /* runs `...` in test_args (NULL: such entries skip) */
	void *subst_ctx;
};

struct kut_planned {
	const struct kut_entry *e;
	char *cmdline;            /* "FILE ARGS" (malloc'd) */
	struct sbuf env;          /* the environment module */
	char skip[320];           /* "": run it */
};

struct kut_plan {
	struct manifest m;        /* one test per selected entry, in cfg order */
	struct kut_planned *p;    /* parallel to m.tests */
	size_t n;
};

/* Selects entries: those named (globs) if any, those in group if given
 * (-g), never a "nodefault" entry unless named or its group is asked for.
 * Every name must match something. Returns 0, or -1 with a reason. */
int kut_plan_select(const struct kut_cfg *c, char *const *names, int nnames, const char *group,
		    const struct kut_entry **out, size_t *nout, char *err, size_t errlen);

/* Builds the plan of the selected entries. Returns 0, or -1 with a one-line
 * reason (a malformed value, an unreadable errata file, out of memory). */
int kut_plan_build(struct kut_plan *plan, const struct kut_entry *const *sel, size_t n,
		   const struct kut_plan_opts *o, char *err, size_t errlen);
void kut_plan_free(struct kut_plan *plan);

#endif
