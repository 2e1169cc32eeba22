/* Per-case results through the REPORT hypercall; printed on the console when
 * no uvmm answers (under QEMU), so a QEMU run still shows them. */
#include <uvmm/hypercall.h>
#include <uvmm/printf.h>
#include <uvmm/string.h>
#include <uvmm/test.h>

long test_report(const char *name, enum uvmm_result result, const char *reason)
{
	static const char *const words[] = UVMM_RESULT_WORDS;
	struct uvmm_hc_report b = {
		.name = uvmm_gpa(name),
		.name_len = strlen(name),
		.result = result,
		.reason = reason ? uvmm_gpa(reason) : 0,
		.reason_len = reason ? strlen(reason) : 0,
	};
	long ret = uvmm_hypercall_checked(UVMM_HC_REPORT, &b);

	if (ret == UVMM_HC_UNANSWERED)
		printf("report %s %s%s%s\n", (unsigned)result < 3 ? words[result] : "?", name,
		       reason ? " " : "", reason ? reason : "");
	return ret;
}
