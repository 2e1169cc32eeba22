/* Differential test of uvmm's eBPF interpreter against the kernel's eBPF
 * (raw bpf(2), BPF_PROG_TYPE_XDP, BPF_PROG_TEST_RUN). Random valid programs
 * (ALU of both widths, forward jumps only so the kernel verifier accepts
 * them, packet and stack loads and stores, stack atomics) end by storing
 * every register and stack slot into the packet; the packet after the run
 * and r0's low half (the kernel's retval) must agree. `--edges` runs a fixed
 * list of RFC 9669 programs the kernel's verifier treats differently.
 * Exit: 0 all agree, 1 a disagreement, 77 no bpf(2) here (not root, ...). */
#include <errno.h>
#include <getopt.h>
#include <linux/bpf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bpf/bpf.h"
#include "bpf/bpf_asm.h"

#define PKT 320u            /* [0,128) loads and stores, [128,200) registers, [200,264) stack */
#define DUMP_REGS 128
#define DUMP_STACK 200
#define PKT_ADDR 0x10000000u
#define MAX_ITEMS 96
#define MAX_SLOTS 1400
#define EXIT_SKIP 77

#define I(c, d, s, o, i) ((struct ebpf_insn)EBPF_INSN(c, d, s, o, i))
_Static_assert(sizeof(struct ebpf_insn) == sizeof(struct bpf_insn), "the kernel takes uvmm's slots as they are");

static const unsigned scalars[] = { 0, 1, 2, 3, 4, 5, 7, 8, 9 };
#define NSCALARS (sizeof(scalars) / sizeof(scalars[0]))

static uint64_t rng;

static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dull;
}

static unsigned pick(unsigned n) { return (unsigned)(rnd() % n); }
static unsigned sreg(void) { return scalars[pick(NSCALARS)]; }

/* Mostly edge values: small, powers of two, the extremes, byte masks. */
static int32_t imm32(void)
{
	static const int32_t edge[] = { 0, 1, -1, 2, -2, 7, INT32_MIN, INT32_MAX, 0x80, 0xff, 0x7fff, 0x8000,
					0xffff, 0x10000, -0x80, 63, 64, 31, 32 };

	switch (pick(4)) {
	case 0: return edge[pick(sizeof(edge) / sizeof(edge[0]))];
	case 1: return (int32_t)(1u << pick(32)) * (pick(2) ? 1 : -1);
	case 2: return (int32_t)pick(16) - 8;
	default: return (int32_t)rnd();
	}
}

static uint64_t imm64(void)
{
	switch (pick(4)) {
	case 0: return (uint64_t)(int64_t)imm32();
	case 1: return 1ull << pick(64);
	case 2: return pick(2) ? 0x8000000000000000ull : UINT64_MAX;
	default: return rnd();
	}
}

/* A program under construction: body items are laid out after generation,
 * so a jump can name a later item before its slot is known. */
struct item {
	struct ebpf_insn s[12];
	int nslots;
	int target;             /* item a forward jump goes to (nitems: the epilogue), or -1 */
	int call;               /* s[0] calls the subprogram */
};

struct prog {
	struct ebpf_insn p[MAX_SLOTS];
	size_t n;
};

static void emit(struct prog *g, struct ebpf_insn i)
{
	g->p[g->n++] = i;
}

static void lddw(struct prog *g, unsigned dst, uint64_t v)
{
	emit(g, I(0x18, dst, 0, 0, (int32_t)(uint32_t)v));
	emit(g, I(0, 0, 0, 0, (int32_t)(uint32_t)(v >> 32)));
}

static void gen_alu(struct item *it)
{
	static const uint8_t ops[] = { 0x00, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x90, 0xa0, 0xb0, 0xc0 };
	unsigned w64 = pick(2), x = pick(2), dst = sreg(), src = sreg();
	uint8_t op = ops[pick(sizeof(ops))], cls = w64 ? 0x07 : 0x04;
	int16_t off = 0;
	int32_t imm = 0;

	if ((op == 0x30 || op == 0x90) && pick(2))
		off = 1;                                     /* sdiv, smod */
	if (op == 0xb0 && x && pick(2))
		off = (int16_t)(w64 ? (8 << pick(3)) : (8 << pick(2)));   /* movsx */
	if (!x) {
		imm = imm32();
		/* The kernel refuses K shifts >= the width and K division by 0
		 * (the RFC masks and defines them: see --edges). */
		if (op == 0x60 || op == 0x70 || op == 0xc0)
			imm = (int32_t)((uint32_t)imm % (w64 ? 64 : 32));
		if ((op == 0x30 || op == 0x90) && !imm)
			imm = 3;
	}
	it->s[0] = I((uint8_t)(cls | op | (x ? 0x08 : 0)), dst, x ? src : 0, off, imm);
}

static void gen_unary(struct item *it)
{
	static const int32_t widths[] = { 16, 32, 64 };
	unsigned dst = sreg();

	switch (pick(4)) {
	case 0: it->s[0] = I(pick(2) ? 0x87 : 0x84, dst, 0, 0, 0); break;
	case 1: it->s[0] = I(0xd4, dst, 0, 0, widths[pick(3)]); break;
	case 2: it->s[0] = I(0xdc, dst, 0, 0, widths[pick(3)]); break;
	default: it->s[0] = I(0xd7, dst, 0, 0, widths[pick(3)]); break;
	}
}

static void gen_jump(struct item *it, int self, int nitems)
{
	static const uint8_t ops[] = { 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0xa0, 0xb0, 0xc0, 0xd0 };
	unsigned x = pick(2);

	it->target = self + 1 + (int)pick((unsigned)(nitems - self));
	if (!pick(16)) {                 /* ja +0 / ja32 +0: any other ja leaves code unreachable */
		it->s[0] = pick(2) ? I(0x05, 0, 0, 0, 0) : I(0x06, 0, 0, 0, 0);
		it->target = self + 1;
		return;
	}
	it->s[0] = I((uint8_t)((pick(2) ? 0x05 : 0x06) | ops[pick(sizeof(ops))] | (x ? 0x08 : 0)), sreg(),
		     x ? sreg() : 0, 0, x ? 0 : imm32());
}

static const uint8_t ldx_code[] = { 0x71, 0x69, 0x61, 0x79 };   /* b h w dw */
static const uint8_t ldxs_code[] = { 0x91, 0x89, 0x81 };        /* sb sh sw */
static const uint8_t st_code[] = { 0x72, 0x6a, 0x62, 0x7a };
static const uint8_t stx_code[] = { 0x73, 0x6b, 0x63, 0x7b };

static void gen_mem(struct item *it)
{
	unsigned lg = pick(4), size = 1u << lg, stack = pick(2);
	/* The kernel wants stack accesses aligned; the packet may be unaligned. */
	int16_t off = stack ? (int16_t)-(int)(size * (1 + pick(64 / size))) : (int16_t)pick(128 - size + 1);
	unsigned base = stack ? 10 : 6;

	switch (pick(4)) {
	case 0:
		it->s[0] = I(lg < 3 && pick(2) ? ldxs_code[lg] : ldx_code[lg], sreg(), base, off, 0);
		break;
	case 1: it->s[0] = I(st_code[lg], base, 0, off, imm32()); break;
	case 2: it->s[0] = I(stx_code[lg], base, sreg(), off, 0); break;
	default: {
		/* Atomics: the kernel allows them on the stack, not on the packet. */
		static const int32_t ops[] = { 0x00, 0x01, 0x40, 0x41, 0x50, 0x51, 0xa0, 0xa1, 0xe1, 0xf1 };
		unsigned w = pick(2) ? 8 : 4;

		it->s[0] = I(w == 8 ? 0xdb : 0xc3, 10, sreg(), (int16_t)-(int)(w * (1 + pick(64 / w))),
			     ops[pick(sizeof(ops) / sizeof(ops[0]))]);
		break;
	}
	}
}

/* A call to the subprogram; the kernel leaves r1..r5 unreadable after a
 * call (uvmm keeps them), so the item loads them again. */
static void gen_call(struct item *it)
{
	it->s[0] = I(0x85, 0, 1, 0, 0);
	it->call = 1;
	it->nslots = 1;
	for (unsigned r = 1; r <= 5; r++) {
		uint64_t v = imm64();

		it->s[it->nslots++] = I(0x18, r, 0, 0, (int32_t)(uint32_t)v);
		it->s[it->nslots++] = I(0, 0, 0, 0, (int32_t)(uint32_t)(v >> 32));
	}
}

/* The subprogram: its own frame, its arguments, a result in r0. */
static void emit_subprogram(struct prog *g)
{
	emit(g, I(0xbf, 0, 1, 0, 0));          /* mov r0, r1 */
	emit(g, I(0xaf, 0, 3, 0, 0));          /* xor r0, r3 */
	emit(g, I(0x2f, 0, 5, 0, 0));          /* mul r0, r5 */
	emit(g, I(0x7b, 10, 2, -8, 0));        /* stxdw [r10-8], r2 */
	emit(g, I(0xdb, 10, 4, -8, 0x01));     /* lock fetch add [r10-8], r4 */
	emit(g, I(0x79, 2, 10, -8, 0));        /* ldxdw r2, [r10-8] */
	emit(g, I(0x3f, 0, 2, 1, 0));          /* sdiv r0, r2 */
	emit(g, I(0x0f, 0, 4, 0, 0));          /* add r0, r4 */
	emit(g, I(0x95, 0, 0, 0, 0));
}

static void gen_program(struct prog *g, unsigned nitems)
{
	static struct item items[MAX_ITEMS];
	int slot[MAX_ITEMS + 1];
	size_t out_jump, sub;

	g->n = 0;
	/* r6 = data, r7 = data_end; r6 + PKT <= r7 or return 0. */
	emit(g, I(0x61, 6, 1, 0, 0));
	emit(g, I(0x61, 7, 1, 4, 0));
	emit(g, I(0xbf, 0, 6, 0, 0));
	emit(g, I(0x07, 0, 0, 0, PKT));
	out_jump = g->n;
	emit(g, I(0x2d, 0, 7, 0, 0));
	for (unsigned k = 0; k < NSCALARS; k++)
		lddw(g, scalars[k], imm64());
	for (int k = 1; k <= 8; k++)
		emit(g, I(0x7a, 10, 0, (int16_t)(-8 * k), imm32()));
	for (unsigned k = 0; k < nitems; k++) {
		struct item *it = &items[k];

		it->nslots = 1;
		it->target = -1;
		it->call = 0;
		if (!pick(40)) {
			gen_call(it);
			continue;
		}
		switch (pick(10)) {
		case 0: case 1: case 2: gen_alu(it); break;
		case 3: gen_unary(it); break;
		case 4: case 5: gen_jump(it, (int)k, (int)nitems); break;
		case 6:
			it->s[0] = I(0x18, sreg(), 0, 0, (int32_t)rnd());
			it->s[1] = I(0, 0, 0, 0, (int32_t)rnd());
			it->nslots = 2;
			break;
		default: gen_mem(it); break;
		}
	}
	slot[0] = (int)g->n;
	for (unsigned k = 1; k <= nitems; k++)
		slot[k] = slot[k - 1] + items[k - 1].nslots;
	/* After the body, the epilogue (9 + 16 + 2 slots) and the way out (2). */
	sub = (size_t)slot[nitems] + NSCALARS + 16 + 2 + 2;
	for (unsigned k = 0; k < nitems; k++) {
		struct item *it = &items[k];

		if (it->target >= 0) {
			int rel = slot[it->target] - slot[k] - 1;

			if ((it->s[0].code & 7) == 6 && (it->s[0].code & 0xf0) == 0)
				it->s[0].imm = rel;
			else
				it->s[0].off = (int16_t)rel;
		}
		if (it->call)
			it->s[0].imm = (int32_t)sub - slot[k] - 1;
		for (int s = 0; s < it->nslots; s++)
			emit(g, it->s[s]);
	}
	for (unsigned k = 0; k < NSCALARS; k++)
		emit(g, I(0x7b, 6, scalars[k], (int16_t)(DUMP_REGS + 8 * k), 0));
	for (int k = 0; k < 8; k++) {
		emit(g, I(0x79, 1, 10, (int16_t)(-8 * (k + 1)), 0));
		emit(g, I(0x7b, 6, 1, (int16_t)(DUMP_STACK + 8 * k), 0));
	}
	emit(g, I(0x79, 0, 6, DUMP_REGS, 0));
	emit(g, I(0x95, 0, 0, 0, 0));
	g->p[out_jump].off = (int16_t)(g->n - out_jump - 1);
	emit(g, I(0xb7, 0, 0, 0, 0));
	emit(g, I(0x95, 0, 0, 0, 0));
	if (g->n != sub)
		abort();
	for (unsigned k = 0; k < nitems; k++)
		if (items[k].call) {
			emit_subprogram(g);   /* only when called: the kernel refuses unreachable code */
			break;
		}
}

static long sys_bpf(int cmd, union bpf_attr *a)
{
	return syscall(__NR_bpf, cmd, a, sizeof(*a));
}

/* The verifier's reason in its log: the last line that is neither an
 * instruction trace ("12: ...") nor a register-state dump. */
static const char *verifier_complaint(char *log)
{
	const char *found = log;

	for (char *line = strtok(log, "\n"); line; line = strtok(NULL, "\n"))
		if (!(line[0] >= '0' && line[0] <= '9') && strncmp(line, "cur state", 9) &&
		    strncmp(line, "old state", 9) && strncmp(line, "processed ", 10) && strncmp(line, "from ", 5) &&
		    strncmp(line, "last_idx", 8) && strncmp(line, "parent", 6))
			found = line;
	return found;
}

/* Loads and runs on the kernel. Returns 0, or -1 with the verifier's
 * complaint (its last line before the statistics) in why. */
static int kernel_run(const struct prog *g, const uint8_t *in, uint8_t *out, uint32_t *retval,
		      char *why, size_t whylen)
{
	static char log[1 << 16];
	union bpf_attr a;
	int fd;

	memset(&a, 0, sizeof(a));
	log[0] = 0;
	a.prog_type = BPF_PROG_TYPE_XDP;
	a.insns = (uint64_t)(uintptr_t)g->p;   /* struct ebpf_insn has struct bpf_insn's layout */
	a.insn_cnt = (uint32_t)g->n;
	a.license = (uint64_t)(uintptr_t)"GPL";
	a.log_buf = (uint64_t)(uintptr_t)log;
	a.log_size = sizeof(log);
	a.log_level = 1;
	fd = (int)sys_bpf(BPF_PROG_LOAD, &a);
	if (fd < 0) {
		snprintf(why, whylen, "%s", log[0] ? verifier_complaint(log) : strerror(errno));
		return -1;
	}
	memset(&a, 0, sizeof(a));
	a.test.prog_fd = (uint32_t)fd;
	a.test.data_in = (uint64_t)(uintptr_t)in;
	a.test.data_size_in = PKT;
	a.test.data_out = (uint64_t)(uintptr_t)out;
	a.test.data_size_out = PKT;
	a.test.repeat = 1;
	if (sys_bpf(BPF_PROG_TEST_RUN, &a) < 0 || a.test.data_size_out != PKT) {
		snprintf(why, whylen, "BPF_PROG_TEST_RUN: %s", strerror(errno));
		close(fd);
		return -1;
	}
	*retval = a.test.retval;
	close(fd);
	return 0;
}

/* The same program on uvmm: the packet is a region, the context an
 * xdp_md whose data/data_end hold the region's addresses. */
static int uvmm_run(const struct prog *g, uint8_t *pkt, uint64_t *r0, char *why, size_t whylen)
{
	uint32_t md[6] = { PKT_ADDR, PKT_ADDR + PKT };
	struct ebpf_region r = { PKT_ADDR, PKT, pkt, EBPF_READ | EBPF_WRITE, "packet" };
	struct ebpf_memmap mm;
	struct ebpf_env env = { .mem = &mm, .ctx = md, .ctx_len = sizeof(md), .ctx_perm = EBPF_READ,
				.r = { EBPF_CTX_ADDR } };
	struct ebpf_refusal refusal;
	struct ebpf_result res;
	struct ebpf_prog *p;

	if (ebpf_memmap_init(&mm, &r, 1, why, whylen) < 0)
		return -1;
	p = ebpf_prog_load(g->p, g->n, NULL, &refusal);
	if (!p) {
		snprintf(why, whylen, "refused: %s", refusal.msg);
		return -1;
	}
	if (ebpf_run(p, &env, &res) < 0) {
		ebpf_result_format(&res, why, whylen);
		ebpf_prog_free(p);
		return -1;
	}
	*r0 = res.r0;
	ebpf_prog_free(p);
	return 0;
}

static void show(const struct prog *g)
{
	ebpf_disasm(stdout, g->p, g->n);
}

struct counts {
	unsigned long programs, slots, agree, differ, kernel_refused, uvmm_failed;
};

static int one(struct prog *g, unsigned long index, int plant, int verbose, struct counts *c)
{
	uint8_t in[PKT], kout[PKT], uout[PKT];
	uint32_t kret = 0;
	uint64_t ur0 = 0;
	char kwhy[320], uwhy[320];
	int krc, urc;

	for (unsigned k = 0; k < PKT; k++)
		in[k] = (uint8_t)rnd();
	memcpy(uout, in, PKT);
	krc = kernel_run(g, in, kout, &kret, kwhy, sizeof(kwhy));
	urc = uvmm_run(g, uout, &ur0, uwhy, sizeof(uwhy));
	c->programs++;
	c->slots += g->n;
	if (plant)
		uout[DUMP_REGS] ^= 1;
	if (krc < 0) {
		c->kernel_refused++;
		if (c->kernel_refused <= 3 || verbose) {
			printf("# program %lu: the kernel refused it: %s\n", index, kwhy);
			show(g);
		}
		return 0;
	}
	if (urc < 0) {
		c->uvmm_failed++;
		printf("not ok - program %lu: uvmm: %s (the kernel ran it: retval 0x%x)\n", index, uwhy, kret);
		show(g);
		return -1;
	}
	if ((uint32_t)ur0 != kret || memcmp(kout, uout, PKT)) {
		unsigned at = 0;

		while (at < PKT && kout[at] == uout[at])
			at++;
		c->differ++;
		printf("not ok - program %lu: disagreement: kernel retval 0x%x, uvmm r0 0x%llx; packet differs %s%u\n",
		       index, kret, (unsigned long long)ur0, at < PKT ? "first at byte " : "nowhere", at < PKT ? at : 0);
		if (at >= DUMP_REGS && at < DUMP_REGS + 8 * NSCALARS)
			printf("#   that is r%u: kernel 0x%016llx, uvmm 0x%016llx\n", scalars[(at - DUMP_REGS) / 8],
			       (unsigned long long)*(uint64_t *)(void *)(kout + DUMP_REGS + (at - DUMP_REGS) / 8 * 8),
			       (unsigned long long)*(uint64_t *)(void *)(uout + DUMP_REGS + (at - DUMP_REGS) / 8 * 8));
		show(g);
		return -1;
	}
	c->agree++;
	return 0;
}

/* RFC 9669 programs on which the kernel's verifier policy differs from
 * uvmm's (or agrees, for contrast); each runs on both, the verdicts printed. */
static const struct {
	const char *what, *text;
} edges[] = {
	{ "K shift by the width (RFC: masked)", "mov %r0, 1\nlsh %r0, 64\nexit" },
	{ "K 32-bit shift by 32", "mov %r0, 1\nlsh32 %r0, 32\nexit" },
	{ "K division by 0 (RFC: 0)", "mov %r0, 7\ndiv %r0, 0\nexit" },
	{ "K modulo by 0 (RFC: dst unchanged)", "mov %r0, 7\nmod32 %r0, 0\nexit" },
	{ "X division by a zero register", "mov %r0, 7\nmov %r1, 0\ndiv %r0, %r1\nexit" },
	{ "a loop (uvmm: budget)", "mov %r0, 0\nloop:\nadd %r0, 1\njlt %r0, 100, loop\nexit" },
	{ "an endless loop", "loop:\nja loop" },
	{ "reading an unwritten register", "mov %r0, %r2\nexit" },
	{ "reading unwritten stack (uvmm: zeroed)", "ldxdw %r0, [%r10-8]\nexit" },
	{ "misaligned stack access", "stdw [%r10-8], 1\nldxw %r0, [%r10-6]\nexit" },
	{ "unreachable instruction", "mov %r0, 1\nexit\nmov %r0, 2\nexit" },
	{ "exit with a non-zero unused field", ".raw 0x0000000100000095" },
	{ "mov with a non-zero unused offset", ".raw 0x00010000000100b7\nexit" },
	{ "jump into a lddw's second half", "ja +1\nlddw %r0, 1\nexit" },
	{ "bpf-to-bpf call", "call local f\nexit\nf:\nmov %r0, 3\nexit" },
	{ "sdiv INT64_MIN / -1", "lddw %r0, 0x8000000000000000\nmov %r1, -1\nsdiv %r0, %r1\nrsh %r0, 32\nexit" },
	{ "smod by a zero register", "mov %r0, -7\nmov %r1, 0\nsmod32 %r0, %r1\nexit" },
};

static int run_edges(void)
{
	for (size_t k = 0; k < sizeof(edges) / sizeof(edges[0]); k++) {
		struct prog g = { .n = 0 };
		uint8_t in[PKT] = { 0 }, kout[PKT], uout[PKT] = { 0 };
		uint32_t kret = 0;
		uint64_t ur0 = 0;
		char err[320], kwhy[320], uwhy[320];

		if (ebpf_asm(edges[k].text, 1, g.p, MAX_SLOTS, &g.n, err, sizeof(err)) < 0) {
			printf("edge %s: %s\n", edges[k].what, err);
			return 1;
		}
		printf("edge: %-42s kernel: ", edges[k].what);
		if (kernel_run(&g, in, kout, &kret, kwhy, sizeof(kwhy)) == 0)
			printf("ran, r0 low half 0x%-14x", kret);
		else
			printf("refused (%s)", kwhy);
		if (uvmm_run(&g, uout, &ur0, uwhy, sizeof(uwhy)) == 0)
			printf("  uvmm: r0 0x%llx\n", (unsigned long long)ur0);
		else
			printf("  uvmm: %s\n", uwhy);
	}
	return 0;
}

/* 0 when bpf(2) can load an XDP program here, else why not. */
static int probe(char *why, size_t len)
{
	struct prog g = { .n = 0 };
	uint8_t in[PKT] = { 0 }, out[PKT];
	uint32_t ret;

	emit(&g, I(0xb7, 0, 0, 0, 7));
	emit(&g, I(0x95, 0, 0, 0, 0));
	if (kernel_run(&g, in, out, &ret, why, len) < 0)
		return -1;
	if (ret != 7)
		return snprintf(why, len, "probe program returned %u, not 7", ret), -1;
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long n = 10000, plant_at = 0;
	int verbose = 0, edges_only = 0, c;
	unsigned long long seed = 1;
	struct counts cnt = { 0 };
	char why[320];
	static struct prog g;

	while ((c = getopt(argc, argv, "n:s:vep:")) != -1) {
		switch (c) {
		case 'n': n = strtoul(optarg, NULL, 0); break;
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 'v': verbose = 1; break;
		case 'e': edges_only = 1; break;
		case 'p': plant_at = strtoul(optarg, NULL, 0); break;
		default:
			fprintf(stderr, "usage: bpf_diff [-n PROGRAMS] [-s SEED] [-v] [-e (edges only)] "
				"[-p N (corrupt uvmm's result for program N: the tester must notice)]\n");
			return 2;
		}
	}
	if (probe(why, sizeof(why)) < 0) {
		printf("SKIP: the kernel's eBPF is not usable here (%s; root and bpf(2) needed)\n", why);
		return EXIT_SKIP;
	}
	if (edges_only)
		return run_edges();
	rng = seed * 0x9e3779b97f4a7c15ull + 1;
	for (unsigned long k = 1; k <= n; k++) {
		gen_program(&g, 4 + pick(MAX_ITEMS - 4));
		if (one(&g, k, k == plant_at, verbose, &cnt) < 0 && !verbose)
			break;
	}
	printf("bpf-diff: %lu programs (%lu slots, seed %llu): %lu agree, %lu disagree, %lu refused by uvmm, "
	       "%lu refused by the kernel\n", cnt.programs, cnt.slots, seed, cnt.agree, cnt.differ,
	       cnt.uvmm_failed, cnt.kernel_refused);
	return cnt.differ || cnt.uvmm_failed || cnt.kernel_refused ? 1 : 0;
}
