/* refuse: vfio_rebind is the operator's choice (command line or manifest), not an image's */
#include <uvmm/guest.h>

UVMM_OPTIONS("vfio_rebind=1");

void guest_main(void)
{
}
