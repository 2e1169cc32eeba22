#include "vfio/vfio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/vfio.h>

#include "util/errmsg.h"

static const char *const api_names[] = {
	[VFIO_API_AUTO] = "auto", [VFIO_API_CONTAINER] = "container", [VFIO_API_IOMMUFD] = "iommufd",
};

const char *vfio_api_name(enum vfio_api a)
{
	return api_names[a];
}

int vfio_api_has_iommufd(const char *bdf)
{
	char cdev[PATH_MAX];

	return access("/dev/iommu", F_OK) == 0 && vfio_iommufd_cdev(bdf, cdev, sizeof(cdev)) == 0;
}

int vfio_api_pick(enum vfio_api want, const char *bdf, enum vfio_api *out, char *err, size_t errlen)
{
	int has = vfio_api_has_iommufd(bdf);

	if (want == VFIO_API_IOMMUFD && !has)
		return errmsg(err, errlen, "vfio_api=iommufd: the host has no %s (Linux 6.2+ with "
			      "CONFIG_IOMMUFD and CONFIG_VFIO_DEVICE_CDEV; Debian 12's 6.1 has neither); "
			      "use vfio_api=container or auto",
			      access("/dev/iommu", F_OK) ? "/dev/iommu" : "VFIO device cdev for the device");
	*out = want == VFIO_API_AUTO ? (has ? VFIO_API_IOMMUFD : VFIO_API_CONTAINER) : want;
	return 0;
}

/* The IOVA ranges a type1 IOMMU accepts, from the capability chain of
 * VFIO_IOMMU_GET_INFO (absent: the whole space). */
static void read_iova_ranges(struct vfio_dev *d)
{
	struct vfio_iommu_type1_info probe = { .argsz = sizeof(probe) }, *info;
	struct vfio_info_cap_header *h;

	if (ioctl(d->container, VFIO_IOMMU_GET_INFO, &probe) < 0 || probe.argsz <= sizeof(probe) ||
	    !(info = calloc(1, probe.argsz)))
		return;
	info->argsz = probe.argsz;
	if (ioctl(d->container, VFIO_IOMMU_GET_INFO, info) == 0 && (info->flags & VFIO_IOMMU_INFO_CAPS)) {
		for (uint32_t off = info->cap_offset; off && off + sizeof(*h) <= info->argsz; off = h->next) {
			h = (struct vfio_info_cap_header *)((char *)info + off);
			if (h->id != VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE)
				continue;
			struct vfio_iommu_type1_info_cap_iova_range *r = (void *)h;
			for (uint32_t i = 0; i < r->nr_iovas && d->nusable < VFIO_MAX_RANGES; i++)
				d->usable[d->nusable++] = (struct iova_range){ r->iova_ranges[i].start,
									       r->iova_ranges[i].end, "usable" };
		}
	}
	free(info);
}

static int open_regions(struct vfio_dev *d, char *err, size_t errlen)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };

	if (ioctl(d->device, VFIO_DEVICE_GET_INFO, &info) < 0)
		return errmsg(err, errlen, "VFIO_DEVICE_GET_INFO: %s", strerror(errno));
	if (!(info.flags & VFIO_DEVICE_FLAGS_PCI) || info.num_regions <= VFIO_PCI_CONFIG_REGION_INDEX)
		return errmsg(err, errlen, "%s is not a VFIO PCI device", d->bdf);
	d->can_reset = !!(info.flags & VFIO_DEVICE_FLAGS_RESET);
	for (unsigned i = 0; i <= VFIO_PCI_CONFIG_REGION_INDEX; i++) {
		struct vfio_region_info r = { .argsz = sizeof(r), .index = i };
		if (ioctl(d->device, VFIO_DEVICE_GET_REGION_INFO, &r) < 0)
			continue;
		struct vfio_region *dst = i == VFIO_PCI_CONFIG_REGION_INDEX ? &d->cfg
					  : i < 6 ? &d->bars[i] : NULL;
		if (dst)
			*dst = (struct vfio_region){ r.offset, r.size, r.flags };
	}
	for (unsigned i = 0; i < 5 && i < info.num_irqs; i++) {
		struct vfio_irq_info irq = { .argsz = sizeof(irq), .index = i };
		if (ioctl(d->device, VFIO_DEVICE_GET_IRQ_INFO, &irq) == 0)
			d->irq_count[i] = irq.count;
	}
	if (!d->cfg.size)
		return errmsg(err, errlen, "%s has no config region", d->bdf);
	return 0;
}

/* The container/group API: container, group, type1v2, then the device fd. */
static int open_container(struct vfio_dev *d, char *err, size_t errlen)
{
	struct vfio_group_status st = { .argsz = sizeof(st) };
	char path[32];
	int type = VFIO_TYPE1v2_IOMMU, group_no = d->group_no;
	const char *bdf = d->bdf;

	d->container = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	if (d->container < 0)
		return errmsg(err, errlen, "/dev/vfio/vfio: %s", strerror(errno));
	if (ioctl(d->container, VFIO_GET_API_VERSION) != VFIO_API_VERSION ||
	    ioctl(d->container, VFIO_CHECK_EXTENSION, type) <= 0)
		return errmsg(err, errlen, "VFIO has no type1v2 IOMMU (API %d)", VFIO_API_VERSION);
	snprintf(path, sizeof(path), "/dev/vfio/%d", group_no);
	d->group = open(path, O_RDWR | O_CLOEXEC);
	if (d->group < 0)
		return errmsg(err, errlen, "%s: %s%s", path, strerror(errno),
			      errno == EBUSY ? " (another process has the group)" : "");
	if (ioctl(d->group, VFIO_GROUP_GET_STATUS, &st) < 0 || !(st.flags & VFIO_GROUP_FLAGS_VIABLE))
		return errmsg(err, errlen, "IOMMU group %d is not viable: every device in "
			      "/sys/kernel/iommu_groups/%d/devices must be bound to vfio-pci or unbound",
			      group_no, group_no);
	if (ioctl(d->group, VFIO_GROUP_SET_CONTAINER, &d->container) < 0 ||
	    ioctl(d->container, VFIO_SET_IOMMU, type) < 0)
		return errmsg(err, errlen, "attaching group %d to a type1v2 container: %s", group_no,
			      strerror(errno));
	read_iova_ranges(d);
	d->device = ioctl(d->group, VFIO_GROUP_GET_DEVICE_FD, bdf);
	if (d->device < 0)
		return errmsg(err, errlen, "VFIO_GROUP_GET_DEVICE_FD(%s): %s", bdf, strerror(errno));
	return 0;
}

int vfio_open(struct vfio_dev *d, const char *bdf, int group_no, enum vfio_api api, char *err,
	      size_t errlen)
{
	int r;

	memset(d, 0, sizeof(*d));
	d->container = d->group = d->device = d->iommufd.fd = -1;
	snprintf(d->bdf, sizeof(d->bdf), "%s", bdf);
	d->group_no = group_no;
	d->api = api == VFIO_API_IOMMUFD ? VFIO_API_IOMMUFD : VFIO_API_CONTAINER;
	r = d->api == VFIO_API_IOMMUFD ? vfio_iommufd_open(&d->iommufd, bdf, &d->device, d->usable, &d->nusable,
							   err, errlen)
				       : open_container(d, err, errlen);
	if (r < 0 || open_regions(d, err, errlen) < 0) {
		vfio_close(d);
		return -1;
	}
	return 0;
}

int vfio_dma_map(struct vfio_dev *d, uint64_t iova, void *host, uint64_t size, unsigned prot,
		 char *err, size_t errlen)
{
	struct vfio_iommu_type1_dma_map m = {
		.argsz = sizeof(m),
		.flags = (prot & VFIO_DMA_READ ? VFIO_DMA_MAP_FLAG_READ : 0) |
			 (prot & VFIO_DMA_WRITE ? VFIO_DMA_MAP_FLAG_WRITE : 0),
		.vaddr = (uint64_t)(uintptr_t)host, .iova = iova, .size = size,
	};
	int r;

	if (d->ndma == VFIO_MAX_DMA)
		return errmsg(err, errlen, "more than %d DMA mappings", VFIO_MAX_DMA);
	if (d->api == VFIO_API_IOMMUFD)
		r = vfio_iommufd_map(&d->iommufd, iova, host, size, prot);
	else
		r = ioctl(d->container, VFIO_IOMMU_MAP_DMA, &m);
	if (r < 0)
		return errmsg(err, errlen, "%s [0x%llx, +0x%llx): %s",
			      d->api == VFIO_API_IOMMUFD ? "IOMMU_IOAS_MAP" : "VFIO_IOMMU_MAP_DMA",
			      (unsigned long long)iova, (unsigned long long)size, strerror(errno));
	d->dma[d->ndma++] = (struct vfio_dma){ iova, size };
	return 0;
}

/* One mapping through the API in use; the size the kernel unmapped, or 0. */
static uint64_t unmap_one(struct vfio_dev *d, const struct vfio_dma *m)
{
	struct vfio_iommu_type1_dma_unmap u = { .argsz = sizeof(u), .iova = m->iova, .size = m->size };

	if (d->api == VFIO_API_IOMMUFD)
		return vfio_iommufd_unmap(&d->iommufd, m->iova, m->size);
	return ioctl(d->container, VFIO_IOMMU_UNMAP_DMA, &u) < 0 ? 0 : u.size;
}

int vfio_dma_unmap(struct vfio_dev *d, uint64_t iova, uint64_t size, char *err, size_t errlen)
{
	uint64_t done;

	for (unsigned i = 0; i < d->ndma; i++) {
		if (d->dma[i].iova != iova || d->dma[i].size != size)
			continue;
		done = unmap_one(d, &d->dma[i]);
		d->dma[i] = d->dma[--d->ndma];
		if (done != size)
			return errmsg(err, errlen, "unmapping [0x%llx, +0x%llx) unmapped 0x%llx bytes",
				      (unsigned long long)iova, (unsigned long long)size,
				      (unsigned long long)done);
		return 0;
	}
	return errmsg(err, errlen, "no DMA mapping at exactly [0x%llx, +0x%llx)", (unsigned long long)iova,
		      (unsigned long long)size);
}

int vfio_dma_unmap_all(struct vfio_dev *d)
{
	int r = 0;

	while (d->ndma) {
		struct vfio_dma *m = &d->dma[--d->ndma];
		if (unmap_one(d, m) != m->size)
			r = -1;
	}
	return r;
}

int vfio_cfg_read(struct vfio_dev *d, unsigned off, unsigned size, uint32_t *val)
{
	*val = 0;
	return pread(d->device, val, size, (off_t)(d->cfg.offset + off)) == (ssize_t)size ? 0 : -1;
}

int vfio_cfg_write(struct vfio_dev *d, unsigned off, unsigned size, uint32_t val)
{
	return pwrite(d->device, &val, size, (off_t)(d->cfg.offset + off)) == (ssize_t)size ? 0 : -1;
}

int vfio_bar_rw(struct vfio_dev *d, int bar, uint64_t offset, unsigned size, int is_write,
		uint8_t *data)
{
	const struct vfio_region *r = &d->bars[bar];
	off_t at = (off_t)(r->offset + offset);
	ssize_t n;

	if (offset + size > r->size)
		return -1;
	n = is_write ? pwrite(d->device, data, size, at) : pread(d->device, data, size, at);
	return n == (ssize_t)size ? 0 : -1;
}

int vfio_irq_set_fds(struct vfio_dev *d, unsigned index, uint32_t action, unsigned count,
		     const int *fds)
{
	char buf[sizeof(struct vfio_irq_set) + VFIO_MAX_IRQ_FDS * sizeof(int32_t)];
	struct vfio_irq_set *s = (struct vfio_irq_set *)buf;

	if (count > VFIO_MAX_IRQ_FDS) {
		errno = EINVAL;
		return -1;
	}
	memset(buf, 0, sizeof(buf));
	s->argsz = (uint32_t)(sizeof(*s) + count * sizeof(int32_t));
	s->index = index;
	s->start = 0;
	s->count = count;
	s->flags = (count ? VFIO_IRQ_SET_DATA_EVENTFD : VFIO_IRQ_SET_DATA_NONE) | action;
	for (unsigned i = 0; i < count; i++) {
		int32_t fd = fds[i];
		memcpy(s->data + i * sizeof(fd), &fd, sizeof(fd));
	}
	return ioctl(d->device, VFIO_DEVICE_SET_IRQS, s);
}

int vfio_irq_set(struct vfio_dev *d, unsigned index, int efd)
{
	return vfio_irq_set_fds(d, index, VFIO_IRQ_SET_ACTION_TRIGGER, efd < 0 ? 0 : 1, &efd);
}

int vfio_reset(struct vfio_dev *d)
{
	return d->can_reset ? ioctl(d->device, VFIO_DEVICE_RESET) : 0;
}

void vfio_close(struct vfio_dev *d)
{
	if (d->device >= 0)
		close(d->device);
	if (d->group >= 0) {
		ioctl(d->group, VFIO_GROUP_UNSET_CONTAINER, &d->container);
		close(d->group);
	}
	if (d->container >= 0)
		close(d->container);
	/* Closing the device fd unbound it; the iommufd takes its IOAS along. */
	if (d->iommufd.fd >= 0)
		close(d->iommufd.fd);
	d->device = d->group = d->container = d->iommufd.fd = -1;
}
