/* How a test ends under UEFI. Started by the sequencer: its TAP point goes
 * to an NVRAM variable (runtime services outlive ExitBootServices, files do
 * not) and the machine resets into the sequencer, which files it. Started
 * alone: a last console line and the isa-debug-exit port, which ends QEMU
 * (only under a hypervisor: on a real machine 0xf4 is the chipset's). */
#include <efi.h>

#include <uvmm/abi.h>
#include <uvmm/cpu.h>
#include <uvmm/io.h>
#include <uvmm/printf.h>
#include <uvmm/test.h>

#include "efi_platform.h"

static EFI_GUID guid = UVMM_EFI_GUID;
static char point[UVMM_EFI_RESULT_MAX];

/* Runtime services run on the firmware's tables: EFER first (its tables may
 * hold NX bits), then CR3, then CR4 and CR0 (SMEP, WP...). Interrupts stay off. */
static void firmware_cpu(void)
{
	cli();
	wrmsr(X86_MSR_EFER, efi.fw.efer);
	write_cr3(efi.fw.cr3);
	write_cr4(efi.fw.cr4);
	write_cr0(efi.fw.cr0);
}

uint64_t efi_set_variable(const uint16_t *name, const void *data, size_t len)
{
	EFI_RUNTIME_SERVICES *rt = efi.runtime;

	firmware_cpu();
	return rt->SetVariable((CHAR16 *)name, &guid,
			       EFI_VARIABLE_NON_VOLATILE | EFI_VARIABLE_BOOTSERVICE_ACCESS |
			       EFI_VARIABLE_RUNTIME_ACCESS, len, (void *)data);
}

void efi_reset(void)
{
	EFI_RUNTIME_SERVICES *rt = efi.runtime;

	firmware_cpu();
	rt->ResetSystem(EfiResetCold, EFI_SUCCESS, 0, NULL);
	for (;;)
		__asm__ volatile("cli; hlt" : : : "memory");
}

void guest_exit(unsigned status)
{
	int n;

	printf("uvmm-efi: exit %u\n", status);
	if (efi.sequenced) {
		n = efi_tap_point(efi.seq_index, uvmm_efi_test_name, status, point, sizeof(point));
		if (n < 0)
			n = snprintf(point, sizeof(point), "not ok %u - %s\n  ---\n  class: ERROR\n"
				     "  message: \"the TAP point did not fit in %u bytes\"\n  ...\n",
				     efi.seq_index, uvmm_efi_test_name, UVMM_EFI_RESULT_MAX);
		if (efi_set_variable(UVMM_EFI_RESULT_VAR, point, (size_t)n) != EFI_SUCCESS)
			printf("uvmm-efi: the result variable could not be written\n");
		efi_reset();
	}
	if (efi.hypervisor)
		outl(UVMM_DEBUG_EXIT_PORT, status);
	for (;;)
		__asm__ volatile("cli; hlt" : : : "memory");
}
