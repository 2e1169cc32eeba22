/* The test API every guest uses: its entry point, verdicts, reports and
 * assertions (failures go to the VMM through hypercalls, then exit 1). */
#ifndef UVMM_TEST_H
#define UVMM_TEST_H

#include <stdint.h>

#include "abi.h"
#include "expect.h"

/* Each test defines this; the runtime calls it, then guest_exit(0). The
 * runtime also declares that final exit (EXPECT_END), so a test that ends by
 * returning from guest_main need not write it. */
void guest_main(void);

/* `outl status` to the isa-debug-exit port (0xf4), then stops for good. */
__attribute__((noreturn)) void guest_exit(unsigned status);

/* The test does not apply here: ends the run as SKIP with reason, wherever the
 * test is in its expectations (the skip is never checked against them). */
__attribute__((noreturn)) void guest_skip(const char *reason);

/* REPORT hypercall; reason may be NULL. Under QEMU it prints the report instead. */
long test_report(const char *name, enum uvmm_result result, const char *reason);

/* A named case, written once: EXPECT_CASE(ident, "name") declares, at this
 * point of the expected exits, the case's pass report and names it ident;
 * report_pass(ident) sends that report. An unused case fails the build. */
#define EXPECT_CASE(ident, name)                                   \
	EXPECT("hcall report pass \"" name "\"");                  \
	static const char ident[] = name
static inline long report_pass(const char *name)
{
	return test_report(name, UVMM_RESULT_PASS, 0);
}

/* Send the ASSERT hypercall (values included when has_values) and exit 1;
 * the f variant adds a formatted message to the expression text. */
__attribute__((noreturn))
void guest_assert_fail(const char *file, unsigned line, const char *expr, uint64_t lhs,
		       uint64_t rhs, int has_values);
__attribute__((noreturn, format(printf, 7, 8)))
void guest_assert_failf(const char *file, unsigned line, const char *expr, uint64_t lhs,
			uint64_t rhs, int has_values, const char *fmt, ...);
/* guest_assert_fail, or guest_assert_failf when a message follows. */
#define UVMM_ASSERT_FAIL(expr, a, b, has, ...)                                       \
	guest_assert_fail##__VA_OPT__(f)(__FILE__, __LINE__, expr, a, b,             \
					 has __VA_OPT__(,) __VA_ARGS__)

/* GUEST_ASSERT(cond) or GUEST_ASSERT(cond, "format", args...). */
#define GUEST_ASSERT(cond, ...)                                              \
	do {                                                                 \
		if (!(cond))                                                 \
			UVMM_ASSERT_FAIL(#cond, 0, 0, 0, __VA_ARGS__);       \
	} while (0)

/* Unsigned 64-bit comparisons that report both values, with an optional
 * formatted message: GUEST_ASSERT_LT(used, limit, "slot %u", i). */
#define UVMM_ASSERT_CMP(a, b, op, text, ...)                                           \
	do {                                                                           \
		uint64_t uvmm_a_ = (uint64_t)(a), uvmm_b_ = (uint64_t)(b);             \
		if (!(uvmm_a_ op uvmm_b_))                                             \
			UVMM_ASSERT_FAIL(text, uvmm_a_, uvmm_b_, 1, __VA_ARGS__);      \
	} while (0)

#define GUEST_ASSERT_EQ(a, b, ...) UVMM_ASSERT_CMP(a, b, ==, #a " == " #b, __VA_ARGS__)
#define GUEST_ASSERT_NE(a, b, ...) UVMM_ASSERT_CMP(a, b, !=, #a " != " #b, __VA_ARGS__)
#define GUEST_ASSERT_LT(a, b, ...) UVMM_ASSERT_CMP(a, b, <, #a " < " #b, __VA_ARGS__)
#define GUEST_ASSERT_LE(a, b, ...) UVMM_ASSERT_CMP(a, b, <=, #a " <= " #b, __VA_ARGS__)
#define GUEST_ASSERT_GT(a, b, ...) UVMM_ASSERT_CMP(a, b, >, #a " > " #b, __VA_ARGS__)
#define GUEST_ASSERT_GE(a, b, ...) UVMM_ASSERT_CMP(a, b, >=, #a " >= " #b, __VA_ARGS__)

/* A print for debugging a test: its exits are never checked against the
 * expectations, so adding or removing one changes no verdict (under QEMU it
 * goes to COM1). */
__attribute__((format(printf, 1, 2))) void debug_printf(const char *fmt, ...);

#endif
