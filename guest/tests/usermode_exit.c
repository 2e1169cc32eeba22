/* The runtime's ring-3 path that needs no INT n: user_call enters CPL 3 by
 * IRETQ, and user_exit() comes back through an exception (a #DE at a known
 * address, through an ordinary DPL-0 gate: SDM 6.12.1.1 does not check the
 * gate's DPL for exceptions). The handler sees the user frame the CPU pushed:
 * CS and SS with RPL 3, RFLAGS as IRETQ set them, the user RSP. user_run runs
 * a C function at CPL 3 the same way. */
#include <uvmm/guest.h>
#include <uvmm/usermode.h>

#define KERNEL_CS 0x08
#define USER_RAX 0x1234567890abcdefull

EXPECT_CASE(case_exit_frame, "exit-frame");
EXPECT_CASE(case_exit_if1, "exit-frame-if1");
EXPECT_CASE(case_user_run, "user-run");

extern char usermode_exit_div[];

void user_leave(void);
__asm__(".text\n.globl user_leave\nuser_leave:\n\tjmp usermode_exit_user\n");

/* The flags user code chose; the DIV's XOR sets arithmetic flags and a fault
 * frame may carry RF, neither of which this test is about. */
#define SYSTEM_FLAGS (X86_RFLAGS_FIXED | X86_RFLAGS_TF | X86_RFLAGS_IF | X86_RFLAGS_IOPL | \
		      X86_RFLAGS_NT | X86_RFLAGS_AC)

static volatile uint64_t seen_cs, written;

/* (What PUSHF shows here is the pg_flags tests' business.) */
static void at_cpl3(void)
{
	seen_cs = read_cs();
	written = 0x5a5a;
}

void guest_main(void)
{
	struct user_exit e;

	usermode_init();
	GUEST_ASSERT_EQ(user_call(user_leave, USER_RAX, &e), USER_RAX);
	GUEST_ASSERT_EQ(e.vector, USER_EXIT_VECTOR);
	GUEST_ASSERT_EQ(e.cs, USER_CS_SEL);
	GUEST_ASSERT_EQ(e.ss, USER_DS_SEL);
	GUEST_ASSERT_EQ(e.rip, (uint64_t)(uintptr_t)usermode_exit_div);
	GUEST_ASSERT_EQ(e.rsp, user_stack_top());
	GUEST_ASSERT_EQ(e.rflags & SYSTEM_FLAGS, X86_RFLAGS_FIXED);
	GUEST_ASSERT_EQ(e.handler_cs, KERNEL_CS);
	GUEST_ASSERT_EQ(read_cs(), KERNEL_CS);
	report_pass(case_exit_frame);

	/* IF=1 at CPL 3 shows in the frame (no interrupt source is on); the
	 * kernel is back with IF=0. */
	GUEST_ASSERT_EQ(user_call_flags(user_leave, 7, X86_RFLAGS_IF, &e), 7);
	GUEST_ASSERT_EQ(e.rflags & SYSTEM_FLAGS, X86_RFLAGS_FIXED | X86_RFLAGS_IF);
	GUEST_ASSERT_EQ(read_flags() & X86_RFLAGS_IF, 0);
	report_pass(case_exit_if1);

	user_run(at_cpl3, 0);
	GUEST_ASSERT_EQ(written, 0x5a5a);
	GUEST_ASSERT_EQ(seen_cs & 3, 3);
	report_pass(case_user_run);
}
