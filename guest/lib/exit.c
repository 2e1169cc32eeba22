/* The ways a guest ends: a write to the isa-debug-exit port, which uvmm and
 * QEMU both understand, or a skip. Nothing after either may run. */
#include <uvmm/abi.h>
#include <uvmm/hypercall.h>
#include <uvmm/io.h>
#include <uvmm/printf.h>
#include <uvmm/string.h>
#include <uvmm/test.h>

void guest_exit(unsigned status)
{
	outl(UVMM_DEBUG_EXIT_PORT, status);
	for (;;)
		__asm__ volatile("cli; hlt" : : : "memory");
}

void guest_skip(const char *reason)
{
	struct uvmm_hc_skip b = { .reason = uvmm_gpa(reason), .reason_len = strlen(reason) };

	/* Under QEMU nobody answers: say why, then exit with the skip status. */
	if (uvmm_hypercall_checked(UVMM_HC_SKIP, &b) == UVMM_HC_UNANSWERED)
		printf("skip: %s\n", reason);
	guest_exit(UVMM_EXIT_SKIP_STATUS);
}
