/* Ring 3 for 64-bit guests, on the boot CPU: user segments and a TSS, the
 * image's pages user-accessible, and a call into CPL 3 that ends at `int 0x80`. */
#ifndef UVMM_USERMODE_H
#define UVMM_USERMODE_H

#include <stdint.h>

#define USER_DS_SEL (0x20 | 3)
#define USER_CS_SEL (0x28 | 3)
#define USER_RETURN_VECTOR 0x80

/* What the ring-0 handler of the `int 0x80` that ended a user_call saw: the
 * vector, the interrupted user context the CPU pushed, RAX then, and the CS
 * the handler itself ran with. */
struct user_exit {
	uint64_t vector;
	uint64_t rip, cs, rflags, rsp, ss;
	uint64_t rax;
	uint64_t handler_cs;
};

/* Loads a GDT with the runtime's kernel segments plus user data 0x20, user
 * code 0x28 and a TSS (RSP0 on a runtime stack); sets U at every level of the
 * walk to each page of the image; gives gate 0x80 DPL 3 and its handler.
 * Page-table changes to the image after this need PTE_U themselves. Once. */
void usermode_init(void);

/* Runs entry at CPL 3 with IF=0, IOPL 0, RSP = user_stack_top() and RAX = rax.
 * entry is code that ends with `int $0x80` (it never returns); user_call then
 * returns RAX as it was at the INT and, when out is not NULL, fills *out. */
uint64_t user_call(void (*entry)(void), uint64_t rax, struct user_exit *out);

uint64_t user_stack_top(void);

#endif
