/* Puts a PCI device on vfio-pci for one run and gives it back to its driver
 * afterwards, also when the run is ended by SIGINT/SIGTERM (not SIGKILL). */
#ifndef UVMM_VFIO_VFIO_BIND_H
#define UVMM_VFIO_VFIO_BIND_H

#include <stddef.h>

#include "vfio/vfio_host.h"

struct vfio_binding {
	char bdf[VFIO_BDF_LEN];
	char orig_driver[64]; /* "" when the device had none */
	int changed;          /* we rebound it: restore at the end */
};

/* Binds bdf to vfio-pci if it is not already (driver_override, unbind,
 * drivers_probe) and arms the SIGINT/SIGTERM restore. Returns 0 or -1. */
int vfio_bind(struct vfio_binding *b, const char *bdf, char *err, size_t errlen);
/* Gives the device back to its original driver (no-op when not changed) and
 * disarms the signal handlers. Returns 0 or -1 with the reason. */
int vfio_unbind(struct vfio_binding *b, char *err, size_t errlen);

#endif
