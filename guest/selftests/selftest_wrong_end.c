/* Ends with status 3 without declaring it: the implied end (a clean exit 0)
 * catches it as a mismatch. */
#include <uvmm/guest.h>

void guest_main(void)
{
	guest_exit(3);
}
