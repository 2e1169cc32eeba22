/* What the verifier cannot see, the interpreter stops: programs uvmm accepts
 * that then load outside their windows (a fixed address, pointer arithmetic
 * on r10 past the frame either way), store into a read-only region or into
 * the context, make a misaligned atomic, hash more than a run's helper budget
 * or past the region, or (reclaim) name pages that are not whole pages of
 * RAM. Each run ends as `hupcall EVENT ARG = !ERR`, the program is
 * unregistered, uvmm logs the instruction and the access, STATUS tells the
 * guest the same, and the reclaim that failed discarded nothing. */
#include "hostile_hupcall.h"

#define BIG_REGION 0x400000ull
#define BIG_LEN (1200u << 10) /* over the 1 MiB helper budget, under 2% of 64 MiB */

struct rt_case {
	const char *what;
	unsigned event;
	uint64_t prog[6];
	unsigned n;
	int big, writable;
	int run;          /* enum uvmm_hupcall_run */
	int pc;
	const char *msg;
};

static const struct rt_case cases[] = {
	{ "load at a fixed address", UVMM_HUPCALL_EXIT, { MOV_K(1, 0x10), LDXDW(0, 1, 0), EXIT }, 3, 0, 0,
	  UVMM_HUPCALL_RUN_BOUNDS, 1, "read of 8 bytes at 0x10 is outside every region" },
	{ "r10 + 64", UVMM_HUPCALL_EXIT, { MOV_X(1, 10), ADD_K(1, 64), LDXDW(0, 1, 0), EXIT }, 4, 0, 0,
	  UVMM_HUPCALL_RUN_BOUNDS, 2, "outside every region" },
	{ "r10 - 4096", UVMM_HUPCALL_EXIT, { MOV_X(1, 10), ADD_K(1, -4096), LDXDW(0, 1, 0), EXIT }, 4, 0, 0,
	  UVMM_HUPCALL_RUN_BOUNDS, 2, "outside every region" },
	{ "store into a read-only region", UVMM_HUPCALL_EXIT, { STDW(2, 0, 1), MOV_K(0, 0), EXIT }, 3, 0, 0,
	  UVMM_HUPCALL_RUN_PERM, 0, "the region does not allow it" },
	{ "store into the context", UVMM_HUPCALL_EXIT, { STDW(1, 0, 1), MOV_K(0, 0), EXIT }, 3, 0, 1,
	  UVMM_HUPCALL_RUN_PERM, 0, "write of 8 bytes at 0xff00000000000000" },
	{ "misaligned atomic", UVMM_HUPCALL_EXIT, { MOV_K(3, 1), XADD(2, 3, 1), MOV_K(0, 0), EXIT }, 4, 0, 1,
	  UVMM_HUPCALL_RUN_ALIGN, 1, "misaligned atomic" },
	{ "hash over the budget", UVMM_HUPCALL_EXIT, { MOV_X(1, 2), MOV_X(2, 3), CALL(UVMM_HU_HASH), EXIT },
	  4, 1, 0, UVMM_HUPCALL_RUN_HELPER, 2, "over the 1048576 bytes helpers may touch in one run" },
	{ "hash past the region", UVMM_HUPCALL_TIMER, { MOV_X(1, 2), MOV_K(2, 8192), CALL(UVMM_HU_HASH), EXIT },
	  4, 0, 0, UVMM_HUPCALL_RUN_BOUNDS, 2, "read of 8192 bytes" },
	{ "discard half a page", UVMM_HUPCALL_RECLAIM,
	  { MOV_K(1, 0x400800), MOV_K(2, 4096), CALL(UVMM_HU_DISCARD), EXIT }, 4, 0, 0,
	  UVMM_HUPCALL_RUN_HELPER, 2, "not whole 4 KiB pages of guest RAM" },
	{ "discard past RAM", UVMM_HUPCALL_RECLAIM,
	  { MOV_K(1, -4096), MOV_K(2, 4096), CALL(UVMM_HU_DISCARD), EXIT }, 4, 0, 0,
	  UVMM_HUPCALL_RUN_HELPER, 2, "discard 0xfffffffffffff000 + 0x1000" },
};
#define NCASES (sizeof(cases) / sizeof(cases[0]))

/* Each case: its registration, the run that fails (the next exit for exit
 * programs, the first tick for the timer, the trigger for reclaim), STATUS.
 * An exit program judges an exit after uvmm handled it (it sees what a read
 * returned), so the exit that fails it is a port write, not the STATUS. */
#define EXIT_CASE(err)                                             \
	EXPECT("hcall hupcall 0x0 0x0 * * * * * 0x0");                \
	EXPECT("hupcall exit 0 = !" err);                             \
	EXPECT("pio.out 0x80:1 = *");                                 \
	EXPECT("hcall hupcall 0x3 0x0 0x0 0x0 0x0 0x0 0x0 0x0")
EXIT_CASE("bounds");
EXIT_CASE("bounds");
EXIT_CASE("bounds");
EXIT_CASE("perm");
EXIT_CASE("perm");
EXIT_CASE("align");
EXIT_CASE("helper");
EXPECT("hcall hupcall 0x0 0x3 * * * * 0x0 0x3e8");
EXPECT("repeat 0.. {"); /* STATUS until the first tick has come */
EXPECT("  hcall hupcall 0x3 0x3 0x0 0x0 0x0 0x0 0x0 0x0");
EXPECT("}");
EXPECT("hupcall timer 1 = !bounds");
EXPECT("hcall hupcall 0x3 0x3 0x0 0x0 0x0 0x0 0x0 0x0");
EXPECT("repeat 2 {");
EXPECT("  hcall hupcall 0x0 0x1 * * * * 0x0 0x0");
EXPECT("  hcall hupcall 0x2 0x1 0x0 0x0 0x0 0x0 0x0 0x0");
EXPECT("  hupcall reclaim 0 = !helper");
EXPECT("  hcall hupcall 0x3 0x1 0x0 0x0 0x0 0x0 0x0 0x0");
EXPECT("}");
EXPECT_CASE(case_stopped, "bad-runs-stopped-and-unregistered");
UVMM_OPTIONS("mem=64M");

static uint8_t region[4096] __attribute__((aligned(4096)));
static volatile uint64_t *const target = (volatile uint64_t *)(uintptr_t)0x400000;

void guest_main(void)
{
	struct uvmm_hupcall_out out;

	*target = 0x1234; /* a resident page a bad discard must not touch */
	for (unsigned i = 0; i < NCASES; i++) {
		const struct rt_case *c = &cases[i];
		struct hupcall_prog p = { c->prog, c->n };
		uint64_t param = c->event == UVMM_HUPCALL_TIMER ? 1000 : 0;
		long st;

		st = hupcall_register(c->event, &p, c->big ? (void *)(uintptr_t)BIG_REGION : region,
				      c->big ? BIG_LEN : sizeof(region), c->writable ? UVMM_HUPCALL_WRITE : 0,
				      param, &out);
		GUEST_ASSERT_EQ(st, UVMM_HC_OK, "%s: %s", c->what, out.msg);
		if (c->event == UVMM_HUPCALL_RECLAIM) {
			GUEST_ASSERT_EQ(hupcall_trigger(c->event, &out), UVMM_HC_OK, "%s", c->what);
			GUEST_ASSERT_EQ(out.pages, 0, "%s", c->what);
		}
		if (c->event == UVMM_HUPCALL_EXIT)
			outb(0x80, (uint8_t)i);
		if (c->event == UVMM_HUPCALL_TIMER) {
			/* The first tick fails and unregisters the program. */
			do
				GUEST_ASSERT_EQ(hupcall_status(c->event, &out), UVMM_HC_OK);
			while (out.registered && !out.runs);
		} else {
			GUEST_ASSERT_EQ(hupcall_status(c->event, &out), UVMM_HC_OK);
		}
		GUEST_ASSERT_EQ(out.registered, 0, "%s", c->what);
		GUEST_ASSERT_EQ(out.runs, 1, "%s", c->what);
		GUEST_ASSERT_EQ(out.run_error, c->run, "%s: %s", c->what, out.msg);
		GUEST_ASSERT_EQ(out.pc, c->pc, "%s: %s", c->what, out.msg);
		GUEST_ASSERT(strstr(out.msg, c->msg), "%s: '%s' lacks '%s'", c->what, out.msg, c->msg);
	}
	GUEST_ASSERT_EQ(*target, 0x1234);
	report_pass(case_stopped);
}
