/* Failed GUEST_ASSERT*: the ASSERT hypercall carries file, line, expression
 * (with the test's message, if it gave one) and values to the VMM (printed
 * instead under QEMU), then the guest exits 1. */
#include <stdarg.h>

#include <uvmm/hypercall.h>
#include <uvmm/printf.h>
#include <uvmm/result_lines.h>
#include <uvmm/string.h>
#include <uvmm/test.h>

void guest_assert_failf(const char *file, unsigned line, const char *expr, uint64_t lhs,
			uint64_t rhs, int has_values, const char *fmt, ...)
{
	static char text[UVMM_HC_STRING_MAX];
	va_list ap;
	int n;

	n = snprintf(text, sizeof(text), "%s: ", expr);
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < sizeof(text))
		vsnprintf(text + n, sizeof(text) - (size_t)n, fmt, ap);
	va_end(ap);
	guest_assert_fail(file, line, text, lhs, rhs, has_values);
}

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
	};
	if (uvmm_hypercall_checked(UVMM_HC_ASSERT, &b) == UVMM_HC_UNANSWERED)
		result_emit(&(struct result_event){ .kind = RESULT_ASSERT, .name = file,
						    .text = expr, .line = line,
						    .has_values = has_values, .v = { lhs, rhs } });
	guest_exit(1);
}
