/* The host's view of a passed-through device while a run uses it: its MSI as
 * the host kernel programmed it (sysfs config), its interrupt counters
 * (/proc/interrupts) and the kernel log from attach on (/dev/kmsg). The files
 * are opened before the sandbox closes in; any that cannot be opened (not
 * root, no /dev/kmsg) leaves its fields invalid rather than failing the run. */
#ifndef UVMM_VFIO_HOST_WATCH_H
#define UVMM_VFIO_HOST_WATCH_H

#include <stdint.h>

#include "uvmm/abi.h"
#include "vfio/host_log.h"
#include "vfio/vfio_host.h"

struct host_watch {
	char bdf[VFIO_BDF_LEN];
	int cfg_fd, irq_fd, kmsg_fd; /* -1 when not available */
	unsigned msi_off;            /* the device's MSI capability, 0 when none */
	uint64_t iommu;              /* enum uvmm_host_iommu */
	struct host_irq_counts base; /* /proc/interrupts at attach */
	struct host_log_counts log;  /* messages since attach */
	uint64_t lost;
};

/* cfg_fd: an open fd on /sys/bus/pci/devices/BDF/config (the caller's; not
 * closed here). msi_off: the MSI capability's offset or 0. */
void host_watch_open(struct host_watch *w, const char *bdf, int cfg_fd, unsigned msi_off);
/* Reads everything now into out (counters relative to attach). */
void host_watch_read(struct host_watch *w, struct uvmm_iommu_host *out);
void host_watch_close(struct host_watch *w);

#endif
