/* Lock order: vm->io_lock (held by a vCPU across an exit and its trace entry)
 * before pt->lock (MSI state) before the session's lock. The observe thread
 * takes io_lock too, so an interrupt lands in the trace after the exit that
 * caused it. */
#include "dev_passthrough.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/file.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/vfio.h>

#include "errmsg.h"
#include "run.h"
#include "session.h"
#include "vm.h"

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

static uint8_t find_msi_cap(struct vfio_dev *d, uint16_t *ctrl)
{
	uint32_t status = 0, ptr = 0, hdr;

	if (vfio_cfg_read(d, PCI_STATUS, 2, &status) < 0 || !(status & PCI_STATUS_CAP_LIST) ||
	    vfio_cfg_read(d, PCI_CAP_PTR, 1, &ptr) < 0)
		return 0;
	for (int hops = 0; ptr >= 0x40 && ptr < 0x100 && hops < 48; hops++) {
		ptr &= ~3u;
		if (vfio_cfg_read(d, ptr, 4, &hdr) < 0)
			return 0;
		if ((hdr & 0xff) == PCI_CAP_ID_MSI) {
			*ctrl = (uint16_t)(hdr >> 16);
			return (uint8_t)ptr;
		}
		ptr = (hdr >> 8) & 0xff;
	}
	return 0;
}

/* BARs are placed in the guest's MMIO window in order, each aligned to its size. */
static int build_vdev(struct passthrough *pt, char *err, size_t errlen)
{
	struct pci_backend be = { cfg_backend_read, cfg_backend_write, pt };
	struct pci_bar bars[PCI_NUM_BARS] = { { 0 } };
	uint8_t header[64];
	uint64_t next = PCI_MMIO_WINDOW;
	uint16_t msi_ctrl = 0;
	uint8_t msi;

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
	msi = find_msi_cap(&pt->dev, &msi_ctrl);
	pci_vdev_init(&pt->vdev, header, bars, msi, msi_ctrl, &be);
	return 0;
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
	int bar;

	(void)stop;
	bar = bar_at(pt, a->addr, a->size, &off);
	if (bar < 0 || a->addr % a->size ||
	    vfio_bar_rw(&pt->dev, bar, off, a->size, a->is_write, a->data) < 0) {
		pt->refused++;
		fprintf(stderr, "uvmm: vfio: refused %u-byte %s at 0x%llx (no enabled BAR there, "
			"misaligned, or the device failed it)\n", a->size, a->is_write ? "write" : "read",
			(unsigned long long)a->addr);
		if (!a->is_write)
			memset(a->data, 0xff, a->size);
	}
	return BUS_CONTINUE;
}

static void direct_unmap(struct passthrough *pt, int i)
{
	if (!pt->bar_slot_gpa[i])
		return;
	kvm_set_memslot(pt->vm->fd, PT_MEMSLOT_BASE + (uint32_t)i, 0, pt->bar_slot_gpa[i], 0,
			pt->bar_host[i]);
	pt->bar_slot_gpa[i] = 0;
}

/* Direct mode: a BAR is a memslot exactly while the guest decodes it there. */
static void direct_sync(struct passthrough *pt)
{
	int mem = pci_vdev_command(&pt->vdev) & PCI_CMD_MEM;

	for (int i = 0; i < PCI_NUM_BARS; i++) {
		const struct pci_bar *b = &pt->vdev.bars[i];
		uint64_t want = mem && b->size && pt->bar_host[i] && b->addr >= PCI_MMIO_WINDOW &&
				b->addr + b->size <= PCI_MMIO_WINDOW + PCI_MMIO_WINDOW_SIZE ? b->addr : 0;
		if (want == pt->bar_slot_gpa[i])
			continue;
		direct_unmap(pt, i);
		if (want && kvm_set_memslot(pt->vm->fd, PT_MEMSLOT_BASE + (uint32_t)i, 0, want, b->size,
					    pt->bar_host[i]) == 0)
			pt->bar_slot_gpa[i] = want;
	}
}

static int direct_map_bars(struct passthrough *pt, char *err, size_t errlen)
{
	for (int i = 0; i < PCI_NUM_BARS; i++) {
		const struct vfio_region *r = &pt->dev.bars[i];
		void *p;
		if (!pt->vdev.bars[i].size)
			continue;
		if (!(r->flags & VFIO_REGION_INFO_FLAG_MMAP))
			return errmsg(err, errlen, "BAR%d of %s cannot be mmapped: use vfio_mode=trap",
				      i, pt->dev.bdf);
		p = mmap(NULL, r->size, PROT_READ | PROT_WRITE, MAP_SHARED, pt->dev.device, (off_t)r->offset);
		if (p == MAP_FAILED)
			return errmsg(err, errlen, "mmap of BAR%d: %s", i, strerror(errno));
		pt->bar_host[i] = p;
	}
	return 0;
}

/* ---- MSI ---- */

/* KVM_SET_GSI_ROUTING replaces the whole table: rebuild KVM's default routes
 * (GSI 0-15 to PIC and IOAPIC, 16-23 to the IOAPIC) plus the device's MSI. */
static int set_routing(struct passthrough *pt, int with_msi)
{
	struct {
		struct kvm_irq_routing hdr;
		struct kvm_irq_routing_entry e[16 * 2 + 8 + 1];
	} r;
	unsigned n = 0;

	memset(&r, 0, sizeof(r));
	for (uint32_t gsi = 0; gsi < 24; gsi++) {
		if (gsi < 16)
			r.e[n++] = (struct kvm_irq_routing_entry){
				.gsi = gsi, .type = KVM_IRQ_ROUTING_IRQCHIP,
				.u.irqchip = { gsi < 8 ? KVM_IRQCHIP_PIC_MASTER : KVM_IRQCHIP_PIC_SLAVE, gsi % 8 } };
		r.e[n++] = (struct kvm_irq_routing_entry){
			.gsi = gsi, .type = KVM_IRQ_ROUTING_IRQCHIP,
			.u.irqchip = { KVM_IRQCHIP_IOAPIC, gsi } };
	}
	if (with_msi)
		r.e[n++] = (struct kvm_irq_routing_entry){
			.gsi = PT_MSI_GSI, .type = KVM_IRQ_ROUTING_MSI,
			.u.msi = { .address_lo = (uint32_t)pt->msi_addr,
				   .address_hi = (uint32_t)(pt->msi_addr >> 32), .data = pt->msi_data } };
	r.hdr.nr = n;
	return ioctl(pt->vm->fd, KVM_SET_GSI_ROUTING, &r);
}

static int irqfd(struct passthrough *pt, int assign)
{
	struct kvm_irqfd f = { .fd = (uint32_t)pt->efd, .gsi = PT_MSI_GSI,
			       .flags = assign ? 0 : KVM_IRQFD_FLAG_DEASSIGN };

	return ioctl(pt->vm->fd, KVM_IRQFD, &f);
}

static void msi_disable(struct passthrough *pt)
{
	if (!pt->msi_on)
		return;
	vfio_irq_set(&pt->dev, VFIO_PCI_MSI_IRQ_INDEX, -1);
	if (pt->irqfd_on) {
		irqfd(pt, 0);
		set_routing(pt, 0);
		pt->irqfd_on = 0;
	}
	pt->msi_on = 0;
}

static void msi_sync(struct passthrough *pt)
{
	uint64_t addr;
	uint32_t data;
	int want = pci_vdev_msi(&pt->vdev, &addr, &data);

	pthread_mutex_lock(&pt->lock);
	if (!want) {
		msi_disable(pt);
	} else {
		pt->msi_addr = addr;
		pt->msi_data = data;
		if (pt->cfg.irq_mode == PT_IRQ_IRQFD) {
			if (set_routing(pt, 1) < 0)
				fprintf(stderr, "uvmm: vfio: KVM_SET_GSI_ROUTING: %s\n", strerror(errno));
			else if (!pt->irqfd_on && irqfd(pt, 1) == 0)
				pt->irqfd_on = 1;
		}
		if (!pt->msi_on && vfio_irq_set(&pt->dev, VFIO_PCI_MSI_IRQ_INDEX, pt->efd) == 0)
			pt->msi_on = 1;
		else if (!pt->msi_on)
			fprintf(stderr, "uvmm: vfio: enabling MSI: %s\n", strerror(errno));
	}
	pthread_mutex_unlock(&pt->lock);
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
	if (changed & PCI_CHG_MSI)
		msi_sync(pt);
}

/* ---- observe mode ---- */

static void observe_one(struct passthrough *pt)
{
	struct exit_event ev = { .kind = EV_IRQ_MSI, .count = 1 };
	struct kvm_msi msi;

	pthread_mutex_lock(&pt->vm->io_lock);
	pthread_mutex_lock(&pt->lock);
	ev.addr = pt->msi_addr;
	ev.value = pt->msi_data & 0xff;
	msi = (struct kvm_msi){ .address_lo = (uint32_t)pt->msi_addr,
				.address_hi = (uint32_t)(pt->msi_addr >> 32), .data = pt->msi_data };
	pthread_mutex_unlock(&pt->lock);
	pt->irqs++;
	/* Recorded before it is injected, so it precedes the handler's exits. */
	if (session_on_exit(pt->session, &ev)) {
		pthread_mutex_unlock(&pt->vm->io_lock);
		for (unsigned i = 0; i < pt->vm->nvcpus; i++)
			vcpu_kick(&pt->vm->vcpus[i]);
		return;
	}
	if (ioctl(pt->vm->fd, KVM_SIGNAL_MSI, &msi) < 0)
		fprintf(stderr, "uvmm: vfio: KVM_SIGNAL_MSI: %s\n", strerror(errno));
	pthread_mutex_unlock(&pt->vm->io_lock);
}

static void *observe_main(void *arg)
{
	struct passthrough *pt = arg;
	struct pollfd p[2] = { { .fd = pt->efd, .events = POLLIN }, { .fd = pt->stop_efd, .events = POLLIN } };

	for (;;) {
		uint64_t n;
		if (poll(p, 2, -1) < 0 && errno != EINTR)
			break;
		if (p[1].revents)
			break;
		if ((p[0].revents & POLLIN) && read(pt->efd, &n, sizeof(n)) == sizeof(n))
			while (n--)
				observe_one(pt);
	}
	return NULL;
}

int passthrough_start(struct passthrough *pt, struct session *s)
{
	pt->session = s;
	if (pt->cfg.irq_mode != PT_IRQ_OBSERVE)
		return 0;
	if (pthread_create(&pt->observer, NULL, observe_main, pt) != 0)
		return -1;
	pt->observing = 1;
	return 0;
}

void passthrough_stop(struct passthrough *pt)
{
	uint64_t one = 1;

	if (!pt->observing)
		return;
	if (write(pt->stop_efd, &one, sizeof(one)) != sizeof(one))
		pthread_cancel(pt->observer);
	pthread_join(pt->observer, NULL);
	pt->observing = 0;
	pt->session = NULL;
}

/* ---- attach / detach ---- */

static int open_device(struct passthrough *pt, const char *bdf, char *err, size_t errlen)
{
	struct iova_range reserved[VFIO_MAX_RANGES];
	int group, n;

	if (pt->cfg.api == VFIO_API_IOMMUFD)
		return errmsg(err, errlen, "vfio_api=iommufd: %s; this uvmm drives the "
			      "container/group API only (vfio_api=auto or container)",
			      vfio_api_has_iommufd(bdf) ? "the host has /dev/iommu and a VFIO cdev"
							: "the host has no /dev/iommu or VFIO device cdev either");
	if ((group = vfio_host_group("", bdf, err, errlen)) < 0)
		return -1;
	if (!vfio_host_group_viable("", group, bdf, err, errlen))
		return -1;
	if ((n = vfio_host_reserved("", group, reserved, VFIO_MAX_RANGES, err, errlen)) < 0)
		return -1;
	if (vfio_open(&pt->dev, bdf, group, err, errlen) < 0)
		return -1;
	if (vfio_check_ram(pt->vm->mem.size, pt->dev.usable, pt->dev.nusable, reserved, (unsigned)n,
			   err, errlen) < 0)
		return -1;
	return vfio_dma_map(&pt->dev, 0, pt->vm->mem.host, pt->vm->mem.size, err, errlen);
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

	memset(pt, 0, sizeof(*pt));
	pt->vm = vm;
	pt->cfg = *cfg;
	pt->efd = pt->stop_efd = pt->lock_fd = -1;
	pt->dev.container = pt->dev.group = pt->dev.device = -1;
	pthread_mutex_init(&pt->lock, NULL);
	pt->attached = 1;
	pt->fds_before = count_fds();
	if (!vm->irqchip)
		return errmsg(err, errlen, "VFIO passthrough needs the in-kernel irqchip (irqchip=1) for MSI");
	if (vfio_host_resolve("", cfg->spec, bdf, err, errlen) < 0 || lock_device(pt, bdf, err, errlen) < 0 ||
	    vfio_bind(&pt->bind, bdf, err, errlen) < 0 || open_device(pt, bdf, err, errlen) < 0)
		return -1;
	vfio_reset(&pt->dev);
	if (build_vdev(pt, err, errlen) < 0)
		return -1;
	cmd_sync(pt); /* decoding and bus mastering off until the guest enables them */
	pt->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	pt->stop_efd = eventfd(0, EFD_CLOEXEC);
	if (pt->efd < 0 || pt->stop_efd < 0)
		return errmsg(err, errlen, "eventfd: %s", strerror(errno));
	if (cfg->bar_mode == PT_BAR_DIRECT && direct_map_bars(pt, err, errlen) < 0)
		return -1;
	pci_bus_init(&pt->pci);
	pt->pci.on_change = on_cfg_change;
	pt->pci.opaque = pt;
	if (pci_bus_add(&pt->pci, PT_SLOT, &pt->vdev) < 0 ||
	    pci_bus_register(&pt->pci, &vm->pio, &vm->mmio) < 0 ||
	    bus_register(&vm->mmio, PCI_MMIO_WINDOW, PCI_MMIO_WINDOW_SIZE, on_bar, pt, "vfio-bars") < 0)
		return errmsg(err, errlen, "the PCI bus or MMIO window overlaps another device");
	return 0;
}

int passthrough_detach(struct passthrough *pt, char *err, size_t errlen)
{
	int r = 0, fds;

	if (!pt->attached)
		return 0;
	pt->attached = 0;
	passthrough_stop(pt);
	if (pt->dev.device >= 0) {
		uint32_t cmd = 0;
		pthread_mutex_lock(&pt->lock);
		msi_disable(pt);
		pthread_mutex_unlock(&pt->lock);
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
	if (pt->efd >= 0)
		close(pt->efd);
	if (pt->stop_efd >= 0)
		close(pt->stop_efd);
	pt->efd = pt->stop_efd = -1;
	pthread_mutex_destroy(&pt->lock);
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
