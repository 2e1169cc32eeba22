/* SYSCALL from CPL 3 and SYSRET back (SDM Vol. 2B SYSCALL/SYSRET, 5.8.8):
 * SYSCALL loads CS = IA32_STAR[47:32] (CPL 0) and SS = that + 8, saves the
 * next RIP in RCX and RFLAGS in R11, clears the IA32_FMASK bits and leaves RSP
 * alone; SYSRET loads CS = IA32_STAR[63:48] + 16 and SS = + 8, both RPL 3,
 * RIP = RCX, RFLAGS = R11. Nothing exits to the VMM. The way back to the
 * kernel is the runtime's user_exit, which does not depend on SYSCALL. */
#include <uvmm/guest.h>
#include <uvmm/usermode.h>

#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
#define MSR_STAR 0xc0000081u
#define MSR_LSTAR 0xc0000082u
#define MSR_FMASK 0xc0000084u
#define SYSRET_BASE 0x18 /* SYSRET: CS 0x28|3, SS 0x20|3 (the runtime's GDT) */
#define FMASK (X86_RFLAGS_TF | X86_RFLAGS_DF | X86_RFLAGS_IF | X86_RFLAGS_IOPL | \
	       X86_RFLAGS_NT | X86_RFLAGS_AC)
#define MARK_SYSRET 0x5e7
#define USER_FLAGS (X86_RFLAGS_FIXED | X86_RFLAGS_IF | X86_RFLAGS_AC)

EXPECT_CASE(case_syscall_entry, "syscall-cpl0-entry");
EXPECT_CASE(case_sysret, "sysret-cpl3");

/* What the entry saw, stored before anything else. */
uint64_t sc_rcx, sc_r11, sc_rsp, sc_cs, sc_ss, sc_flags;
void sc_entry(void);
void sc_user(void);
void sc_after_sysret(void);
extern char sc_user_next[];

__asm__(".text\n"
	".globl sc_entry, sc_user, sc_user_next, sc_after_sysret\n"
	/* CPL 3: SYSCALL with user flags IF and AC set. */
	"sc_user:\n\tsyscall\n"
	"sc_user_next:\n\tud2\n"
	/* LSTAR. If SYSCALL left the CPU at CPL 3 (CS RPL 3), there is no kernel
	 * stack to use: go back the runtime's way with RAX = 0. */
	"sc_entry:\n"
	"\tmov %rcx, sc_rcx(%rip)\n\tmov %r11, sc_r11(%rip)\n\tmov %rsp, sc_rsp(%rip)\n"
	"\tmov %cs, %eax\n\tmov %rax, sc_cs(%rip)\n"
	"\tmov %ss, %eax\n\tmov %rax, sc_ss(%rip)\n"
	"\tpushf\n\tpop %rax\n\tmov %rax, sc_flags(%rip)\n"
	"\ttestb $3, sc_cs(%rip)\n"
	"\tjz 1f\n"
	"\txor %eax, %eax\n\tjmp usermode_exit_user\n"
	/* CPL 0: SYSRET to sc_after_sysret with RFLAGS = R11 as saved. */
	"1:\tlea sc_after_sysret(%rip), %rcx\n"
	"\tsysretq\n"
	"sc_after_sysret:\n"
	"\tmov $0x5e7, %eax\n\tjmp usermode_exit_user\n");

void guest_main(void)
{
	struct user_exit e;
	uint64_t r;

	usermode_init();
	wrmsr(MSR_STAR, (uint64_t)KERNEL_CS << 32 | (uint64_t)SYSRET_BASE << 48);
	wrmsr(MSR_LSTAR, (uint64_t)(uintptr_t)sc_entry);
	wrmsr(MSR_FMASK, FMASK);
	wrmsr(X86_MSR_EFER, rdmsr(X86_MSR_EFER) | X86_EFER_SCE);

	r = user_call_flags(sc_user, 0, USER_FLAGS, &e);
	GUEST_ASSERT_EQ(sc_cs, KERNEL_CS, "SYSCALL from CPL 3 must run LSTAR at CPL 0 with CS = STAR[47:32]");
	GUEST_ASSERT_EQ(sc_ss, KERNEL_DS);
	GUEST_ASSERT_EQ(sc_rcx, (uint64_t)(uintptr_t)sc_user_next);
	GUEST_ASSERT_EQ(sc_r11 & FMASK, USER_FLAGS & FMASK);
	GUEST_ASSERT_EQ(sc_flags & FMASK, 0);
	GUEST_ASSERT_EQ(sc_rsp, user_stack_top());
	report_pass(case_syscall_entry);

	GUEST_ASSERT_EQ(r, MARK_SYSRET);
	GUEST_ASSERT_EQ(e.vector, USER_EXIT_VECTOR);
	GUEST_ASSERT_EQ(e.cs, USER_CS_SEL);
	GUEST_ASSERT_EQ(e.ss, USER_DS_SEL);
	GUEST_ASSERT_EQ(e.rflags & FMASK, USER_FLAGS & FMASK);
	report_pass(case_sysret);
}
