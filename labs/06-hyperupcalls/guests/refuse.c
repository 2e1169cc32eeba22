/* Lab 6, Part C: registers each program of given/unsafe.bpf.c for the exit
 * event and prints uvmm's answer, one line each:
 *   unsafe/NAME: status -13 rule R: exit program: insn N (MNEMONIC): RULE: ...
 * It reports pass only when all four are refused by the verifier (EACCES).
 * Run it: build/uvmm run build/labs/teacher/lab6/guests/refuse.elf */
#include <uvmm/guest.h>
#include <uvmm/hupcall.h>

HUPCALL_OBJECT(unsafe_obj);

EXPECT("ignore console");
EXPECT("repeat 4 {");
EXPECT("  hcall hupcall !eacces");
EXPECT("}");
EXPECT_CASE(case_refused, "all-refused");

static const char *const progs[] = { "loop", "helper", "stack", "r10" };
static uint64_t region[8];

void guest_main(void)
{
	unsigned refused = 0;

	for (unsigned i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		struct uvmm_hupcall_out out;
		char section[32];
		long st;

		snprintf(section, sizeof(section), "unsafe/%s", progs[i]);
		st = hupcall_attach(&unsafe_obj, section, UVMM_HUPCALL_EXIT, region, sizeof(region),
				    0, 0, &out);
		printf("%s: status %ld rule %u: %s\n", section, st, (unsigned)out.rule, out.msg);
		if (st == UVMM_HC_OK)
			hupcall_unregister(UVMM_HUPCALL_EXIT);
		refused += st == UVMM_HC_EACCES;
	}
	GUEST_ASSERT_EQ(refused, 4);
	report_pass(case_refused);
}
