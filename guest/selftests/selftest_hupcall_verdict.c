/* A guest whose own checker fails it where the test did not say it would:
 * its exit program passes the first exit and returns verdict 3 on the
 * second. `ignore hupcall` lets the passing runs through, never a fail
 * verdict, so uvmm must report a MISMATCH (exit 2), or GUEST_FAIL (exit 1)
 * under --no-check; tests/integration/test_hupcall.sh checks both. */
#include <uvmm/bpf_insn.h>
#include <uvmm/guest.h>
#include <uvmm/hupcall.h>

EXPECT("ignore hupcall");
EXPECT("pio.out 0x80:1 = 0x1");
EXPECT("pio.out 0x80:1 = 0x2");

/* r0 = 3 from the second run on: ctx->h.seq (offset 32) > 1. */
static const uint64_t prog[] = {
	LDXDW(0, 1, 32), JGT_K(0, 1, 2), MOV_K(0, 0), EXIT, MOV_K(0, 3), EXIT,
};
static uint8_t region[8];

_Static_assert(__builtin_offsetof(struct uvmm_hupcall_ctx, seq) == 32, "seq is at 32");

void guest_main(void)
{
	struct hupcall_prog p = { prog, sizeof(prog) / 8 };
	struct uvmm_hupcall_out out;

	GUEST_ASSERT_EQ(hupcall_register(UVMM_HUPCALL_EXIT, &p, region, sizeof(region), 0, 0, &out),
			UVMM_HC_OK, "%s", out.msg);
	outb(0x80, 1);
	outb(0x80, 2);
	GUEST_ASSERT(0, "the second exit should have ended the run");
}
