/* refuse: bad value 'nan' for timeout: seconds from 0.001 to 86400 */
#include <uvmm/guest.h>

UVMM_OPTIONS("timeout=nan");

void guest_main(void)
{
}
