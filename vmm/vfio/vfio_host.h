/* What sysfs says about a PCI device for VFIO, without opening anything: find
 * it by vendor:device, its IOMMU group, whether the group is viable, and the
 * group's reserved IOVA regions. Paths are under a root ("" = the real one). */
#ifndef UVMM_VFIO_VFIO_HOST_H
#define UVMM_VFIO_VFIO_HOST_H

#include <stddef.h>
#include <stdint.h>

#define VFIO_BDF_LEN 16
#define VFIO_MAX_RANGES 16

struct iova_range {
	uint64_t start, last; /* inclusive */
	char type[24];        /* reserved regions: msi, direct, reserved, ... */
};

/* Parses "0000:00:01.0" (or "00:01.0", domain 0). Returns 0 or -1. */
int vfio_bdf_parse(const char *s, char out[VFIO_BDF_LEN]);
/* Parses "1234:11e8". Returns 0 or -1. */
int vfio_id_parse(const char *s, uint16_t *vendor, uint16_t *device);

/* The device for a `vfio=` value: a BDF as is, or "auto" / "VVVV:DDDD": the
 * first device with those ids (edu, 1234:11e8, for "auto"), one bound to
 * vfio-pci first. Returns 0, or -1 with the reason. */
int vfio_host_resolve(const char *root, const char *spec, char bdf[VFIO_BDF_LEN], char *err,
		      size_t errlen);

/* The driver bound to bdf ("" when none). Returns 0 or -1 (no such device). */
int vfio_host_driver(const char *root, const char *bdf, char *drv, size_t len);
/* The IOMMU group number of bdf, or -1 with the reason (no IOMMU). */
int vfio_host_group(const char *root, const char *bdf, char *err, size_t errlen);
/* 1 when every device of group other than bdf is bound to vfio-pci or to
 * nothing (bridges excepted by VFIO are not told apart: stricter); else 0 with
 * the first offender in why. */
int vfio_host_group_viable(const char *root, int group, const char *bdf, char *why, size_t len);

/* Parses /sys/kernel/iommu_groups/N/reserved_regions text ("0x... 0x... type"
 * per line). Returns the number of ranges or -1 on a malformed line. */
int vfio_parse_reserved(const char *text, struct iova_range *out, unsigned max);
int vfio_host_reserved(const char *root, int group, struct iova_range *out, unsigned max,
		       char *err, size_t errlen);

/* Checks [0, size) of guest RAM against the usable IOVA ranges (none given:
 * everything usable) and the reserved regions. Returns 0, or -1 with the
 * first conflict in err. */
int vfio_check_ram(uint64_t size, const struct iova_range *usable, unsigned nusable,
		   const struct iova_range *reserved, unsigned nreserved, char *err, size_t errlen);

/* Everything that must hold before uvmm changes anything on the host for bdf:
 * it exists, is of kind (VVVV:DDDD; NULL or "": any), is in an IOMMU group
 * that is viable, vfio-pci is there, and it is bound to vfio-pci or nothing
 * unless allow_rebind (the operator's --vfio-rebind). Reads sysfs only.
 * Returns 0, or -1 with the first reason (-2: the device is of another kind). */
int vfio_host_precheck(const char *root, const char *bdf, const char *kind, int allow_rebind,
		       char *err, size_t errlen);

/* For the manifest's `vfio:VVVV:DDDD` requirement: 1 when such a device exists
 * behind an IOMMU with VFIO available and a viable group; 0 with why. */
int vfio_host_usable(const char *root, const char *ids, char *why, size_t len);

#endif
