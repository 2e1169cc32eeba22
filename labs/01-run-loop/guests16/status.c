/* A guest that fails: it writes status 3 to the debug-exit port. The VMM
 * stops there and exits with that status, as uvmm (and QEMU's isa-debug-exit)
 * would. */
#include <uvmm/guest.h>

void guest_main(void)
{
	printf("giving up\n");
	guest_exit(3);
}
