/* test_reportf: the reason formatted into a buffer, then one report. */
#include <stdarg.h>

#include <uvmm/printf.h>
#include <uvmm/reportf.h>
#include <uvmm/test.h>

long test_reportf(const char *name, int ok, const char *fmt, ...)
{
	char why[UVMM_HC_STRING_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return test_report(name, ok ? UVMM_RESULT_PASS : UVMM_RESULT_FAIL, why);
}
