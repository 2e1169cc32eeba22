/* refuse: unknown option 'watchdog' */
#include <uvmm/guest.h>

UVMM_OPTIONS("watchdog=off");

void guest_main(void)
{
}
