/* refuse: bad value '17179869184G' for mem */
#include <uvmm/guest.h>

UVMM_OPTIONS("mem=17179869184G");

void guest_main(void)
{
}
