/* refuse: bad value 'auto' for vfio: an image may only name the kind of device it needs */
#include <uvmm/guest.h>

UVMM_OPTIONS("vfio=auto");

void guest_main(void)
{
}
