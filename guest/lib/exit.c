/* The one way a guest ends: a write to the isa-debug-exit port, which uvmm and
 * QEMU both understand. Nothing after it may run. */
#include <uvmm/abi.h>
#include <uvmm/io.h>
#include <uvmm/test.h>

void guest_exit(unsigned status)
{
	outl(UVMM_DEBUG_EXIT_PORT, status);
	for (;;)
		__asm__ volatile("cli; hlt" : : : "memory");
}
