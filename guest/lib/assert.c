/* Failed GUEST_ASSERT*: the ASSERT hypercall carries file, line, expression
 * and values to the VMM (printed instead under QEMU), then the guest exits 1. */
#include <uvmm/hypercall.h>
#include <uvmm/printf.h>
#include <uvmm/string.h>
#include <uvmm/test.h>

void guest_assert_fail(const char *file, unsigned line, const char *expr, uint64_t lhs,
		       uint64_t rhs, int has_values)
{
	struct uvmm_hc_assert b = {
		.file = uvmm_gpa(file),
		.file_len = strlen(file),
		.line = line,
		.expr = uvmm_gpa(expr),
		.expr_len = strlen(expr),
		.lhs = lhs,
		.rhs = rhs,
		.flags = has_values ? UVMM_ASSERT_HAS_VALUES : 0,
		.caller = (uintptr_t)__builtin_return_address(0),
	};

	if (uvmm_hypercall_checked(UVMM_HC_ASSERT, &b) == UVMM_HC_UNANSWERED) {
		printf("assertion failed: %s:%u: %s", file, line, expr);
		if (has_values)
			printf(" (0x%llx vs 0x%llx)", (unsigned long long)lhs,
			       (unsigned long long)rhs);
		printf("\n");
	}
	guest_exit(1);
}
