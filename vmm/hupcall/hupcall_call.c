/* The registry and hypercall 13: every request is checked whole before uvmm
 * acts, the program is copied out of guest RAM once and verified on the copy,
 * and every answer, refusal included, is written back into the block's out. */
#include "hupcall/hupcall_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf/bpf_insn.h"
#include "util/errmsg.h"
#include "util/heapsort.h"

_Static_assert((int)EBPF_RULE_LOOP == UVMM_HU_RULE_LOOP && (int)EBPF_RULE_STACK == UVMM_HU_RULE_STACK &&
	       (int)EBPF_RULE_HELPER == UVMM_HU_RULE_HELPER && (int)EBPF_RULE_LENGTH == UVMM_HU_RULE_LENGTH,
	       "verifier rules in uvmm/abi.h follow enum ebpf_rule");
_Static_assert(sizeof(struct ebpf_insn) == 8, "a slot is 8 bytes");
_Static_assert(UVMM_HUPCALL_MAX_INSNS <= EBPF_MAX_INSNS, "the verifier takes hyperupcall programs");

/* Which region permission and which forms each event allows. */
static const struct {
	int write;    /* the program may write its region */
	int periodic; /* param is a period */
	int upcall;   /* may be an upcall instead of a program */
} rules[UVMM_HUPCALL_EVENTS] = {
	[UVMM_HUPCALL_EXIT] = { 1, 0, 0 },
	[UVMM_HUPCALL_RECLAIM] = { 0, 1, 1 },
	[UVMM_HUPCALL_IRQ_TARGET] = { 0, 0, 0 },
	[UVMM_HUPCALL_TIMER] = { 1, 1, 1 },
};

int hupcall_init(struct hupcall_set *hu, const struct hupcall_config *cfg)
{
	pthread_condattr_t ca;

	memset(hu, 0, sizeof(*hu));
	hu->cfg = *cfg;
	for (unsigned e = 0; e < UVMM_HUPCALL_EVENTS; e++) {
		hu->opts[e] = (struct ebpf_load_opts){ .max_insns = UVMM_HUPCALL_MAX_INSNS, .loop_free = 1 };
		hu->opts[e].helpers = hupcall_helpers_for(e, &hu->opts[e].nhelpers);
	}
	if (pthread_mutex_init(&hu->lock, NULL))
		return -1;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	if (pthread_cond_init(&hu->cond, &ca)) {
		pthread_condattr_destroy(&ca);
		pthread_mutex_destroy(&hu->lock);
		return -1;
	}
	pthread_condattr_destroy(&ca);
	return 0;
}

void hupcall_destroy(struct hupcall_set *hu)
{
	for (unsigned e = 0; e < UVMM_HUPCALL_EVENTS; e++)
		ebpf_prog_free(hu->reg[e].prog);
	pthread_cond_destroy(&hu->cond);
	pthread_mutex_destroy(&hu->lock);
}

/* ---- the answer ----------------------------------------------------------- */

struct call {
	struct hupcall_set *hu;
	const struct exit_event *ev;
	struct uvmm_hupcall_out out;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 3, 4)))
static int refuse(struct call *c, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verrmsg(c->err, c->errlen, fmt, ap);
	va_end(ap);
	return status;
}

static uint64_t arg(const struct call *c, unsigned i)
{
	return c->ev->args[i].num;
}

/* ---- REGISTER ------------------------------------------------------------- */

static int overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/* The verifier's own words, before a byte of a huge program is read. */
static int check_length(struct call *c, unsigned event, uint64_t nslots)
{
	if (nslots && nslots <= UVMM_HUPCALL_MAX_INSNS)
		return 0;
	c->out.rule = UVMM_HU_RULE_LENGTH;
	if (!nslots)
		return refuse(c, UVMM_HC_EACCES, "%s program: program: length: no instructions",
			      hupcall_event_names[event]);
	return refuse(c, UVMM_HC_EACCES, "%s program: program: length: %llu instruction slots, the "
		      "limit is %u", hupcall_event_names[event], (unsigned long long)nslots,
		      UVMM_HUPCALL_MAX_INSNS);
}

static int check_region(struct call *c, unsigned event, uint64_t prog, uint64_t nslots,
			uint64_t region, uint64_t len, uint64_t flags)
{
	const struct guest_mem *m = &c->hu->cfg.vm->mem;
	uint64_t max = m->size / UVMM_HUPCALL_REGION_DIVISOR;

	if ((flags & UVMM_HUPCALL_WRITE) && !rules[event].write)
		return refuse(c, UVMM_HC_EINVAL, "region: event %s does not allow a writable region",
			      hupcall_event_names[event]);
	if (len == 0)
		return refuse(c, UVMM_HC_EINVAL, "region: empty (a program gets one region of 1..%llu bytes)",
			      (unsigned long long)max);
	if (len > max)
		return refuse(c, UVMM_HC_EINVAL, "region: %llu bytes is more than 2%% of guest RAM (%llu bytes)",
			      (unsigned long long)len, (unsigned long long)max);
	if (!gpa_to_hva(m, region, len))
		return refuse(c, UVMM_HC_EFAULT, "region 0x%llx + %llu is outside guest RAM",
			      (unsigned long long)region, (unsigned long long)len);
	if (overlaps(region, len, prog, nslots * 8))
		return refuse(c, UVMM_HC_EINVAL, "region 0x%llx + %llu overlaps the program at 0x%llx + %llu",
			      (unsigned long long)region, (unsigned long long)len, (unsigned long long)prog,
			      (unsigned long long)nslots * 8);
	return 0;
}

static int check_form(struct call *c, unsigned event, uint64_t flags, uint64_t param)
{
	unsigned vector = (unsigned)(flags >> 8 & 0xff);

	if (flags & ~(uint64_t)UVMM_HUPCALL_FLAGS_KNOWN)
		return refuse(c, UVMM_HC_EINVAL, "flags 0x%llx: unknown bits 0x%llx", (unsigned long long)flags,
			      (unsigned long long)(flags & ~(uint64_t)UVMM_HUPCALL_FLAGS_KNOWN));
	if (flags & UVMM_HUPCALL_UPCALL) {
		if (!rules[event].upcall)
			return refuse(c, UVMM_HC_EINVAL, "event %s cannot be an upcall (timer and reclaim can)",
				      hupcall_event_names[event]);
		if (vector < 32)
			return refuse(c, UVMM_HC_EINVAL, "upcall: vector %u is not one of 32..255", vector);
		if (!c->hu->cfg.vm->irqchip)
			return refuse(c, UVMM_HC_EINVAL, "upcall: needs the in-kernel irqchip (irqchip=1)");
		if (flags & UVMM_HUPCALL_WRITE)
			return refuse(c, UVMM_HC_EINVAL, "upcall: has no region to write");
	} else if (vector) {
		return refuse(c, UVMM_HC_EINVAL, "flags 0x%llx: a vector without UVMM_HUPCALL_UPCALL",
			      (unsigned long long)flags);
	}
	if (rules[event].periodic && (param || event == UVMM_HUPCALL_TIMER) &&
	    (param < UVMM_HUPCALL_PERIOD_MIN_US || param > UVMM_HUPCALL_PERIOD_MAX_US))
		return refuse(c, UVMM_HC_EINVAL, "period %llu us is outside %u..%u us%s", (unsigned long long)param,
			      UVMM_HUPCALL_PERIOD_MIN_US, UVMM_HUPCALL_PERIOD_MAX_US,
			      event == UVMM_HUPCALL_TIMER ? "" : " (or 0: only when triggered)");
	if (event == UVMM_HUPCALL_RECLAIM && (flags & UVMM_HUPCALL_UPCALL) && !param)
		return refuse(c, UVMM_HC_EINVAL, "upcall: a reclaim upcall needs a period (uvmm asks)");
	if (event == UVMM_HUPCALL_RECLAIM && c->hu->cfg.dma_pinned)
		return refuse(c, UVMM_HC_EINVAL, "reclaim: a VFIO device maps guest RAM; pages cannot be discarded");
	return 0;
}

/* Copies the program out of guest RAM once and verifies the copy: another
 * vCPU rewriting it meanwhile changes nothing uvmm runs. */
static int load(struct call *c, unsigned event, uint64_t prog, uint64_t nslots,
		struct ebpf_prog **out)
{
	struct ebpf_insn *copy;
	struct ebpf_refusal why;

	copy = malloc(nslots * sizeof(*copy));
	if (!copy)
		return refuse(c, HUPCALL_HOST_ERROR, "out of memory");
	if (guest_read(&c->hu->cfg.vm->mem, prog, copy, nslots * 8) < 0) {
		free(copy);
		return refuse(c, UVMM_HC_EFAULT, "program 0x%llx + %llu slots is outside guest RAM",
			      (unsigned long long)prog, (unsigned long long)nslots);
	}
	*out = ebpf_prog_load(copy, nslots, &c->hu->opts[event], &why);
	free(copy);
	if (*out)
		return 0;
	if (why.rule == EBPF_RULE_NONE)
		return refuse(c, HUPCALL_HOST_ERROR, "%s", why.msg);
	c->out.pc = why.pc;
	c->out.rule = why.rule;
	return refuse(c, UVMM_HC_EACCES, "%s program: %s", hupcall_event_names[event], why.msg);
}

static int do_register(struct call *c, unsigned event)
{
	struct hupcall_set *hu = c->hu;
	struct hupcall_reg *r = &hu->reg[event];
	uint64_t prog = arg(c, 2), nslots = arg(c, 3), region = arg(c, 4), len = arg(c, 5);
	uint64_t flags = arg(c, 6), param = arg(c, 7);
	int upcall = (flags & UVMM_HUPCALL_UPCALL) != 0;
	struct ebpf_prog *p = NULL;
	struct ebpf_region reg;
	int st;

	if (r->active)
		return refuse(c, UVMM_HC_EBUSY, "event %s already has a %s (unregister it first)",
			      hupcall_event_names[event], r->prog ? "program" : "upcall");
	if (hu->registrations == UVMM_HUPCALL_MAX_REGISTRATIONS)
		return refuse(c, UVMM_HC_ENOSPC, "this run's %u registrations are used up",
			      UVMM_HUPCALL_MAX_REGISTRATIONS);
	if ((st = check_form(c, event, flags, param)))
		return st;
	if (upcall && (prog || nslots || region || len))
		return refuse(c, UVMM_HC_EINVAL, "upcall: prog, prog_len, region and region_len must be 0");
	if (!upcall && ((st = check_length(c, event, nslots)) ||
			(st = check_region(c, event, prog, nslots, region, len, flags)) ||
			(st = load(c, event, prog, nslots, &p))))
		return st;
	memset(r, 0, sizeof(*r));
	r->last_pc = -1;
	if (p) {
		reg = (struct ebpf_region){ .addr = region, .len = len,
					    .host = gpa_to_hva(&hu->cfg.vm->mem, region, len),
					    .perm = EBPF_READ | (flags & UVMM_HUPCALL_WRITE ? EBPF_WRITE : 0),
					    .name = "region" };
		if (ebpf_memmap_init(&r->mem, &reg, 1, c->err, c->errlen) < 0) {
			ebpf_prog_free(p);
			return UVMM_HC_EINVAL;
		}
	}
	r->prog = p;
	r->region = region;
	r->region_len = len;
	r->flags = (unsigned)flags;
	r->param = param;
	r->active = 1;
	hu->registrations++;
	hupcall_sched_set(hu, event, rules[event].periodic ? param : 0, upcall, (unsigned)(flags >> 8 & 0xff));
	return UVMM_HC_OK;
}

/* ---- the other operations ------------------------------------------------- */

static double median(uint64_t *v, unsigned n);

static void fill_status(struct call *c, unsigned event)
{
	struct hupcall_reg *r = &c->hu->reg[event];
	uint64_t lat[HUPCALL_LAT_SAMPLES];
	unsigned n;

	c->out.registered = (uint64_t)r->active;
	c->out.runs = r->runs;
	c->out.run_error = (uint64_t)r->last_error;
	c->out.r0 = r->last_r0;
	c->out.pc = r->last_pc;
	c->out.pages = r->last_pages;
	c->out.resident_before = (uint64_t)r->resident_before;
	c->out.resident_after = (uint64_t)r->resident_after;
	pthread_mutex_lock(&c->hu->lock);
	n = r->nlat;
	memcpy(lat, r->lat, n * sizeof(lat[0]));
	pthread_mutex_unlock(&c->hu->lock);
	c->out.median_ns = (uint64_t)median(lat, n);
	snprintf(c->out.msg, sizeof(c->out.msg), "%s", r->last_msg);
}

static int do_trigger(struct call *c, unsigned event)
{
	struct hupcall_set *hu = c->hu;
	struct hupcall_reg *r = &hu->reg[event];
	struct exit_event ev;
	uint64_t pages, r0;
	int run;

	if (event != UVMM_HUPCALL_RECLAIM)
		return refuse(c, UVMM_HC_EINVAL, "trigger: only reclaim can be raised by the guest");
	if (!r->active)
		return refuse(c, UVMM_HC_ENOENT, "trigger: event reclaim has no program");
	if (!r->prog)
		return refuse(c, UVMM_HC_EINVAL, "trigger: reclaim is an upcall: uvmm asks, on its period");
	run = hupcall_reclaim(hu, &pages, &r0, c->err, c->errlen);
	if (run == -2)
		return HUPCALL_HOST_ERROR;
	fill_status(c, event);
	hupcall_event(&ev, event, c->ev->vcpu, pages, run, r0);
	hupcall_queue_event(hu, c->ev->vcpu, &ev);
	return UVMM_HC_OK;
}

static int dispatch(struct call *c)
{
	uint64_t op = arg(c, 0), event = arg(c, 1);
	uint64_t pages;
	int rc;

	if (op >= UVMM_HUPCALL_OPS)
		return refuse(c, UVMM_HC_EINVAL, "op %llu is not one of 0..%u", (unsigned long long)op,
			      UVMM_HUPCALL_OPS - 1);
	if (op == UVMM_HUPCALL_ANSWER) {
		struct exit_event ev;

		if (hupcall_answer(c->hu, c->ev->vcpu, arg(c, 7), &ev) < 0)
			return refuse(c, UVMM_HC_EINVAL, "answer: uvmm asked nothing that is still open");
		hupcall_queue_event(c->hu, c->ev->vcpu, &ev);
		return UVMM_HC_OK;
	}
	if (op == UVMM_HUPCALL_BALLOON) {
		rc = hupcall_balloon(c->hu, arg(c, 4), arg(c, 5), &pages, c->err, c->errlen);
		c->out.pages = pages;
		return rc == 0 ? UVMM_HC_OK : rc == -2 ? HUPCALL_HOST_ERROR :
		       rc == -3 ? refuse(c, UVMM_HC_EFAULT, "balloon: list 0x%llx + %llu is outside guest RAM",
					 (unsigned long long)arg(c, 4), (unsigned long long)arg(c, 5))
				: UVMM_HC_EINVAL;
	}
	if (event >= UVMM_HUPCALL_EVENTS)
		return refuse(c, UVMM_HC_EINVAL, "event %llu is not one of 0..%u (exit, reclaim, irq_target, timer)",
			      (unsigned long long)event, UVMM_HUPCALL_EVENTS - 1);
	switch (op) {
	case UVMM_HUPCALL_REGISTER:
		return do_register(c, (unsigned)event);
	case UVMM_HUPCALL_UNREGISTER:
		if (!c->hu->reg[event].active)
			return refuse(c, UVMM_HC_ENOENT, "unregister: event %s has no program",
				      hupcall_event_names[event]);
		hupcall_drop(c->hu, (unsigned)event);
		return UVMM_HC_OK;
	case UVMM_HUPCALL_TRIGGER:
		return do_trigger(c, (unsigned)event);
	default:
		fill_status(c, (unsigned)event);
		return UVMM_HC_OK;
	}
}

int hupcall_hypercall(struct hupcall_set *hu, const struct exit_event *ev, char *err, size_t errlen)
{
	struct call c = { .hu = hu, .ev = ev, .err = err, .errlen = errlen };
	uint64_t out_gpa = ev->value + offsetof(struct uvmm_hc_hupcall, out);
	int st;

	/* Where the answer goes must exist before anything is done. */
	if (!gpa_to_hva(&hu->cfg.vm->mem, out_gpa, sizeof(c.out)))
		return refuse(&c, UVMM_HC_EFAULT, "the block's out part 0x%llx + %zu is outside guest RAM",
			      (unsigned long long)out_gpa, sizeof(c.out));
	c.out.pc = -1;
	err[0] = 0;
	st = dispatch(&c);
	if (st == HUPCALL_HOST_ERROR)
		return st;
	c.out.status = st;
	if (st != UVMM_HC_OK)
		snprintf(c.out.msg, sizeof(c.out.msg), "%s", err);
	guest_write(&hu->cfg.vm->mem, out_gpa, &c.out, sizeof(c.out));
	return st;
}

/* ---- results -------------------------------------------------------------- */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static double median(uint64_t *v, unsigned n)
{
	if (!n)
		return 0;
	heapsort_any(v, n, sizeof(*v), cmp_u64);
	return n % 2 ? (double)v[n / 2] : ((double)v[n / 2 - 1] + (double)v[n / 2]) / 2;
}

void hupcall_collect(const struct hupcall_set *hu, struct hupcall_stats *st)
{
	uint64_t lat[HUPCALL_LAT_SAMPLES];

	memset(st, 0, sizeof(*st));
	st->registrations = hu->registrations;
	for (unsigned e = 0; e < UVMM_HUPCALL_EVENTS; e++) {
		const struct hupcall_reg *r = &hu->reg[e];
		struct hupcall_event_stats *s = &st->ev[e];

		memcpy(lat, r->lat, r->nlat * sizeof(lat[0]));
		s->runs = r->runs;
		s->last_error = r->last_error;
		s->median_ns = median(lat, r->nlat);
		s->pages = r->last_pages;
		s->resident_before = r->resident_before;
		s->resident_after = r->resident_after;
	}
}
