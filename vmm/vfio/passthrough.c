/* Config and BAR accesses run on a vCPU thread under vm->io_lock; interrupt
 * state changes go to pt_irq, which has its own lock below io_lock. */
#include "vfio/passthrough.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/vfio.h>

#include "util/bytes.h"
#include "util/errmsg.h"
#include "machine/vm.h"

static const struct { const char *key, *names[3]; } mode_keys[] = {
	{ "vfio_mode", { "trap", "direct", NULL } },
	{ "vfio_irq", { "irqfd", "observe", NULL } },
	{ "vfio_api", { "auto", "container", "iommufd" } },
};

int passthrough_parse_mode(const char *key, const char *value, struct passthrough_config *c)
{
	for (unsigned k = 0; k < sizeof(mode_keys) / sizeof(mode_keys[0]); k++) {
		if (strcmp(key, mode_keys[k].key))
			continue;
		for (int i = 0; i < 3; i++) {
			if (!mode_keys[k].names[i] || strcmp(value, mode_keys[k].names[i]))
				continue;
			if (k == 0)
				c->bar_mode = (enum pt_bar_mode)i;
			else if (k == 1)
				c->irq_mode = (enum pt_irq_mode)i;
			else
				c->api = (enum vfio_api)i;
			return 0;
		}
		return -1;
	}
	return -1;
}

static int count_fds(void)
{
	int n = 0;

	/* fcntl, not /proc/self/fd: under the sandbox nothing may be opened. */
	for (int fd = 0; fd < 4096; fd++)
		n += fcntl(fd, F_GETFD) != -1;
	return n;
}

/* ---- config space: the model's backend is the device's config region ---- */

static int cfg_backend_read(void *opaque, unsigned off, unsigned size, uint32_t *val)
{
	return vfio_cfg_read(&((struct passthrough *)opaque)->dev, off, size, val);
}

static int cfg_backend_write(void *opaque, unsigned off, unsigned size, uint32_t val)
{
	return vfio_cfg_write(&((struct passthrough *)opaque)->dev, off, size, val);
}

/* The device's capability list as VFIO shows it; MSI and MSI-X get modelled. */
static void walk_caps(struct vfio_dev *d, struct pci_caps *c)
{
	uint32_t status = 0, ptr = 0, hdr, dw;

	memset(c, 0, sizeof(*c));
	if (vfio_cfg_read(d, PCI_STATUS, 2, &status) < 0 || !(status & PCI_STATUS_CAP_LIST) ||
	    vfio_cfg_read(d, PCI_CAP_PTR, 1, &ptr) < 0)
		return;
	c->first = (uint8_t)(ptr & 0xfc);
	for (int hops = 0; ptr >= 0x40 && ptr < 0x100 && hops < 48; hops++) {
		ptr &= ~3u;
		if (vfio_cfg_read(d, ptr, 4, &hdr) < 0)
			return;
		if ((hdr & 0xff) == PCI_CAP_ID_MSI && !c->msi_off) {
			c->msi_off = (uint8_t)ptr;
			c->msi_next = (uint8_t)(hdr >> 8);
			c->msi_ctrl = (uint16_t)(hdr >> 16);
		} else if ((hdr & 0xff) == PCI_CAP_ID_MSIX && !c->msix_off && ptr <= 0xf4 &&
			   vfio_cfg_read(d, ptr + 4, 4, &c->msix_table) == 0 &&
			   vfio_cfg_read(d, ptr + 8, 4, &dw) == 0) {
			c->msix_off = (uint8_t)ptr;
			c->msix_next = (uint8_t)(hdr >> 8);
			c->msix_ctrl = (uint16_t)(hdr >> 16);
			c->msix_pba = dw;
		}
		ptr = (hdr >> 8) & 0xff;
	}
}

/* BARs are placed in the guest's MMIO window in order, each aligned to its size. */
static int build_vdev(struct passthrough *pt, char *err, size_t errlen)
{
	struct pci_backend be = { cfg_backend_read, cfg_backend_write, pt };
	struct pci_bar bars[PCI_NUM_BARS] = { { 0 } };
	uint8_t header[64];
	uint64_t next = PCI_MMIO_WINDOW;
	struct pci_caps caps;
	uint8_t pin;

	for (unsigned i = 0; i < 64; i += 4) {
		uint32_t v;
		if (vfio_cfg_read(&pt->dev, i, 4, &v) < 0)
			return errmsg(err, errlen, "reading %s's config space failed", pt->dev.bdf);
		memcpy(header + i, &v, 4);
	}
	for (int i = 0; i < PCI_NUM_BARS; i++) {
		uint32_t raw;
		uint64_t size = pt->dev.bars[i].size;
		memcpy(&raw, header + PCI_BAR0 + 4 * i, 4);
		if (!size || (raw & PCI_BAR_IO))
			continue; /* I/O BARs are not passed through */
		next = (next + size - 1) & ~(size - 1);
		if (next + size > PCI_MMIO_WINDOW + PCI_MMIO_WINDOW_SIZE)
			return errmsg(err, errlen, "BAR%d of %s (0x%llx bytes) does not fit the guest's MMIO window",
				      i, pt->dev.bdf, (unsigned long long)size);
		bars[i] = (struct pci_bar){ size, raw & (PCI_BAR_MEM64 | PCI_BAR_PREFETCH), next };
		next += size;
		if (raw & PCI_BAR_MEM64)
			i++;
	}
	walk_caps(&pt->dev, &caps);
	pin = header[PCI_INT_PIN] <= 4 ? header[PCI_INT_PIN] : 0;
	header[PCI_INT_PIN] = pin;
	pci_vdev_init(&pt->vdev, header, bars, &caps, pin ? (uint8_t)PT_INTX_GSI(pin) : 0, &be);
	return pt_irq_init(&pt->irq, pt->vm, &pt->dev, pt->cfg.log, pt->cfg.irq_mode == PT_IRQ_OBSERVE, &caps, pin,
			   pin ? PT_INTX_GSI(pin) : 0, err, errlen);
}

/* ---- BARs ---- */

static int bar_at(const struct passthrough *pt, uint64_t gpa, unsigned size, uint64_t *off)
{
	if (!(pci_vdev_command(&pt->vdev) & PCI_CMD_MEM))
		return -1;
	for (int i = 0; i < PCI_NUM_BARS; i++) {
		const struct pci_bar *b = &pt->vdev.bars[i];
		if (b->size && gpa >= b->addr && gpa - b->addr + size <= b->size) {
			*off = gpa - b->addr;
			return i;
		}
	}
	return -1;
}

/* A trapped BAR access: only naturally aligned accesses inside an enabled BAR
 * reach the device; anything else is refused here and reads as all-ones. */
static enum bus_action on_bar(void *opaque, struct bus_access *a, uint64_t *stop)
{
	struct passthrough *pt = opaque;
	uint64_t off;
	int bar, r;

	(void)stop;
	bar = bar_at(pt, a->addr, a->size, &off);
	if (bar >= 0 && (r = pt_irq_bar_access(&pt->irq, bar, off, a->size, a->is_write, a->data)) <= 0) {
		if (r < 0) {
			pt->refused++;
			logcap_printf(pt->cfg.glog, "uvmm: vfio: refused %u-byte %s of the MSI-X table/PBA at 0x%llx "
				"(4 or 8 bytes, aligned)\n", a->size, a->is_write ? "write" : "read",
				(unsigned long long)a->addr);
		}
		return BUS_CONTINUE;
	}
	if (bar < 0 || a->addr % a->size ||
	    vfio_bar_rw(&pt->dev, bar, off, a->size, a->is_write, a->data) < 0) {
		pt->refused++;
		logcap_printf(pt->cfg.glog, "uvmm: vfio: refused %u-byte %s at 0x%llx (no enabled BAR there, "
			"misaligned, or the device failed it)\n", a->size, a->is_write ? "write" : "read",
			(unsigned long long)a->addr);
		if (!a->is_write)
			read_nothing(a->data, a->size);
	}
	return BUS_CONTINUE;
}

static void direct_unmap(struct passthrough *pt, int i)
{
	for (uint32_t k = 0; k < 2; k++)
		if (pt->bar_slots[i] & (1u << k))
			kvm_set_memslot(pt->vm->fd, PT_MEMSLOT_BASE + 2 * (uint32_t)i + k, 0,
					pt->bar_slot_gpa[i], 0, pt->bar_host[i]);
	pt->bar_slots[i] = 0;
	pt->bar_slot_gpa[i] = 0;
}

/* The parts of BAR i that can be a memslot: all of it, or what lies before
 * and after the pages holding the MSI-X table and PBA (those stay trapped). */
static void direct_parts(const struct passthrough *pt, int i, uint64_t off[2], uint64_t len[2])
{
	uint64_t size = pt->vdev.bars[i].size, hs, he;

	off[0] = 0;
	len[0] = size;
	off[1] = len[1] = 0;
	if (pt_irq_msix_hole(&pt->irq, i, size, &hs, &he)) {
		len[0] = hs;
		off[1] = he;
		len[1] = size - he;
	}
}

/* Direct mode: a BAR is a memslot exactly while the guest decodes it there. */
static void direct_sync(struct passthrough *pt)
{
	int mem = pci_vdev_command(&pt->vdev) & PCI_CMD_MEM;

	for (int i = 0; i < PCI_NUM_BARS; i++) {
		const struct pci_bar *b = &pt->vdev.bars[i];
		uint64_t want = mem && b->size && pt->bar_host[i] && b->addr >= PCI_MMIO_WINDOW &&
				b->addr + b->size <= PCI_MMIO_WINDOW + PCI_MMIO_WINDOW_SIZE ? b->addr : 0;
		uint64_t off[2], len[2];
		if (want == pt->bar_slot_gpa[i])
			continue;
		direct_unmap(pt, i);
		if (!want)
			continue;
		direct_parts(pt, i, off, len);
		for (uint32_t k = 0; k < 2; k++)
			if (len[k] && kvm_set_memslot(pt->vm->fd, PT_MEMSLOT_BASE + 2 * (uint32_t)i + k, 0,
						      want + off[k], len[k], (uint8_t *)pt->bar_host[i] + off[k]) == 0)
				pt->bar_slots[i] |= (uint8_t)(1u << k);
		pt->bar_slot_gpa[i] = want;
	}
}

/* Each BAR is mapped at one host address with the MSI-X pages left out: the
 * kernel need not allow mmap over the table, and the guest must not reach it. */
static int direct_map_bars(struct passthrough *pt, char *err, size_t errlen)
{
	for (int i = 0; i < PCI_NUM_BARS; i++) {
		const struct vfio_region *r = &pt->dev.bars[i];
		uint64_t off[2], len[2];
		uint8_t *base;
		if (!pt->vdev.bars[i].size)
			continue;
		direct_parts(pt, i, off, len);
		if (!len[0] && !len[1])
			continue; /* all MSI-X: stays trapped */
		if (!(r->flags & VFIO_REGION_INFO_FLAG_MMAP))
			return errmsg(err, errlen, "BAR%d of %s cannot be mmapped: use vfio_mode=trap",
				      i, pt->dev.bdf);
		base = mmap(NULL, r->size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (base == MAP_FAILED)
			return errmsg(err, errlen, "mmap of BAR%d: %s", i, strerror(errno));
		pt->bar_host[i] = base;
		for (int k = 0; k < 2; k++)
			if (len[k] && mmap(base + off[k], len[k], PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
					   pt->dev.device, (off_t)(r->offset + off[k])) == MAP_FAILED)
				return errmsg(err, errlen, "mmap of BAR%d [0x%llx, +0x%llx): %s", i,
					      (unsigned long long)off[k], (unsigned long long)len[k],
					      strerror(errno));
	}
	return 0;
}

/* Only the bits the VMM lets the guest own reach the device's command register. */
static void cmd_sync(struct passthrough *pt)
{
	const uint32_t owned = PCI_CMD_MEM | PCI_CMD_MASTER | PCI_CMD_INTX_DISABLE;
	uint32_t cmd = 0;

	if (vfio_cfg_read(&pt->dev, PCI_COMMAND, 2, &cmd) == 0)
		vfio_cfg_write(&pt->dev, PCI_COMMAND, 2, (cmd & ~owned) | (pci_vdev_command(&pt->vdev) & owned));
}

static void on_cfg_change(void *opaque, struct pci_vdev *d)
{
	struct passthrough *pt = opaque;
	unsigned changed = d->changed;

	d->changed = 0;
	if (changed & PCI_CHG_CMD)
		cmd_sync(pt);
	if ((changed & (PCI_CHG_CMD | PCI_CHG_BAR)) && pt->cfg.bar_mode == PT_BAR_DIRECT)
		direct_sync(pt);
	if (changed & PCI_CHG_MSI) {
		uint64_t addr = 0;
		uint32_t data = 0;
		int on = pci_vdev_msi(d, &addr, &data);
		pt_irq_msi(&pt->irq, on, addr, data);
	}
	if (changed & PCI_CHG_MSIX) {
		int maskall, on = pci_vdev_msix(d, &maskall);
		pt_irq_msix_ctrl(&pt->irq, on, maskall);
	}
}

int passthrough_start(struct passthrough *pt, struct event_sink sink)
{
	return pt_irq_start(&pt->irq, sink);
}

void passthrough_stop(struct passthrough *pt)
{
	pt_irq_stop(&pt->irq);
}

/* ---- attach / detach ---- */

static int open_device(struct passthrough *pt, const char *bdf, char *err, size_t errlen)
{
	enum vfio_api api;
	int group, n;

	if (vfio_api_pick(pt->cfg.api, bdf, &api, err, errlen) < 0)
		return -1;
	if ((group = vfio_host_group("", bdf, err, errlen)) < 0)
		return -1;
	if (!vfio_host_group_viable("", group, bdf, err, errlen))
		return -1;
	if ((n = vfio_host_reserved("", group, pt->reserved, VFIO_MAX_RANGES, err, errlen)) < 0)
		return -1;
	pt->nreserved = (unsigned)n;
	if (vfio_open(&pt->dev, bdf, group, api, err, errlen) < 0)
		return -1;
	/* Not "uvmm: ...": the runner takes the first such line as a failure's hint. */
	fprintf(pt->cfg.log, "vfio: %s through the %s API\n", bdf, vfio_api_name(api));
	if (vfio_check_ram(pt->vm->mem.size, pt->dev.usable, pt->dev.nusable, pt->reserved, pt->nreserved,
			   err, errlen) < 0)
		return -1;
	return vfio_dma_map(&pt->dev, 0, pt->vm->mem.host, pt->vm->mem.size, VFIO_DMA_READ | VFIO_DMA_WRITE,
			    err, errlen);
}

/* A VFIO group has one user at a time: parallel runs (uvmm test -j) queue here
 * instead of failing with EBUSY. */
static int lock_device(struct passthrough *pt, const char *bdf, char *err, size_t errlen)
{
	char path[96];

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/config", bdf);
	pt->lock_fd = open(path, O_RDONLY | O_CLOEXEC);
	if (pt->lock_fd < 0)
		return errmsg(err, errlen, "%s: %s", path, strerror(errno));
	while (flock(pt->lock_fd, LOCK_EX) < 0)
		if (errno != EINTR)
			return errmsg(err, errlen, "flock %s: %s", path, strerror(errno));
	return 0;
}

int passthrough_attach(struct passthrough *pt, struct vm *vm, const struct passthrough_config *cfg,
		       char *err, size_t errlen)
{
	char bdf[VFIO_BDF_LEN];
	int r;

	memset(pt, 0, sizeof(*pt));
	pt->vm = vm;
	pt->cfg = *cfg;
	pt->lock_fd = -1;
	pt->dev.container = pt->dev.group = pt->dev.device = pt->dev.iommufd.fd = -1;
	pt->watch.irq_fd = pt->watch.kmsg_fd = -1;
	pt->attached = 1;
	pt->fds_before = count_fds();
	if (!vm->irqchip)
		return errmsg(err, errlen, "VFIO passthrough needs the in-kernel irqchip (irqchip=1) for its interrupts");
	/* Every check passes before anything on the host changes. */
	if (vfio_host_resolve("", cfg->spec, bdf, err, errlen) < 0)
		return -1;
	r = vfio_host_precheck("", bdf, cfg->kind, cfg->allow_rebind, err, errlen);
	if (r < 0)
		return r;
	if (lock_device(pt, bdf, err, errlen) < 0 ||
	    vfio_bind(&pt->bind, bdf, err, errlen) < 0 || open_device(pt, bdf, err, errlen) < 0)
		return -1;
	vfio_reset(&pt->dev);
	if (build_vdev(pt, err, errlen) < 0)
		return -1;
	cmd_sync(pt); /* decoding and bus mastering off until the guest enables them */
	if (cfg->bar_mode == PT_BAR_DIRECT && direct_map_bars(pt, err, errlen) < 0)
		return -1;
	pci_bus_init(&pt->pci);
	pt->pci.on_change = on_cfg_change;
	pt->pci.opaque = pt;
	if (pci_bus_add(&pt->pci, PT_SLOT, &pt->vdev) < 0 ||
	    pci_bus_register(&pt->pci, &vm->pio, &vm->mmio) < 0 ||
	    bus_register(&vm->mmio, PCI_MMIO_WINDOW, PCI_MMIO_WINDOW_SIZE, on_bar, pt, "vfio-bars") < 0)
		return errmsg(err, errlen, "the PCI bus or MMIO window overlaps another device");
	/* The sysfs config file (the lock's fd) shows the host's real MSI. */
	host_watch_open(&pt->watch, bdf, pt->lock_fd, pt->vdev.msi_off);
	return 0;
}

int passthrough_detach(struct passthrough *pt, char *err, size_t errlen)
{
	int r = 0, fds;

	if (!pt->attached)
		return 0;
	pt->attached = 0;
	host_watch_close(&pt->watch);
	pt_irq_teardown(&pt->irq);
	if (pt->dev.device >= 0) {
		uint32_t cmd = 0;
		if (vfio_cfg_read(&pt->dev, PCI_COMMAND, 2, &cmd) == 0)
			vfio_cfg_write(&pt->dev, PCI_COMMAND, 2, cmd & ~(PCI_CMD_MASTER | PCI_CMD_MEM));
		vfio_reset(&pt->dev);
	}
	for (int i = 0; i < PCI_NUM_BARS; i++) {
		direct_unmap(pt, i);
		if (pt->bar_host[i])
			munmap(pt->bar_host[i], pt->dev.bars[i].size);
		pt->bar_host[i] = NULL;
	}
	if (vfio_dma_unmap_all(&pt->dev) < 0)
		r = errmsg(err, errlen, "VFIO_IOMMU_UNMAP_DMA unmapped less than was mapped");
	vfio_close(&pt->dev);
	if (vfio_unbind(&pt->bind, err, errlen) < 0)
		r = -1;
	if (pt->lock_fd >= 0)
		close(pt->lock_fd);
	pt->lock_fd = -1;
	fds = count_fds();
	if (r == 0 && fds != pt->fds_before)
		r = errmsg(err, errlen, "%d file descriptors leaked by the VFIO teardown (%d before, %d after)",
			   fds - pt->fds_before, pt->fds_before, fds);
	return r;
}
