/* Skip reasons come in the order KUT's runner checks (arch, accel, check),
 * then what uvmm cannot express (QEMU options, CPU models, sizes). The
 * entry's own timeout wins over KUT's 90 s default, --timeout over both. */
#include "kut/kut_plan.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kut/kut_qemu.h"
#include "kut/kut_request.h"
#include "loader/multiboot.h"
#include "machine/guest_mem.h"
#include "machine/vm.h"
#include "util/errmsg.h"
#include "util/num.h"
#include "util/path.h"

/* Records why p is not run; returns 0 (not an error: the entry is SKIP). */
__attribute__((format(printf, 2, 3)))
static int skipf(struct kut_planned *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->skip, sizeof(p->skip), fmt, ap);
	va_end(ap);
	return 0;
}

static int name_matches(char *const *names, int n, const struct kut_entry *e)
{
	for (int i = 0; i < n; i++)
		if (fnmatch(names[i], e->name, 0) == 0)
			return 1;
	return 0;
}

int kut_plan_select(const struct kut_cfg *c, char *const *names, int nnames, const char *group,
		    const struct kut_entry **out, size_t *nout, char *err, size_t errlen)
{
	size_t n = 0;

	for (int i = 0; i < nnames; i++) {
		size_t k;
		for (k = 0; k < c->n && fnmatch(names[i], c->e[k].name, 0); k++)
			;
		if (k == c->n)
			return errmsg(err, errlen, "no entry matches '%s' (see uvmm kut --list)", names[i]);
	}
	for (size_t i = 0; i < c->n; i++) {
		const struct kut_entry *e = &c->e[i];
		int named = nnames && name_matches(names, nnames, e);

		if (nnames && !named)
			continue;
		if (group && !kut_entry_in_group(e, group))
			continue;
		if (!named && !(group && !strcmp(group, "nodefault")) && kut_entry_in_group(e, "nodefault"))
			continue;
		out[n++] = e;
	}
	if (group && !n)
		return errmsg(err, errlen, "no entry is in group '%s'", group);
	*nout = n;
	return 0;
}

/* check = PATH=VALUE ...: each file must hold VALUE (KUT: "$(cat PATH)",
 * trailing newlines dropped). Read with stdio: sysfs files claim a size
 * they do not have. */
static void check_params(struct kut_planned *p, const char *check)
{
	char buf[512], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", check);
	for (char *w = strtok_r(buf, " \t", &save); w && !p->skip[0]; w = strtok_r(NULL, " \t", &save)) {
		char *eq = strchr(w, '='), text[256];
		FILE *f;
		size_t len;

		if (!eq || eq == w) {
			skipf(p, "check '%.60s' is not PATH=VALUE", w);
			break;
		}
		*eq = 0;
		if (!(f = fopen(w, "re"))) {
			skipf(p, "check: %.100s: %s", w, strerror(errno));
			break;
		}
		len = fread(text, 1, sizeof(text) - 1, f);
		fclose(f);
		while (len && text[len - 1] == '\n')
			len--;
		text[len] = 0;
		if (strcmp(text, eq + 1))
			skipf(p, "check: %.100s is '%.40s', needs '%.60s'", w, text, eq + 1);
	}
}

/* The guest's arguments: test_args as the shell would give them, or the
 * -append of qemu_params, which QEMU takes as the last -append. */
static int command_line(struct kut_planned *p, const char *image, const struct kut_machine *km,
			const struct kut_plan_opts *o, char *err, size_t errlen)
{
	char args[MULTIBOOT_CMDLINE_MAX], line[MULTIBOOT_CMDLINE_MAX], why[160];
	struct kut_words w;

	args[0] = 0;
	if (km->append[0]) {
		snprintf(args, sizeof(args), "%s", km->append);
	} else if (p->e->test_args) {
		if (kut_words_split(p->e->test_args, o->subst, o->subst_ctx, &w, why, sizeof(why)) < 0) {
			kut_words_free(&w);
			return skipf(p, "test_args %.200s", why);
		}
		if (kut_words_join(&w, 0, args, sizeof(args)) < 0) {
			kut_words_free(&w);
			return errmsg(err, errlen, "[%s]: test_args are too long", p->e->name);
		}
		kut_words_free(&w);
	}
	if (kut_cmdline(line, sizeof(line), image, args, why, sizeof(why)) < 0)
		return errmsg(err, errlen, "[%s]: %s", p->e->name, why);
	p->cmdline = strdup(line);
	return p->cmdline ? 0 : errmsg(err, errlen, "out of memory");
}

static int add_option(struct manifest_test *t, const char *fmt, const char *value)
{
	char *opt;

	if (t->noptions == MANIFEST_MAX_OPTIONS || asprintf(&opt, fmt, value) < 0)
		return -1;
	t->options[t->noptions++] = opt;
	return 0;
}

/* The suite's view of the entry: image, groups, run options, requirements. */
static int fill_test(struct manifest_test *t, const struct kut_entry *e, const char *image,
		     unsigned smp, uint64_t mem, double timeout, const struct kut_machine *km)
{
	char num[32];
	int r = 0;

	t->name = strdup(e->name);
	t->image = strdup(image);
	t->line = e->line;
	if (!t->name || !t->image)
		return -1;
	for (unsigned g = 0; g < e->ngroups; g++)
		if (!(t->groups[t->ngroups++] = strdup(e->groups[g])))
			return -1;
	for (unsigned i = 0; i < kut_run_noverrides; i++)
		r |= add_option(t, "%s", kut_run_overrides[i]);
	snprintf(num, sizeof(num), "%u", smp);
	r |= add_option(t, "cpus=%s", num);
	snprintf(num, sizeof(num), "%llu", (unsigned long long)mem);
	r |= add_option(t, "mem=%s", num);
	snprintf(num, sizeof(num), "%g", timeout);
	r |= add_option(t, "timeout=%s", num);
	t->has_timeout = 1;
	t->timeout = timeout;
	if (km->cpu[0])
		r |= add_option(t, "cpu=%s", km->cpu);
	for (unsigned i = 0; i < km->nrequires && t->nrequires < MANIFEST_MAX_REQUIRES; i++) {
		t->requires[t->nrequires] = (struct requirement){ REQ_CPU, 0, strdup(km->requires[i]) };
		if (!t->requires[t->nrequires++].arg)
			return -1;
	}
	return r;
}

/* What uvmm cannot run, in KUT's runner's order, then uvmm's limits. */
static int plan_one(struct kut_planned *p, struct manifest_test *t, const struct kut_plan_opts *o,
		    char *err, size_t errlen)
{
	const struct kut_entry *e = p->e;
	struct kut_machine km;
	struct kut_words w = { 0 };
	char *image = path_join(o->dir, e->file), why[200], size[32];
	unsigned smp = e->smp;
	uint64_t mem = (uint64_t)KUT_DEFAULT_MEM_MIB << 20;
	double timeout = e->has_timeout ? e->timeout : KUT_DEFAULT_TIMEOUT;
	int r = -1;

	memset(&km, 0, sizeof(km));
	if (!image)
		return errmsg(err, errlen, "out of memory");
	if (e->qemu_params && kut_words_split(e->qemu_params, NULL, NULL, &w, why, sizeof(why)) < 0)
		skipf(p, "qemu_params %.200s", why);
	else if (kut_qemu_params(&w, &km, why, sizeof(why)) < 0) {
		errmsg(err, errlen, "[%s]: qemu_params: %s", e->name, why);
		goto out;
	}
	if (km.smp)
		smp = km.smp;
	if (km.mem)
		mem = km.mem;
	if (o->timeout && num_seconds("--timeout", o->timeout, 0.001, 86400, &timeout, why,
				      sizeof(why)) < 0) {
		errmsg(err, errlen, "%s", why);
		goto out;
	}
	if (timeout <= 0)
		timeout = 86400; /* timeout(1)'s 0 is "none"; uvmm's limit is a day */
	num_size_text(mem, size, sizeof(size));
	if (e->arch && strcmp(e->arch, "x86_64"))
		skipf(p, "arch = %.40s (uvmm runs kvm-unit-tests' x86_64 build)", e->arch);
	else if (e->accel && strcmp(e->accel, "kvm"))
		skipf(p, "accel = %.40s (needs QEMU's own accelerator)", e->accel);
	else if (e->check)
		check_params(p, e->check);
	if (p->skip[0])
		;
	else if (e->machine)
		skipf(p, "needs QEMU machine type %.60s", e->machine);
	else if (e->disabled_if)
		skipf(p, "disabled_if = %.200s is a shell condition uvmm does not evaluate", e->disabled_if);
	else if (km.skip[0])
		skipf(p, "%s", km.skip);
	else if (smp > VM_MAX_VCPUS)
		skipf(p, "needs %u vCPUs; uvmm offers at most %d", smp, VM_MAX_VCPUS);
	else if (mem < GUEST_MEM_MIN || mem > GUEST_MEM_MAX || mem % 4096)
		skipf(p, "needs %s of RAM; uvmm offers 2M to 64G in 4 KiB steps", size);
	else if (mem > o->host_ram)
		skipf(p, "needs %s of RAM, more than this host has", size);
	if (!p->skip[0] && command_line(p, image, &km, o, err, errlen) < 0)
		goto out;
	if (!p->skip[0] && kut_environment(&p->env, smp, mem, o->errata, err, errlen) < 0)
		goto out;
	if (fill_test(t, e, image, smp, mem, timeout, &km) < 0) {
		errmsg(err, errlen, "[%s]: out of memory", e->name);
		goto out;
	}
	r = 0;
out:
	kut_words_free(&w);
	free(image);
	return r;
}

int kut_plan_build(struct kut_plan *plan, const struct kut_entry *const *sel, size_t n,
		   const struct kut_plan_opts *o, char *err, size_t errlen)
{
	memset(plan, 0, sizeof(*plan));
	plan->m.tests = calloc(n ? n : 1, sizeof(*plan->m.tests));
	plan->p = calloc(n ? n : 1, sizeof(*plan->p));
	if (!plan->m.tests || !plan->p)
		return errmsg(err, errlen, "out of memory");
	for (size_t i = 0; i < n; i++) {
		plan->p[i].e = sel[i];
		plan->p[i].env.dyn = 1;
		plan->m.ntests = plan->n = i + 1;
		if (plan_one(&plan->p[i], &plan->m.tests[i], o, err, errlen) < 0)
			return -1;
	}
	return 0;
}

void kut_plan_free(struct kut_plan *plan)
{
	for (size_t i = 0; i < plan->n; i++) {
		free(plan->p[i].cmdline);
		free(plan->p[i].env.buf);
	}
	free(plan->p);
	manifest_free(&plan->m);
	plan->p = NULL;
	plan->n = 0;
}
