/* refuse: bad value '1e9' for timeout: seconds from 0.001 to 86400 */
#include <uvmm/guest.h>

UVMM_OPTIONS("timeout=1e9");

void guest_main(void)
{
}
