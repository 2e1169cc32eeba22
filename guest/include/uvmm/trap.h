/* Expected exceptions at one marked instruction (64-bit guests): the handler
 * records what the CPU delivered and resumes right after that instruction. */
#ifndef UVMM_TRAP_H
#define UVMM_TRAP_H

#include <stdint.h>

#include "hypercall.h"
#include "idt.h"
#include "printf.h"
#include "test.h"
#include "value.h"

/* Wrap the faulting instruction in extended asm as
 *   TRAP_BEGIN "insn" TRAP_END  with  TRAP_CLOBBERS
 * R10 carries the instruction's address and R11 where to resume, so the
 * handler needs no table and works for any instruction length. */
#define TRAP_BEGIN "leaq 1f(%%rip), %%r10\n\tleaq 2f(%%rip), %%r11\n1:\t"
#define TRAP_END "\n2:\n"
#define TRAP_CLOBBERS "r10", "r11", "memory"

struct trap_seen {
	uint64_t vector, error_code, rip, cr2;
	uint64_t marked; /* address of the marked instruction (R10) */
	unsigned count;
};

/* Each test is one translation unit, so one copy per image. */
static struct trap_seen trap_seen;

static inline void trap_handler(struct exc_frame *f)
{
	/* A fault anywhere else is a bug, not an expected trap: fail loudly. */
	if (f->rip != f->r10) {
		uvmm_report_exception(f->vector, f->error_code, f->rip, f->cr2);
		guest_exit(1);
	}
	trap_seen = (struct trap_seen){ f->vector, f->error_code, f->rip, f->cr2, f->r10,
					trap_seen.count + 1 };
	f->rip = f->r11;
}

static inline void trap_catch(unsigned vector)
{
	idt_set_handler(vector, trap_handler);
}

/* States the last trap's vector and error code as values "trapN.vector"
 * and "trapN.error" (uvmm/value.h), N its count, so `uvmm diff` shows what
 * each platform delivered. */
static inline void trap_values(void)
{
	char name[32];

	snprintf(name, sizeof(name), "trap%u.vector", trap_seen.count);
	report_value(name, trap_seen.vector);
	snprintf(name, sizeof(name), "trap%u.error", trap_seen.count);
	report_value(name, trap_seen.error_code);
}

/* Asserts the last trap was vector/error at its marked instruction; count
 * is the number of traps expected so far. Its values are stated first. */
#define TRAP_ASSERT(vec, err, n)                                        \
	do {                                                            \
		trap_values();                                          \
		GUEST_ASSERT_EQ(trap_seen.count, (n));                  \
		GUEST_ASSERT_EQ(trap_seen.vector, (vec));               \
		GUEST_ASSERT_EQ(trap_seen.error_code, (err));           \
		GUEST_ASSERT_EQ(trap_seen.rip, trap_seen.marked);       \
	} while (0)

/* Sends `hcall exception` for the last trap, declaring its exact values
 * first (the image declares `hcall expect *` for each call). */
static inline void trap_report(void)
{
	char text[128];
	long r;

	snprintf(text, sizeof(text), "hcall exception %llu 0x%llx 0x%llx 0x%llx\n",
		 (unsigned long long)trap_seen.vector, (unsigned long long)trap_seen.error_code,
		 (unsigned long long)trap_seen.rip, (unsigned long long)trap_seen.cr2);
	r = uvmm_expect_add(text);

	GUEST_ASSERT(uvmm_hc_accepted(r), "uvmm_expect_add returned %ld", r);
	r = uvmm_report_exception(trap_seen.vector, trap_seen.error_code, trap_seen.rip,
				  trap_seen.cr2);
	GUEST_ASSERT(uvmm_hc_accepted(r), "uvmm_report_exception returned %ld", r);
}

#endif
