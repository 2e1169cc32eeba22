/* refuse: bad value '0000:00:03.0' for vfio: an image may only name the kind of device it needs */
#include <uvmm/guest.h>

UVMM_OPTIONS("vfio=0000:00:03.0");

void guest_main(void)
{
}
