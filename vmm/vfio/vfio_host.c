/* Everything here reads sysfs text and links; the VFIO ioctls are in vfio.c. */
#include "vfio/vfio_host.h"

#include <dirent.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/errmsg.h"

#define EDU_IDS "1234:11e8"

int vfio_bdf_parse(const char *s, char out[VFIO_BDF_LEN])
{
	unsigned dom = 0, bus, slot, fn;
	int n = 0;

	if (sscanf(s, "%4x:%2x:%2x.%1u%n", &dom, &bus, &slot, &fn, &n) == 4 && !s[n])
		;
	else if (dom = 0, n = 0, sscanf(s, "%2x:%2x.%1u%n", &bus, &slot, &fn, &n) == 3 && !s[n])
		;
	else
		return -1;
	if (slot > 31 || fn > 7)
		return -1;
	snprintf(out, VFIO_BDF_LEN, "%04x:%02x:%02x.%u", dom, bus, slot, fn);
	return 0;
}

int vfio_id_parse(const char *s, uint16_t *vendor, uint16_t *device)
{
	unsigned v, d;
	int n = 0;

	if (sscanf(s, "%4x:%4x%n", &v, &d, &n) != 2 || s[n] || n != 9)
		return -1;
	*vendor = (uint16_t)v;
	*device = (uint16_t)d;
	return 0;
}

static int read_text(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, len - 1, f);
	fclose(f);
	buf[n] = 0;
	return (int)n;
}

static unsigned long read_hex(const char *root, const char *bdf, const char *attr)
{
	char path[PATH_MAX], buf[32];

	snprintf(path, sizeof(path), "%s/sys/bus/pci/devices/%s/%s", root, bdf, attr);
	return read_text(path, buf, sizeof(buf)) > 0 ? strtoul(buf, NULL, 16) : ULONG_MAX;
}

static int link_base(const char *path, char *out, size_t len)
{
	char target[PATH_MAX];
	ssize_t n = readlink(path, target, sizeof(target) - 1);
	const char *slash;

	if (n < 0)
		return -1;
	target[n] = 0;
	slash = strrchr(target, '/');
	snprintf(out, len, "%s", slash ? slash + 1 : target);
	return 0;
}

int vfio_host_driver(const char *root, const char *bdf, char *drv, size_t len)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/sys/bus/pci/devices/%s", root, bdf);
	if (access(path, F_OK) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/sys/bus/pci/devices/%s/driver", root, bdf);
	if (link_base(path, drv, len) < 0)
		drv[0] = 0;
	return 0;
}

int vfio_host_group(const char *root, const char *bdf, char *err, size_t errlen)
{
	char path[PATH_MAX], name[32];

	snprintf(path, sizeof(path), "%s/sys/bus/pci/devices/%s/iommu_group", root, bdf);
	if (link_base(path, name, sizeof(name)) < 0) {
		errmsg(err, errlen, "%s is in no IOMMU group: no IOMMU (boot with intel_iommu=on "
		       "or amd_iommu=on, and enable VT-d/AMD-Vi in the firmware)", bdf);
		return -1;
	}
	return atoi(name);
}

static int allowed_driver(const char *drv)
{
	return !drv[0] || !strcmp(drv, "vfio-pci") || !strcmp(drv, "pci-stub");
}

int vfio_host_group_viable(const char *root, int group, const char *bdf, char *why, size_t len)
{
	char path[PATH_MAX], drv[64];
	struct dirent *e;
	DIR *d;
	int ok = 1;

	snprintf(path, sizeof(path), "%s/sys/kernel/iommu_groups/%d/devices", root, group);
	d = opendir(path);
	if (!d) {
		errmsg(why, len, "IOMMU group %d has no device list (%s)", group, path);
		return 0;
	}
	while (ok && (e = readdir(d))) {
		if (e->d_name[0] == '.' || !strcmp(e->d_name, bdf))
			continue;
		if (vfio_host_driver(root, e->d_name, drv, sizeof(drv)) == 0 && !allowed_driver(drv)) {
			errmsg(why, len, "IOMMU group %d is not viable: %s (same group as %s) is bound "
			       "to %s; bind it to vfio-pci or unbind it", group, e->d_name, bdf, drv);
			ok = 0;
		}
	}
	closedir(d);
	return ok;
}

int vfio_host_resolve(const char *root, const char *spec, char bdf[VFIO_BDF_LEN], char *err,
		      size_t errlen)
{
	char path[PATH_MAX], drv[64], first[VFIO_BDF_LEN] = "";
	uint16_t vendor, device;
	struct dirent *e;
	DIR *d;

	if (vfio_bdf_parse(spec, bdf) == 0) {
		if (vfio_host_driver(root, bdf, drv, sizeof(drv)) < 0)
			return errmsg(err, errlen, "no PCI device %s on this host", bdf);
		return 0;
	}
	if (vfio_id_parse(!strcmp(spec, "auto") ? EDU_IDS : spec, &vendor, &device) < 0) {
		errmsg(err, errlen, "vfio=%s is not a PCI address (0000:00:01.0), VVVV:DDDD or auto", spec);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/sys/bus/pci/devices", root);
	if (!(d = opendir(path))) {
		errmsg(err, errlen, "no PCI bus (%s)", path);
		return -1;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || strlen(e->d_name) >= VFIO_BDF_LEN ||
		    read_hex(root, e->d_name, "vendor") != vendor ||
		    read_hex(root, e->d_name, "device") != device)
			continue;
		if (vfio_host_driver(root, e->d_name, drv, sizeof(drv)) == 0 && !strcmp(drv, "vfio-pci")) {
			memcpy(first, e->d_name, strlen(e->d_name) + 1);
			break;
		}
		if (!first[0] || strcmp(e->d_name, first) < 0)
			memcpy(first, e->d_name, strlen(e->d_name) + 1);
	}
	closedir(d);
	if (!first[0]) {
		errmsg(err, errlen, "no PCI device %04x:%04x on this host", vendor, device);
		return -1;
	}
	memcpy(bdf, first, VFIO_BDF_LEN);
	return 0;
}

int vfio_host_precheck(const char *root, const char *bdf, const char *kind, int allow_rebind,
		       char *err, size_t errlen)
{
	char drv[64], path[PATH_MAX];
	uint16_t vendor, device;
	int group;

	if (vfio_host_driver(root, bdf, drv, sizeof(drv)) < 0)
		return errmsg(err, errlen, "no PCI device %s on this host", bdf);
	if (kind && kind[0]) {
		unsigned long v = read_hex(root, bdf, "vendor"), d = read_hex(root, bdf, "device");

		if (vfio_id_parse(kind, &vendor, &device) < 0)
			return errmsg(err, errlen, "bad device kind '%s'", kind);
		if (v != vendor || d != device) {
			errmsg(err, errlen, "%s is %04lx:%04lx, but the image needs a %s device", bdf,
			       v & 0xffff, d & 0xffff, kind);
			return -2;
		}
	}
	group = vfio_host_group(root, bdf, err, errlen);
	if (group < 0)
		return -1;
	if (!vfio_host_group_viable(root, group, bdf, err, errlen))
		return -1;
	if (!strcmp(drv, "vfio-pci"))
		return 0;
	if (drv[0] && !allow_rebind)
		return errmsg(err, errlen, "%s is bound to %s: uvmm rebinds a device to vfio-pci only "
			      "when told to (--vfio-rebind), and gives it back afterwards", bdf, drv);
	snprintf(path, sizeof(path), "%s/sys/bus/pci/drivers/vfio-pci", root);
	if (access(path, F_OK) < 0)
		return errmsg(err, errlen, "vfio-pci is not loaded (modprobe vfio-pci): %s cannot be "
			      "bound to it", bdf);
	return 0;
}

int vfio_parse_reserved(const char *text, struct iova_range *out, unsigned max)
{
	unsigned n = 0;

	while (*text) {
		const char *eol = strchr(text, '\n');
		size_t len = eol ? (size_t)(eol - text) : strlen(text);
		char line[128];
		int used = 0;

		if (len && len < sizeof(line)) {
			struct iova_range r = { 0 };
			memcpy(line, text, len);
			line[len] = 0;
			if (sscanf(line, "%" SCNx64 " %" SCNx64 " %23s%n", &r.start, &r.last, r.type, &used) != 3 ||
			    r.last < r.start || line[used])
				return -1;
			if (n < max)
				out[n++] = r;
		} else if (len) {
			return -1;
		}
		text += len + (eol ? 1 : 0);
	}
	return (int)n;
}

int vfio_host_reserved(const char *root, int group, struct iova_range *out, unsigned max,
		       char *err, size_t errlen)
{
	char path[PATH_MAX], text[2048];
	int n;

	snprintf(path, sizeof(path), "%s/sys/kernel/iommu_groups/%d/reserved_regions", root, group);
	if (read_text(path, text, sizeof(text)) < 0)
		return 0; /* older kernels: nothing declared */
	n = vfio_parse_reserved(text, out, max);
	if (n < 0)
		errmsg(err, errlen, "cannot parse %s", path);
	return n;
}

int vfio_check_ram(uint64_t size, const struct iova_range *usable, unsigned nusable,
		   const struct iova_range *reserved, unsigned nreserved, char *err, size_t errlen)
{
	int inside = nusable == 0;

	for (unsigned i = 0; i < nusable; i++)
		if (usable[i].start == 0 && usable[i].last >= size - 1)
			inside = 1;
	if (!inside) {
		errmsg(err, errlen, "guest RAM [0, 0x%" PRIx64 ") is not inside one usable IOVA range "
		       "of the IOMMU (VFIO_IOMMU_GET_INFO); use less memory", size);
		return -1;
	}
	for (unsigned i = 0; i < nreserved; i++)
		if (reserved[i].start < size) {
			errmsg(err, errlen, "guest RAM [0, 0x%" PRIx64 ") overlaps the IOMMU reserved "
			       "region [0x%" PRIx64 ", 0x%" PRIx64 "] (%s); use less memory", size,
			       reserved[i].start, reserved[i].last, reserved[i].type);
			return -1;
		}
	return 0;
}

int vfio_host_usable(const char *root, const char *ids, char *why, size_t len)
{
	char bdf[VFIO_BDF_LEN], path[PATH_MAX], drv[64];
	int group;

	if (vfio_host_resolve(root, ids, bdf, why, len) < 0)
		return 0;
	if ((group = vfio_host_group(root, bdf, why, len)) < 0)
		return 0;
	snprintf(path, sizeof(path), "%s/dev/vfio/vfio", root);
	if (access(path, F_OK) < 0) {
		errmsg(why, len, "no %s: load vfio-pci (modprobe vfio-pci)", path);
		return 0;
	}
	vfio_host_driver(root, bdf, drv, sizeof(drv));
	snprintf(path, sizeof(path), "%s/sys/bus/pci/drivers/vfio-pci", root);
	if (strcmp(drv, "vfio-pci") && access(path, F_OK) < 0) {
		errmsg(why, len, "%s is bound to '%s' and the vfio-pci driver is not loaded", bdf, drv);
		return 0;
	}
	return vfio_host_group_viable(root, group, bdf, why, len);
}
