/* refuse: bad value '18446744073709551617' for cpus: an integer from 1 to 8 */
#include <uvmm/guest.h>

UVMM_OPTIONS("cpus=18446744073709551617");

void guest_main(void)
{
}
