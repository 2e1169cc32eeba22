/* Ring 3 for 64-bit guests, on the boot CPU: user segments and a TSS, the
 * image's pages user-accessible, and calls into CPL 3 that come back by a
 * deliberate exception (user_exit: works on every KVM) or by `int 0x80` (the
 * INT n path, which int_cpl3 tests). */
#ifndef UVMM_USERMODE_H
#define UVMM_USERMODE_H

#include <stdint.h>

#define USER_DS_SEL (0x20 | 3)
#define USER_CS_SEL (0x28 | 3)
#define USER_RETURN_VECTOR 0x80
/* user_exit.vector of a call that ended with user_exit(): #DE. */
#define USER_EXIT_VECTOR 0

/* How a user_call ended: the vector (USER_EXIT_VECTOR, or USER_RETURN_VECTOR
 * for `int 0x80`), the user context the CPU pushed (for user_exit, rip is the
 * runtime's faulting DIV, usermode_exit_div), RAX then, and the CS the
 * CPL-0 handler ran with. */
struct user_exit {
	uint64_t vector;
	uint64_t rip, cs, rflags, rsp, ss;
	uint64_t rax;
	uint64_t handler_cs;
};

/* Loads a GDT with the runtime's kernel segments, a 32-bit code segment 0x18,
 * user data 0x20, user code 0x28 and a TSS (RSP0 on a runtime stack); sets U
 * at every level of the walk to each page of the image; gives gate 0x80 DPL 3
 * and its handler; installs the #DE handler that recognises user_exit (any
 * other #DE is reported as an unexpected exception). Page-table changes to
 * the image after this need PTE_U themselves. Once. */
void usermode_init(void);

/* Runs entry at CPL 3 with RFLAGS = rflags (bit 1 is forced on; IF and IOPL
 * as given), RSP = user_stack_top() and RAX = rax. entry never returns: it
 * ends with user_exit() (or a jump to usermode_exit_user with the value in
 * RAX) or `int $0x80`. user_call_flags returns
 * RAX as it was then and, when out is not NULL, fills *out. */
uint64_t user_call_flags(void (*entry)(void), uint64_t rax, uint64_t rflags,
			 struct user_exit *out);
/* user_call_flags with RFLAGS 0x2: IF=0, IOPL 0. */
uint64_t user_call(void (*entry)(void), uint64_t rax, struct user_exit *out);

/* Runs the C function fn at CPL 3 with RFLAGS = rflags: a trampoline calls
 * it and, when it returns, ends the call with user_exit(0). fn may read and
 * write the image's memory but not do port I/O (no hypercalls, no asserts):
 * it leaves its results in memory for CPL 0 to check. */
void user_run(void (*fn)(void), uint64_t rflags);

/* Ends a user_call from CPL 3 with RAX = rax: a divide by zero at
 * usermode_exit_div. Needs neither an IDT gate with DPL 3 nor the SYSCALL
 * MSRs, so it works where INT n or SYSCALL at CPL 3 does not (kvm_pvm). */
__attribute__((noreturn)) void user_exit(uint64_t rax);
/* Where user_exit jumps (RAX = the value); for hand-written CPL-3 code. */
void usermode_exit_user(void);

uint64_t user_stack_top(void);

#endif
