/* refuse: bad value '0' for timeout: seconds from 0.001 to 86400 */
#include <uvmm/guest.h>

UVMM_OPTIONS("timeout=0");

void guest_main(void)
{
}
