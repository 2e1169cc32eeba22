/* refuse: bad value '4097' for mem: a size from 2M to 64G, a multiple of 4K */
#include <uvmm/guest.h>

UVMM_OPTIONS("mem=4097");

void guest_main(void)
{
}
