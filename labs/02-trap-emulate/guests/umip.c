/* Lab 2, the grader's probe (requires = probe:umip.elf): exits 0 when the
 * vCPU has UMIP (CPUID leaf 7, ECX bit 2, as KVM offers it), else 77. */
#include <uvmm/guest.h>

void guest_main(void)
{
	if (!(cpuid(7, 0).ecx & (1u << 2)))
		guest_exit(UVMM_EXIT_SKIP_STATUS);
}
