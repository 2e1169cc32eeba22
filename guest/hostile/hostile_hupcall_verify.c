/* Every kind of bad hyperupcall registration gets a clean refusal: the status,
 * and in the block's out the verifier's rule and instruction (or -1) and the
 * line uvmm logs. Programs: an endless loop, a bounded loop, a local call, an
 * unknown helper, a reclaim-only helper in an exit program, a write to r10, a
 * stack access outside the frame, an undefined opcode, a fall-through, 4097
 * and 2^40 slots, a program outside RAM. Regions: outside RAM, wrapping 2^64,
 * one byte over 2% of RAM, empty, overlapping the program, writable where the
 * event forbids it. Fields: op, event, flags, periods, upcall forms, an out
 * part past RAM. And the bookkeeping: a second program for an event, an
 * unregister or trigger of nothing, an answer nobody asked for, bad balloon
 * lists. The limits themselves (4096 slots, exactly 2%) are accepted. */
#include "hostile_hupcall.h"

#define EV_EXIT UVMM_HUPCALL_EXIT
#define EV_IRQ UVMM_HUPCALL_IRQ_TARGET

static const uint64_t p_ok[] = { MOV_K(0, 0), EXIT };
static const uint64_t p_loop[] = { JA(-1), EXIT };
static const uint64_t p_bounded[] = { MOV_K(0, 10), ADD_K(0, -1), JNE_K(0, 0, -2), EXIT };
static const uint64_t p_call_local[] = { CALL_LOCAL(1), EXIT, MOV_K(0, 0), EXIT };
static const uint64_t p_helper99[] = { CALL(99), EXIT };
static const uint64_t p_discard[] = { CALL(UVMM_HU_DISCARD), EXIT };
static const uint64_t p_r10[] = { MOV_K(10, 0), EXIT };
static const uint64_t p_stack[] = { LDXDW(0, 10, 8), EXIT };
static const uint64_t p_opcode[] = { BPF(0x8e, 0, 0, 0, 0), EXIT };
static const uint64_t p_fall[] = { MOV_K(0, 0) };
static uint64_t p_max[UVMM_HUPCALL_MAX_INSNS];

struct reg_case {
	const char *what;
	unsigned event;
	const uint64_t *prog;
	uint64_t nslots;        /* 0: sizeof the program */
	uint64_t region, len;   /* region 0: a page of `scratch` */
	uint64_t flags, param;
	long status;
	int rule, pc;
	const char *msg;        /* part of out.msg */
};

static uint8_t scratch[4096] __attribute__((aligned(4096)));

#define N(p) (sizeof(p) / 8)
#define RULE(r) UVMM_HU_RULE_##r

static const struct reg_case cases[] = {
	{ "endless loop", EV_EXIT, p_loop, N(p_loop), 0, 0, 0, 0, UVMM_HC_EACCES, RULE(LOOP), 0,
	  "exit program: insn 0 (ja): loop: jumps back to insn 0" },
	{ "bounded loop", EV_EXIT, p_bounded, N(p_bounded), 0, 0, 0, 0, UVMM_HC_EACCES, RULE(LOOP), 2,
	  "loop-free (unroll the loop)" },
	{ "local call", EV_EXIT, p_call_local, N(p_call_local), 0, 0, 0, 0, UVMM_HC_EACCES, RULE(LOOP), 0,
	  "program-local calls are not allowed" },
	{ "unknown helper", EV_EXIT, p_helper99, N(p_helper99), 0, 0, 0, 0, UVMM_HC_EACCES, RULE(HELPER), 0,
	  "helper 99 is not in this program's helper table (2 helpers)" },
	{ "reclaim helper in exit", EV_EXIT, p_discard, N(p_discard), 0, 0, 0, 0, UVMM_HC_EACCES,
	  RULE(HELPER), 0, "helper 3 is not in this program's helper table" },
	{ "write r10", EV_EXIT, p_r10, N(p_r10), 0, 0, 0, 0, UVMM_HC_EACCES, RULE(R10), 0,
	  "r10 read-only" },
	{ "stack out of frame", EV_EXIT, p_stack, N(p_stack), 0, 0, 0, 0, UVMM_HC_EACCES, RULE(STACK), 0,
	  "[r10+8] (8 bytes) is outside the 512-byte frame" },
	{ "undefined opcode", EV_EXIT, p_opcode, N(p_opcode), 0, 0, 0, 0, UVMM_HC_EACCES, RULE(OPCODE), 0,
	  "0x8e is not an RFC 9669 opcode" },
	{ "fall-through", EV_EXIT, p_fall, N(p_fall), 0, 0, 0, 0, UVMM_HC_EACCES, RULE(FALLTHROUGH), 0,
	  "fall-through" },
	{ "4097 slots", EV_EXIT, p_max, UVMM_HUPCALL_MAX_INSNS + 1, 0, 0, 0, 0, UVMM_HC_EACCES,
	  RULE(LENGTH), -1, "program: length: 4097 instruction slots" },
	{ "2^40 slots", EV_EXIT, p_max, 1ull << 40, 0, 0, 0, 0, UVMM_HC_EACCES, RULE(LENGTH), -1,
	  "program: length: 1099511627776 instruction slots" },
	{ "no slots", EV_EXIT, p_ok, 0, 0, 0, 0, 0, UVMM_HC_EACCES, RULE(LENGTH), -1, "program: length: no instructions" },
	{ "program past RAM", EV_EXIT, (const uint64_t *)0, 2, 0, 0, 0, 0, UVMM_HC_EFAULT, 0, -1,
	  "is outside guest RAM" },
	{ "region past RAM", EV_EXIT, p_ok, N(p_ok), ~0ull, 16, 0, 0, UVMM_HC_EFAULT, 0, -1,
	  "is outside guest RAM" },
	{ "region wrapping 2^64", EV_EXIT, p_ok, N(p_ok), ~0ull - 7, 16, 0, 0, UVMM_HC_EFAULT, 0, -1,
	  "is outside guest RAM" },
	{ "region over 2%", EV_EXIT, p_ok, N(p_ok), 0x200000, ~0ull, 0, 0, UVMM_HC_EINVAL, 0, -1,
	  "is more than 2% of guest RAM" },
	{ "empty region", EV_EXIT, p_ok, N(p_ok), 0x200000, 0, 0, 0, UVMM_HC_EINVAL, 0, -1, "empty" },
	{ "region over the program", EV_EXIT, p_ok, N(p_ok), 1, 16, 0, 0, UVMM_HC_EINVAL, 0, -1,
	  "overlaps the program" },
	{ "writable reclaim region", UVMM_HUPCALL_RECLAIM, p_ok, N(p_ok), 0, 0, UVMM_HUPCALL_WRITE, 0,
	  UVMM_HC_EINVAL, 0, -1, "event reclaim does not allow a writable region" },
	{ "writable irq_target region", EV_IRQ, p_ok, N(p_ok), 0, 0, UVMM_HUPCALL_WRITE, 0,
	  UVMM_HC_EINVAL, 0, -1, "event irq_target does not allow a writable region" },
	{ "unknown event", 9, p_ok, N(p_ok), 0, 0, 0, 0, UVMM_HC_EINVAL, 0, -1, "event 9 is not one of" },
	{ "unknown flag", EV_EXIT, p_ok, N(p_ok), 0, 0, 0x10000, 0, UVMM_HC_EINVAL, 0, -1, "unknown bits" },
	{ "vector without upcall", UVMM_HUPCALL_TIMER, p_ok, N(p_ok), 0, 0, UVMM_HUPCALL_VECTOR(0x60),
	  2000, UVMM_HC_EINVAL, 0, -1, "a vector without UVMM_HUPCALL_UPCALL" },
	{ "timer without period", UVMM_HUPCALL_TIMER, p_ok, N(p_ok), 0, 0, 0, 0, UVMM_HC_EINVAL, 0, -1,
	  "period 0 us is outside 1000..10000000 us" },
	{ "timer period 999 us", UVMM_HUPCALL_TIMER, p_ok, N(p_ok), 0, 0, 0, 999, UVMM_HC_EINVAL, 0, -1,
	  "period 999 us" },
	{ "reclaim period 2^64-1", UVMM_HUPCALL_RECLAIM, p_ok, N(p_ok), 0, 0, 0, ~0ull, UVMM_HC_EINVAL, 0,
	  -1, "(or 0: only when triggered)" },
	{ "exit as an upcall", EV_EXIT, 0, 0, 0, 0, UVMM_HUPCALL_UPCALL | UVMM_HUPCALL_VECTOR(0x60), 0,
	  UVMM_HC_EINVAL, 0, -1, "event exit cannot be an upcall" },
	{ "upcall vector 5", UVMM_HUPCALL_TIMER, 0, 0, 0, 0, UVMM_HUPCALL_UPCALL | UVMM_HUPCALL_VECTOR(5),
	  2000, UVMM_HC_EINVAL, 0, -1, "vector 5 is not one of 32..255" },
	{ "upcall with a program", UVMM_HUPCALL_TIMER, p_ok, N(p_ok), 0, 0,
	  UVMM_HUPCALL_UPCALL | UVMM_HUPCALL_VECTOR(0x60), 2000, UVMM_HC_EINVAL, 0, -1,
	  "must be 0" },
};
#define NCASES (sizeof(cases) / sizeof(cases[0]))

EXPECT("repeat 12 {");
EXPECT("  hcall hupcall !eacces");
EXPECT("}");
EXPECT("repeat 3 {");
EXPECT("  hcall hupcall !efault");
EXPECT("}");
EXPECT("repeat 14 {");
EXPECT("  hcall hupcall !einval");
EXPECT("}");
EXPECT_CASE(case_refused, "bad-registrations-refused");
/* The limits are accepted: 4096 slots, a region of exactly 2%. */
EXPECT("hcall hupcall 0x0 0x2 * 0x1000 * * 0x0 0x0");
EXPECT("hcall hupcall 0x1 0x2 0x0 0x0 0x0 0x0 0x0 0x0");
EXPECT("hcall hupcall 0x0 0x2 * 0x2 0x200000 * 0x0 0x0");
EXPECT("hcall hupcall !ebusy");
EXPECT("hcall hupcall 0x1 0x2 0x0 0x0 0x0 0x0 0x0 0x0");
EXPECT("hcall hupcall !enoent");
EXPECT("hcall hupcall !enoent");
EXPECT("hcall hupcall !einval");
EXPECT("hcall hupcall !einval");
EXPECT("hcall hupcall !einval");
EXPECT_CASE(case_limits, "limits-accepted-bookkeeping-refused");
EXPECT("repeat 4 {");
EXPECT("  hcall hupcall !einval");
EXPECT("}");
EXPECT("hcall hupcall !efault");
EXPECT("hcall hupcall !efault");
EXPECT_CASE(case_lists, "bad-balloon-lists-and-out-refused");
UVMM_OPTIONS("irqchip=1");

static void expect_refusal(const struct reg_case *c, long st, const struct uvmm_hupcall_out *out)
{
	GUEST_ASSERT_EQ(st, c->status, "%s: %s", c->what, out->msg);
	GUEST_ASSERT_EQ(out->status, c->status, "%s", c->what);
	GUEST_ASSERT_EQ(out->rule, c->rule, "%s: %s", c->what, out->msg);
	GUEST_ASSERT_EQ(out->pc, c->pc, "%s: %s", c->what, out->msg);
	GUEST_ASSERT(strstr(out->msg, c->msg), "%s: '%s' lacks '%s'", c->what, out->msg, c->msg);
}

static long simple(unsigned op, unsigned event, uint64_t region, uint64_t len, uint64_t param)
{
	struct uvmm_hc_hupcall b = { .op = op, .event = event, .region = region, .region_len = len,
				     .param = param };

	return hupcall_raw(&b);
}

void guest_main(void)
{
	uint64_t ram = ram_size();
	struct uvmm_hupcall_out out;
	static uint64_t pfns[UVMM_HUPCALL_BALLOON_MAX + 1];

	for (unsigned i = 0; i + 1 < UVMM_HUPCALL_MAX_INSNS; i++)
		p_max[i] = MOV_K(0, (int32_t)i);
	p_max[UVMM_HUPCALL_MAX_INSNS - 1] = EXIT;
	for (unsigned i = 0; i < NCASES; i++) {
		const struct reg_case *c = &cases[i];
		uint64_t region = c->region ? c->region : uvmm_gpa(scratch);
		uint64_t len = c->region || c->len ? c->len : sizeof(scratch);
		uint64_t prog = c->prog ? uvmm_gpa(c->prog) : c->nslots ? ram - 8 : 0;
		struct uvmm_hc_hupcall b = { UVMM_HUPCALL_REGISTER, c->event, prog, c->nslots, region,
					     len, c->flags, c->param, { 0 } };
		long st;

		if (c->flags & UVMM_HUPCALL_UPCALL && !c->prog)
			b.region = b.region_len = 0;
		if (c->region == 1)
			b.region = prog - 8; /* overlaps the program's first slot */
		if (c->len == ~0ull)
			b.region_len = ram / UVMM_HUPCALL_REGION_DIVISOR + 1;
		st = hupcall_raw(&b);
		expect_refusal(c, st, &b.out);
	}
	report_pass(case_refused);

	struct hupcall_prog max = { p_max, UVMM_HUPCALL_MAX_INSNS }, ok = { p_ok, N(p_ok) };

	GUEST_ASSERT_EQ(hupcall_register(EV_IRQ, &max, scratch, sizeof(scratch), 0, 0, &out), UVMM_HC_OK,
			"%s", out.msg);
	GUEST_ASSERT_EQ(hupcall_unregister(EV_IRQ), UVMM_HC_OK);
	GUEST_ASSERT_EQ(hupcall_register(EV_IRQ, &ok, (void *)0x200000, ram / UVMM_HUPCALL_REGION_DIVISOR,
					 0, 0, &out), UVMM_HC_OK, "%s", out.msg);
	GUEST_ASSERT_EQ(hupcall_register(EV_IRQ, &ok, scratch, 8, 0, 0, &out), UVMM_HC_EBUSY);
	GUEST_ASSERT(strstr(out.msg, "event irq_target already has a program"), "%s", out.msg);
	GUEST_ASSERT_EQ(hupcall_unregister(EV_IRQ), UVMM_HC_OK);
	GUEST_ASSERT_EQ(hupcall_unregister(EV_IRQ), UVMM_HC_ENOENT);
	GUEST_ASSERT_EQ(hupcall_trigger(UVMM_HUPCALL_RECLAIM, &out), UVMM_HC_ENOENT);
	GUEST_ASSERT_EQ(hupcall_trigger(EV_EXIT, &out), UVMM_HC_EINVAL);
	GUEST_ASSERT_EQ(hupcall_answer(7), UVMM_HC_EINVAL);
	GUEST_ASSERT_EQ(simple(99, 0, 0, 0, 0), UVMM_HC_EINVAL);
	report_pass(case_limits);

	pfns[0] = ram / 4096; /* one past the last page */
	GUEST_ASSERT_EQ(hupcall_balloon(pfns, 0, &out), UVMM_HC_EINVAL);
	GUEST_ASSERT_EQ(hupcall_balloon(pfns, UVMM_HUPCALL_BALLOON_MAX + 1, &out), UVMM_HC_EINVAL);
	GUEST_ASSERT_EQ(hupcall_balloon(pfns, 1, &out), UVMM_HC_EINVAL);
	GUEST_ASSERT(strstr(out.msg, "is outside guest RAM"), "%s", out.msg);
	GUEST_ASSERT_EQ(simple(UVMM_HUPCALL_BALLOON, 0, uvmm_gpa(pfns), 12, 0), UVMM_HC_EINVAL);
	GUEST_ASSERT_EQ(simple(UVMM_HUPCALL_BALLOON, 0, ram - 8, 16, 0), UVMM_HC_EFAULT);
	/* A block whose input is the last 64 bytes of RAM: its out is past it. */
	volatile uint64_t *edge = (volatile uint64_t *)(uintptr_t)(ram - 64);
	for (unsigned i = 0; i < 8; i++)
		edge[i] = i == 0 ? UVMM_HUPCALL_STATUS : 0;
	GUEST_ASSERT_EQ(hc_at(UVMM_HC_HUPCALL, (uint32_t)(ram - 64)), UVMM_HC_EFAULT);
	report_pass(case_lists);
}
