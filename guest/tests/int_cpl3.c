/* `int 0x80` at CPL 3 through a DPL-3 interrupt gate reaches its handler at
 * CPL 0 (SDM 6.12.1.1): KVM runs INT natively, so nothing exits. The handler
 * sees vector 0x80 and the interrupted user frame: CS and SS with RPL 3, the
 * user RSP, RFLAGS as IRETQ set them and the RIP after the INT. */
#include <uvmm/guest.h>
#include <uvmm/usermode.h>

#define KERNEL_CS 0x08
#define USER_RAX 0x1234567890abcdefull
#define USER_RFLAGS 0x2 /* IF=0, IOPL 0 */

EXPECT_CASE(case_int_0x80_from_cpl3, "int-0x80-from-cpl3");

void user_int80(void);
extern char user_int80_next[];

__asm__(".text\n"
	".globl user_int80, user_int80_next\n"
	"user_int80:\n\tint $0x80\n"
	"user_int80_next:\n\tud2\n");

void guest_main(void)
{
	struct user_exit e;

	usermode_init();
	GUEST_ASSERT_EQ(user_call(user_int80, USER_RAX, &e), USER_RAX);
	GUEST_ASSERT_EQ(e.vector, USER_RETURN_VECTOR);
	GUEST_ASSERT_EQ(e.cs & 3, 3);
	GUEST_ASSERT_EQ(e.cs, USER_CS_SEL);
	GUEST_ASSERT_EQ(e.ss, USER_DS_SEL);
	GUEST_ASSERT_EQ(e.rip, (uint64_t)(uintptr_t)user_int80_next);
	GUEST_ASSERT_EQ(e.rsp, user_stack_top());
	GUEST_ASSERT_EQ(e.rflags, USER_RFLAGS);
	GUEST_ASSERT_EQ(e.handler_cs, KERNEL_CS);
	GUEST_ASSERT_EQ(read_cs(), KERNEL_CS);
	report_pass(case_int_0x80_from_cpl3);
}
