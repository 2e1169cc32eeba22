/* Wrappers that fill a hypercall's argument block and issue it. */
#include <uvmm/hypercall.h>
#include <uvmm/string.h>

long uvmm_console_write(const char *buf, size_t len)
{
	struct uvmm_hc_console b = { .buf = uvmm_gpa(buf), .len = len };

	return uvmm_hypercall_checked(UVMM_HC_CONSOLE, &b);
}

long uvmm_expect_add(const char *text)
{
	struct uvmm_hc_expect b = { .text = uvmm_gpa(text), .text_len = strlen(text) };

	return uvmm_hypercall_checked(UVMM_HC_EXPECT, &b);
}

long uvmm_report_exception(uint64_t vector, uint64_t error_code, uint64_t rip, uint64_t cr2)
{
	struct uvmm_hc_exception b = {
		.vector = vector, .error_code = error_code, .rip = rip, .cr2 = cr2,
	};

	return uvmm_hypercall_checked(UVMM_HC_EXCEPTION, &b);
}
