/* libFuzzer target: the eBPF verifier and interpreter on arbitrary bytes.
 * Byte 0 picks the options (bit 0 helpers, 1 base groups only, 2 read-only
 * region, 3 writable context), bytes 1..5 set r2..r5 (r2 inside the region),
 * instruction slots start at byte 8. Every refusal names an
 * instruction and a rule; an accepted program runs with a region, a context
 * and the stack and never writes outside them (canaries, ASan) nor writes a
 * read-only one; a loop-free program never runs out of budget; and any slots
 * whatever disassemble to text that assembles back to the same slots. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf/bpf.h"
#include "bpf/bpf_asm.h"
#include "bpf/bpf_ops.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REGION_ADDR 0x10000u
#define REGION_LEN 256u
#define CTX_LEN 64u
#define GUARD 64u
#define CANARY 0x5a
#define BUDGET 20000u

static uint8_t region_buf[GUARD + REGION_LEN + GUARD], ctx_buf[GUARD + CTX_LEN + GUARD];

/* Writes its whole buffer, which the interpreter checked: a wrong check is
 * an ASan report or a canary hit. */
static int fill(void *env, const struct ebpf_call *c, uint64_t *r0)
{
	(void)env;
	if (c->mem[0])
		memset(c->mem[0], (int)c->arg[2], c->arg[1]);
	*r0 = c->arg[1];
	return 0;
}

static int sum(void *env, const struct ebpf_call *c, uint64_t *r0)
{
	const uint8_t *p = c->mem[0];

	(void)env;
	*r0 = 0;
	for (uint64_t k = 0; p && k < c->arg[1]; k++)
		*r0 += p[k];
	return c->arg[2] == 0xdead ? -1 : 0;
}

static const struct ebpf_helper helpers[] = {
	{ .id = 1, .name = "fill", .fn = fill, .arg = { EBPF_ARG_MEM_W, EBPF_ARG_LEN, EBPF_ARG_SCALAR } },
	{ .id = 2, .name = "sum", .fn = sum, .arg = { EBPF_ARG_MEM_R, EBPF_ARG_LEN, EBPF_ARG_SCALAR } },
};

static void guards_intact(const uint8_t *buf, size_t inner)
{
	for (size_t k = 0; k < GUARD; k++)
		if (buf[k] != CANARY || buf[GUARD + inner + k] != CANARY)
			abort();
}

static void round_trip(const struct ebpf_insn *insns, size_t n)
{
	static struct ebpf_insn back[EBPF_MAX_INSNS];
	char *text = NULL, err[256];
	size_t len = 0, m;
	FILE *f = open_memstream(&text, &len);

	if (!f || ebpf_disasm(f, insns, n) < 0)
		abort();
	fclose(f);
	if (ebpf_asm(text, 1, back, EBPF_MAX_INSNS, &m, err, sizeof(err)) < 0 || m != n ||
	    memcmp(back, insns, n * sizeof(*insns)))
		abort();
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ebpf_insn insns[EBPF_MAX_INSNS];
	struct ebpf_region r = { REGION_ADDR, REGION_LEN, region_buf + GUARD, EBPF_READ | EBPF_WRITE, "r" };
	struct ebpf_load_opts o = { 0 };
	struct ebpf_memmap mm;
	struct ebpf_refusal why;
	struct ebpf_result res;
	struct ebpf_prog *p;
	uint8_t flags, ctx_copy[CTX_LEN], region_copy[REGION_LEN];
	size_t n;
	char err[128];

	if (size < 8)
		return 0;
	flags = data[0];
	n = (size - 8) / 8;
	if (n > EBPF_MAX_INSNS)
		n = EBPF_MAX_INSNS;
	memcpy(insns, data + 8, n * 8);
	round_trip(insns, n);

	if (flags & 1) {
		o.helpers = helpers;
		o.nhelpers = 2;
	}
	if (flags & 2)
		o.groups = EBPF_G_BASE32 | EBPF_G_BASE64;
	p = ebpf_prog_load(insns, n, &o, &why);
	if (!p) {
		if (why.rule <= EBPF_RULE_NONE || why.rule >= EBPF_NRULES || why.pc < -1 || why.pc >= (int)n ||
		    (strncmp(why.msg, "insn ", 5) && strncmp(why.msg, "program: ", 9)) || strchr(why.msg, '\n'))
			abort();
		return 0;
	}
	if ((ebpf_groups_used(insns, n) & ~EBPF_GROUPS_SUPPORTED))
		abort();

	memset(region_buf, CANARY, sizeof(region_buf));
	memset(ctx_buf, CANARY, sizeof(ctx_buf));
	for (size_t k = 0; k < REGION_LEN; k++)
		region_buf[GUARD + k] = (uint8_t)(k * 7);
	for (size_t k = 0; k < CTX_LEN; k++)
		ctx_buf[GUARD + k] = (uint8_t)(k * 13);
	if (flags & 4)
		r.perm = EBPF_READ;
	if (ebpf_memmap_init(&mm, &r, 1, err, sizeof(err)) < 0)
		abort();
	memcpy(ctx_copy, ctx_buf + GUARD, CTX_LEN);
	memcpy(region_copy, region_buf + GUARD, REGION_LEN);
	{
		struct ebpf_env env = {
			.mem = &mm, .ctx = ctx_buf + GUARD, .ctx_len = CTX_LEN,
			.ctx_perm = flags & 8 ? EBPF_READ | EBPF_WRITE : EBPF_READ,
			.r = { EBPF_CTX_ADDR, REGION_ADDR + data[1], data[2], (uint64_t)data[3] << 8 | data[4], data[5] },
			.budget = BUDGET,
		};
		int rc = ebpf_run(p, &env, &res);

		if ((rc == 0) != (res.status == EBPF_OK) || res.status > EBPF_ERR_INTERNAL ||
		    res.status == EBPF_ERR_INTERNAL || res.insns > BUDGET || res.pc >= n)
			abort();
		if (res.status == EBPF_ERR_BUDGET && ebpf_prog_loop_free(p))
			abort();
		if (res.max_depth < 1 || res.max_depth > EBPF_MAX_FRAMES)
			abort();
		if (!(env.ctx_perm & EBPF_WRITE) && memcmp(ctx_copy, ctx_buf + GUARD, CTX_LEN))
			abort();
	}
	if ((flags & 4) && memcmp(region_copy, region_buf + GUARD, REGION_LEN))
		abort();
	guards_intact(region_buf, REGION_LEN);
	guards_intact(ctx_buf, CTX_LEN);
	ebpf_prog_free(p);
	return 0;
}
