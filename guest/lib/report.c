/* Results through the REPORT and SKIP hypercalls; printed on the console in
 * the result protocol when no uvmm answers (uvmm/result_lines.h), so a QEMU
 * or UEFI run still shows them. */
#include <uvmm/hypercall.h>
#include <uvmm/result_lines.h>
#include <uvmm/string.h>
#include <uvmm/test.h>

long test_report(const char *name, enum uvmm_result result, const char *reason)
{
	struct uvmm_hc_report b = {
		.name = uvmm_gpa(name),
		.name_len = strlen(name),
		.result = result,
		.reason = reason ? uvmm_gpa(reason) : 0,
		.reason_len = reason ? strlen(reason) : 0,
	};
	long ret = uvmm_hypercall_checked(UVMM_HC_REPORT, &b);

	if (ret == UVMM_HC_UNANSWERED)
		result_emit(&(struct result_event){ .kind = RESULT_REPORT, .result = result,
						    .name = name, .text = reason });
	return ret;
}

void guest_skip(const char *reason)
{
	struct uvmm_hc_skip b = { .reason = uvmm_gpa(reason), .reason_len = strlen(reason) };

	/* Without uvmm: say why, then exit with the skip status. */
	if (uvmm_hypercall_checked(UVMM_HC_SKIP, &b) == UVMM_HC_UNANSWERED)
		result_emit(&(struct result_event){ .kind = RESULT_SKIP, .text = reason });
	guest_exit(UVMM_EXIT_SKIP_STATUS);
}
