/* Wrappers that fill a hypercall's argument block and issue it. */
#include <stdarg.h>

#include <uvmm/hypercall.h>
#include <uvmm/printf.h>
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

long uvmm_expect_addf(const char *fmt, ...)
{
	static char text[UVMM_HC_EXPECT_MAX + 1];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	/* Cut text would be other expectations than the test meant. */
	if (n < 0 || (size_t)n >= sizeof(text))
		return UVMM_HC_EINVAL;
	return uvmm_expect_add(text);
}

long uvmm_report_exception(uint64_t vector, uint64_t error_code, uint64_t rip, uint64_t cr2)
{
	struct uvmm_hc_exception b = {
		.vector = vector, .error_code = error_code, .rip = rip, .cr2 = cr2,
	};

	return uvmm_hypercall_checked(UVMM_HC_EXCEPTION, &b);
}
