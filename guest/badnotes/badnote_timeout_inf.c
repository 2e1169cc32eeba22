/* refuse: bad value 'inf' for timeout: seconds from 0.001 to 86400 */
#include <uvmm/guest.h>

UVMM_OPTIONS("timeout=inf");

void guest_main(void)
{
}
