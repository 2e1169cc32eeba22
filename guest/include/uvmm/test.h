/* The test API every guest uses: its entry point, verdicts, reports and
 * assertions (failures go to the VMM through hypercalls, then exit 1). */
#ifndef UVMM_TEST_H
#define UVMM_TEST_H

#include <stdint.h>

#include "abi.h"

/* Each test defines this; the runtime calls it, then guest_exit(0). */
void guest_main(void);

/* `outl status` to the isa-debug-exit port (0xf4), then stops for good. */
__attribute__((noreturn)) void guest_exit(unsigned status);

/* REPORT hypercall; reason may be NULL. Under QEMU it prints the report instead. */
long test_report(const char *name, enum uvmm_result result, const char *reason);

/* Sends the ASSERT hypercall (values included when has_values) and exits 1. */
__attribute__((noreturn)) void guest_assert_fail(const char *file, unsigned line, const char *expr,
						 uint64_t lhs, uint64_t rhs, int has_values);

#define GUEST_ASSERT(cond)                                                          \
	do {                                                                        \
		if (!(cond))                                                        \
			guest_assert_fail(__FILE__, __LINE__, #cond, 0, 0, 0);      \
	} while (0)

#define UVMM_ASSERT_CMP(a, b, op, text)                                                   \
	do {                                                                              \
		uint64_t uvmm_a_ = (uint64_t)(a), uvmm_b_ = (uint64_t)(b);                \
		if (!(uvmm_a_ op uvmm_b_))                                                \
			guest_assert_fail(__FILE__, __LINE__, text, uvmm_a_, uvmm_b_, 1); \
	} while (0)

#define GUEST_ASSERT_EQ(a, b) UVMM_ASSERT_CMP(a, b, ==, #a " == " #b)
#define GUEST_ASSERT_NE(a, b) UVMM_ASSERT_CMP(a, b, !=, #a " != " #b)

#endif
