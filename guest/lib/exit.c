/* How a guest ends on uvmm and under QEMU -kernel: a write to the
 * isa-debug-exit port, which both understand. Nothing after it may run.
 * (The UEFI platform has its own: guest/efi/efi_exit.c.) */
#include <uvmm/abi.h>
#include <uvmm/io.h>
#include <uvmm/test.h>

void guest_exit(unsigned status)
{
	outl(UVMM_DEBUG_EXIT_PORT, status);
	for (;;)
		__asm__ volatile("cli; hlt" : : : "memory");
}
