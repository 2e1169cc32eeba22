/* The helpers hyperupcalls may call, one table per event. Each does only what
 * the guest could do itself (read its own memory, name its own free pages) or
 * reads uvmm's clock; buffers reach them already checked against the windows,
 * and what they touch is charged to the run's byte budget. */
#include "hupcall/hupcall_internal.h"

#include <string.h>

#include "util/clock.h"
#include "util/errmsg.h"

uint64_t hupcall_hash(const void *buf, uint64_t len)
{
	return uvmm_hupcall_hash(buf, len);
}

static int h_now(void *env, const struct ebpf_call *c, uint64_t *r0)
{
	(void)env;
	(void)c;
	*r0 = now_ns();
	return 0;
}

/* Refuses (the run stops with `helper`) when the budget would be exceeded. */
static int charge(struct hupcall_env *e, uint64_t bytes, const char *what)
{
	if (bytes > UVMM_HUPCALL_HELPER_BYTES - e->bytes) {
		errmsg(e->err, sizeof(e->err), "%s of %llu bytes: over the %u bytes helpers may touch in "
		       "one run", what, (unsigned long long)bytes, UVMM_HUPCALL_HELPER_BYTES);
		return -1;
	}
	e->bytes += bytes;
	return 0;
}

static int h_hash(void *env, const struct ebpf_call *c, uint64_t *r0)
{
	if (charge(env, c->arg[1], "hash") < 0)
		return -1;
	*r0 = hupcall_hash(c->mem[0] ? c->mem[0] : "", c->arg[1]);
	return 0;
}

static int add_range(struct hupcall_env *e, uint64_t gpa, uint64_t len)
{
	struct hupcall_set *hu = e->hu;

	if (!e->discards) {
		errmsg(e->err, sizeof(e->err), "discard: only reclaim programs may discard pages");
		return -1;
	}
	if (gpa % GUEST_PAGE_SIZE || len % GUEST_PAGE_SIZE || !len || gpa > hu->cfg.vm->mem.size ||
	    len > hu->cfg.vm->mem.size - gpa) {
		errmsg(e->err, sizeof(e->err), "discard 0x%llx + 0x%llx: not whole 4 KiB pages of guest RAM",
		       (unsigned long long)gpa, (unsigned long long)len);
		return -1;
	}
	/* At most one range per call, and a loop-free program makes at most
	 * UVMM_HUPCALL_MAX_INSNS calls; discard_mask splits into runs of bits,
	 * so the table can fill: then the run fails rather than drop one. */
	if (hu->nranges == UVMM_HUPCALL_MAX_INSNS) {
		errmsg(e->err, sizeof(e->err), "discard: more than %u ranges in one run",
		       UVMM_HUPCALL_MAX_INSNS);
		return -1;
	}
	hu->ranges[hu->nranges++] = (struct hupcall_range){ gpa, len };
	return 0;
}

static int h_discard(void *env, const struct ebpf_call *c, uint64_t *r0)
{
	*r0 = 0;
	return add_range(env, c->arg[0], c->arg[1]);
}

/* Bit i of mask: page i from gpa is free; runs of set bits become ranges. */
static int h_discard_mask(void *env, const struct ebpf_call *c, uint64_t *r0)
{
	uint64_t gpa = c->arg[0], m = c->arg[1];

	*r0 = 0;
	while (m) {
		unsigned lo = (unsigned)__builtin_ctzll(m);
		uint64_t shifted = m >> lo;
		unsigned n = ~shifted ? (unsigned)__builtin_ctzll(~shifted) : 64u - lo;

		if (add_range(env, gpa + (uint64_t)lo * GUEST_PAGE_SIZE, (uint64_t)n * GUEST_PAGE_SIZE) < 0)
			return -1;
		m = lo + n >= 64 ? 0 : m & ~(((1ull << n) - 1) << lo);
	}
	return 0;
}

#define NOW { UVMM_HU_NOW_NS, "now_ns", h_now, { 0 } }
#define HASH { UVMM_HU_HASH, "hash", h_hash, { EBPF_ARG_MEM_R, EBPF_ARG_LEN } }

static const struct ebpf_helper common[] = { NOW, HASH };
static const struct ebpf_helper reclaim[] = {
	NOW, HASH,
	{ UVMM_HU_DISCARD, "discard", h_discard, { EBPF_ARG_SCALAR, EBPF_ARG_SCALAR } },
	{ UVMM_HU_DISCARD_MASK, "discard_mask", h_discard_mask, { EBPF_ARG_SCALAR, EBPF_ARG_SCALAR } },
};

const struct ebpf_helper *hupcall_helpers_for(unsigned event, unsigned *n)
{
	if (event == UVMM_HUPCALL_RECLAIM) {
		*n = sizeof(reclaim) / sizeof(reclaim[0]);
		return reclaim;
	}
	*n = sizeof(common) / sizeof(common[0]);
	return common;
}
