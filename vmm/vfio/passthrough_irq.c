/* Lock order: vm->io_lock (held by a vCPU across an exit and its trace entry)
 * before q->lock before the session's lock. The observe thread takes io_lock
 * too, so an interrupt lands in the trace after the exit that caused it.
 *
 * MSI-X masking without KVM's help: a masked vector has no irqfd, so VFIO's
 * eventfd keeps counting; that count is the pending bit, and assigning the
 * irqfd again on unmask makes KVM inject what is pending (KVM polls the eventfd
 * when an irqfd is assigned). Observe mode keeps the bit itself and re-signals
 * the eventfd on unmask, so the thread delivers it after the unmasking exit. */
#include "vfio/passthrough_irq.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/kvm.h>
#include <linux/vfio.h>

#include "machine/vm.h"
#include "util/efd.h"
#include "util/errmsg.h"

void pt_irq_warn(const struct pt_irq *q, const char *what)
{
	fprintf(q->log, "uvmm: vfio: %s: %s\n", what, strerror(errno));
}

static void drain(const struct pt_irq *q, int efd)
{
	if (efd_drain(efd, NULL) < 0)
		pt_irq_warn(q, "eventfd read");
}

static void signal_efd(const struct pt_irq *q, int efd)
{
	if (efd_signal(efd) < 0)
		pt_irq_warn(q, "eventfd write");
}

/* ---- KVM routing and irqfds ---- */

/* KVM_SET_GSI_ROUTING replaces the whole table: KVM's default routes (GSI 0-15
 * to PIC and IOAPIC, 16-23 to the IOAPIC) plus the MSI and MSI-X vectors that
 * have an irqfd or are about to get one. */
static int set_routing(struct pt_irq *q, const uint8_t *msix_want)
{
	struct {
		struct kvm_irq_routing hdr;
		struct kvm_irq_routing_entry e[16 * 2 + 8 + 1 + PT_MSIX_VECTORS];
	} r;
	unsigned n = 0;

	memset(&r, 0, sizeof(r));
	for (uint32_t gsi = 0; gsi < 24; gsi++) {
		if (gsi < 16)
			r.e[n++] = (struct kvm_irq_routing_entry){
				.gsi = gsi, .type = KVM_IRQ_ROUTING_IRQCHIP,
				.u.irqchip = { gsi < 8 ? KVM_IRQCHIP_PIC_MASTER : KVM_IRQCHIP_PIC_SLAVE, gsi % 8 } };
		r.e[n++] = (struct kvm_irq_routing_entry){
			.gsi = gsi, .type = KVM_IRQ_ROUTING_IRQCHIP, .u.irqchip = { KVM_IRQCHIP_IOAPIC, gsi } };
	}
	if (q->msi_irqfd)
		r.e[n++] = (struct kvm_irq_routing_entry){
			.gsi = PT_MSI_GSI, .type = KVM_IRQ_ROUTING_MSI,
			.u.msi = { .address_lo = (uint32_t)q->msi_addr,
				   .address_hi = (uint32_t)(q->msi_addr >> 32), .data = q->msi_data } };
	for (unsigned v = 0; msix_want && v < q->msix_nfd; v++)
		if (msix_want[v])
			r.e[n++] = (struct kvm_irq_routing_entry){
				.gsi = PT_MSIX_GSI + v, .type = KVM_IRQ_ROUTING_MSI,
				.u.msi = { .address_lo = (uint32_t)q->msix_route_addr[v],
					   .address_hi = (uint32_t)(q->msix_route_addr[v] >> 32),
					   .data = q->msix_route_data[v] } };
	r.hdr.nr = n;
	return ioctl(q->vm->fd, KVM_SET_GSI_ROUTING, &r);
}

static int irqfd(struct pt_irq *q, int efd, uint32_t gsi, int assign)
{
	struct kvm_irqfd f = { .fd = (uint32_t)efd, .gsi = gsi,
			       .flags = assign ? 0 : KVM_IRQFD_FLAG_DEASSIGN };

	return ioctl(q->vm->fd, KVM_IRQFD, &f);
}

/* ---- INTx: VFIO trigger -> (VMM ->) resample irqfd -> IOAPIC pin; EOI -> VFIO unmask ---- */

static int intx_kvm_irqfd(struct pt_irq *q, int assign)
{
	struct kvm_irqfd f = { .fd = (uint32_t)(q->observe ? q->intx_kvm_efd : q->intx_efd),
			       .gsi = q->intx_gsi };

	if (assign) {
		f.flags = KVM_IRQFD_FLAG_RESAMPLE;
		f.resamplefd = (uint32_t)q->intx_unmask_efd;
	} else {
		f.flags = KVM_IRQFD_FLAG_DEASSIGN;
	}
	return ioctl(q->vm->fd, KVM_IRQFD, &f);
}

static void intx_off(struct pt_irq *q)
{
	if (!q->intx_on)
		return;
	if (vfio_irq_set_fds(q->dev, VFIO_PCI_INTX_IRQ_INDEX, VFIO_IRQ_SET_ACTION_TRIGGER, 0, NULL) < 0)
		pt_irq_warn(q, "disabling INTx");
	/* Deassigning a resample irqfd lowers the line. */
	if (intx_kvm_irqfd(q, 0) < 0)
		pt_irq_warn(q, "KVM_IRQFD deassign (INTx)");
	drain(q, q->intx_efd);
	drain(q, q->intx_kvm_efd);
	drain(q, q->intx_unmask_efd);
	q->intx_on = 0;
}

static void intx_on(struct pt_irq *q)
{
	if (q->intx_on || !q->intx_gsi)
		return;
	if (intx_kvm_irqfd(q, 1) < 0) {
		pt_irq_warn(q, "KVM_IRQFD resample (INTx)");
		return;
	}
	/* Trigger first: VFIO takes an unmask eventfd only for a live INTx. */
	if (vfio_irq_set_fds(q->dev, VFIO_PCI_INTX_IRQ_INDEX, VFIO_IRQ_SET_ACTION_TRIGGER, 1,
			     &q->intx_efd) < 0 ||
	    vfio_irq_set_fds(q->dev, VFIO_PCI_INTX_IRQ_INDEX, VFIO_IRQ_SET_ACTION_UNMASK, 1,
			     &q->intx_unmask_efd) < 0) {
		pt_irq_warn(q, "enabling INTx");
		vfio_irq_set_fds(q->dev, VFIO_PCI_INTX_IRQ_INDEX, VFIO_IRQ_SET_ACTION_TRIGGER, 0, NULL);
		intx_kvm_irqfd(q, 0);
		return;
	}
	q->intx_on = 1;
}

/* INTx is the device's interrupt whenever neither MSI nor MSI-X is enabled. */
static void intx_sync(struct pt_irq *q)
{
	if (!q->msi_on && !q->msix_on)
		intx_on(q);
	else
		intx_off(q);
}

/* ---- MSI ---- */

static void msi_off(struct pt_irq *q)
{
	if (!q->msi_on)
		return;
	vfio_irq_set(q->dev, VFIO_PCI_MSI_IRQ_INDEX, -1);
	if (q->msi_irqfd) {
		irqfd(q, q->msi_efd, PT_MSI_GSI, 0);
		q->msi_irqfd = 0;
		set_routing(q, NULL);
	}
	drain(q, q->msi_efd);
	q->msi_on = 0;
}

void pt_irq_msi(struct pt_irq *q, int enabled, uint64_t addr, uint32_t data)
{
	pthread_mutex_lock(&q->lock);
	q->msi_addr = addr;
	q->msi_data = data;
	if (!enabled) {
		msi_off(q);
	} else {
		if (!q->observe) {
			int was = q->msi_irqfd;
			q->msi_irqfd = 1;
			if (set_routing(q, NULL) < 0) {
				pt_irq_warn(q, "KVM_SET_GSI_ROUTING");
				q->msi_irqfd = was;
			} else if (!was && irqfd(q, q->msi_efd, PT_MSI_GSI, 1) < 0) {
				pt_irq_warn(q, "KVM_IRQFD (MSI)");
				q->msi_irqfd = 0;
			}
		}
		if (!q->msi_on) {
			intx_off(q); /* VFIO has one interrupt type live at a time */
			if (vfio_irq_set(q->dev, VFIO_PCI_MSI_IRQ_INDEX, q->msi_efd) == 0)
				q->msi_on = 1;
			else
				pt_irq_warn(q, "enabling MSI");
		}
	}
	intx_sync(q);
	pthread_mutex_unlock(&q->lock);
}

/* ---- MSI-X ---- */

int pt_irq_msix_deliverable(const struct pt_irq *q, unsigned v, uint64_t *addr, uint32_t *data)
{
	return pci_msix_vector(q->msix, v, q->msix_enabled, q->msix_maskall, addr, data);
}

/* irqfd mode: exactly the deliverable vectors have an irqfd and a route. */
static void msix_irqfd_sync(struct pt_irq *q)
{
	uint8_t want[PT_MSIX_VECTORS] = { 0 };
	int reroute = 0;

	for (unsigned v = 0; v < q->msix_nfd; v++) {
		uint64_t addr;
		uint32_t data;
		want[v] = q->msix_on && pt_irq_msix_deliverable(q, v, &addr, &data);
		if (want[v] && (!q->msix_irqfd[v] || addr != q->msix_route_addr[v] ||
				data != q->msix_route_data[v])) {
			q->msix_route_addr[v] = addr;
			q->msix_route_data[v] = data;
			reroute = 1;
		}
		if (!want[v] && q->msix_irqfd[v]) {
			if (irqfd(q, q->msix_efd[v], PT_MSIX_GSI + v, 0) < 0)
				pt_irq_warn(q, "KVM_IRQFD deassign (MSI-X)");
			q->msix_irqfd[v] = 0;
			reroute = 1;
		}
	}
	if (reroute && set_routing(q, want) < 0) {
		pt_irq_warn(q, "KVM_SET_GSI_ROUTING");
		return;
	}
	/* An eventfd that counted while the vector was masked fires on assign. */
	for (unsigned v = 0; v < q->msix_nfd; v++)
		if (want[v] && !q->msix_irqfd[v]) {
			if (irqfd(q, q->msix_efd[v], PT_MSIX_GSI + v, 1) < 0)
				pt_irq_warn(q, "KVM_IRQFD (MSI-X)");
			else
				q->msix_irqfd[v] = 1;
		}
}

/* Observe mode: a vector that became deliverable with its bit pending is
 * signalled again; the thread records and raises it. */
static void msix_observe_sync(struct pt_irq *q)
{
	for (unsigned v = 0; v < q->msix_nfd; v++) {
		uint64_t addr;
		uint32_t data;
		if (pci_msix_pending(q->msix, v) && pt_irq_msix_deliverable(q, v, &addr, &data)) {
			pci_msix_set_pending(q->msix, v, 0);
			signal_efd(q, q->msix_efd[v]);
		}
	}
}

static void msix_sync(struct pt_irq *q)
{
	if (q->msix_enabled && !q->msix_on) {
		intx_off(q);
		if (vfio_irq_set_fds(q->dev, VFIO_PCI_MSIX_IRQ_INDEX, VFIO_IRQ_SET_ACTION_TRIGGER,
				     q->msix_nfd, q->msix_efd) == 0)
			q->msix_on = 1;
		else
			pt_irq_warn(q, "enabling MSI-X");
	} else if (!q->msix_enabled && q->msix_on) {
		if (vfio_irq_set_fds(q->dev, VFIO_PCI_MSIX_IRQ_INDEX, VFIO_IRQ_SET_ACTION_TRIGGER, 0, NULL) < 0)
			pt_irq_warn(q, "disabling MSI-X");
		q->msix_on = 0;
	}
	if (q->observe)
		msix_observe_sync(q);
	else
		msix_irqfd_sync(q);
	if (!q->msix_on) {
		for (unsigned v = 0; v < q->msix_nfd; v++) {
			drain(q, q->msix_efd[v]);
			pci_msix_set_pending(q->msix, v, 0);
		}
	}
	intx_sync(q);
}

void pt_irq_msix_ctrl(struct pt_irq *q, int enabled, int maskall)
{
	if (!q->msix)
		return;
	pthread_mutex_lock(&q->lock);
	q->msix_enabled = enabled;
	q->msix_maskall = maskall;
	msix_sync(q);
	pthread_mutex_unlock(&q->lock);
}

/* irqfd mode: a masked vector is pending while its eventfd has a count. */
static void pba_refresh(struct pt_irq *q)
{
	if (q->observe)
		return;
	for (unsigned v = 0; v < q->msix_nfd; v++) {
		uint64_t addr;
		uint32_t data;
		pci_msix_set_pending(q->msix, v, q->msix_on && !pt_irq_msix_deliverable(q, v, &addr, &data) &&
							 efd_readable(q->msix_efd[v]));
	}
}

int pt_irq_bar_access(struct pt_irq *q, int bar, uint64_t off, unsigned size, int is_write,
		      uint8_t *data)
{
	enum msix_where w;
	int r = 0;

	if (!q->msix || (w = pci_msix_where(q->msix, bar, off, size)) == MSIX_NONE)
		return 1;
	pthread_mutex_lock(&q->lock);
	if (w == MSIX_TABLE) {
		int v = pci_msix_table_access(q->msix, bar, off, size, is_write, data);
		if (v == -2)
			r = -1;
		else if (v >= 0)
			msix_sync(q);
	} else {
		if (!is_write)
			pba_refresh(q);
		r = pci_msix_pba_access(q->msix, bar, off, size, is_write, data);
	}
	pthread_mutex_unlock(&q->lock);
	return r;
}

int pt_irq_msix_hole(const struct pt_irq *q, int bar, uint64_t size, uint64_t *start, uint64_t *end)
{
	const uint64_t page = 4096;
	uint64_t lo, hi;

	if (!q->msix || !pci_msix_span(q->msix, bar, &lo, &hi))
		return 0;
	*start = lo & ~(page - 1);
	*end = (hi + page - 1) & ~(page - 1);
	if (*end > size)
		*end = size;
	return 1;
}

/* ---- set-up and teardown ---- */

static int new_efd(int *fd, char *err, size_t errlen)
{
	return efd_open(fd) < 0 ? errmsg(err, errlen, "eventfd: %s", strerror(errno)) : 0;
}

int pt_irq_init(struct pt_irq *q, struct vm *vm, struct vfio_dev *dev, FILE *log, int observe,
		const struct pci_caps *caps, uint8_t pin, uint32_t intx_gsi, char *err, size_t errlen)
{
	memset(q, 0, sizeof(*q));
	q->vm = vm;
	q->dev = dev;
	q->log = log;
	q->observe = observe;
	q->msi_efd = q->stop_efd = q->intx_efd = q->intx_unmask_efd = q->intx_kvm_efd = -1;
	pthread_mutex_init(&q->lock, NULL);
	q->ready = 1;
	if (new_efd(&q->msi_efd, err, errlen) < 0 || new_efd(&q->stop_efd, err, errlen) < 0)
		return -1;
	if (caps->msix_off && dev->irq_count[VFIO_PCI_MSIX_IRQ_INDEX]) {
		if (!(q->msix = malloc(sizeof(*q->msix))))
			return errmsg(err, errlen, "out of memory");
		pci_msix_init(q->msix, caps->msix_ctrl, caps->msix_table, caps->msix_pba);
		q->msix_nfd = q->msix->nvec < PT_MSIX_VECTORS ? q->msix->nvec : PT_MSIX_VECTORS;
		if (q->msix_nfd > dev->irq_count[VFIO_PCI_MSIX_IRQ_INDEX])
			q->msix_nfd = dev->irq_count[VFIO_PCI_MSIX_IRQ_INDEX];
		for (unsigned v = 0; v < PT_MSIX_VECTORS; v++)
			q->msix_efd[v] = -1;
		for (unsigned v = 0; v < q->msix_nfd; v++)
			if (new_efd(&q->msix_efd[v], err, errlen) < 0)
				return -1;
	}
	if (pin && dev->irq_count[VFIO_PCI_INTX_IRQ_INDEX] &&
	    ioctl(vm->fd, KVM_CHECK_EXTENSION, KVM_CAP_IRQFD_RESAMPLE) > 0) {
		if (new_efd(&q->intx_efd, err, errlen) < 0 || new_efd(&q->intx_unmask_efd, err, errlen) < 0 ||
		    (observe && new_efd(&q->intx_kvm_efd, err, errlen) < 0))
			return -1;
		q->intx_gsi = intx_gsi;
		pthread_mutex_lock(&q->lock);
		intx_on(q);
		pthread_mutex_unlock(&q->lock);
	}
	return 0;
}

void pt_irq_teardown(struct pt_irq *q)
{
	uint32_t gsi;

	if (!q->ready)
		return;
	pt_irq_stop(q);
	pthread_mutex_lock(&q->lock);
	gsi = q->intx_gsi;
	q->intx_gsi = 0; /* disabling MSI below must not bring INTx back */
	msi_off(q);
	if (q->msix) {
		q->msix_enabled = 0;
		msix_sync(q);
	}
	q->intx_gsi = gsi;
	intx_off(q);
	q->intx_gsi = 0;
	pthread_mutex_unlock(&q->lock);
	efd_close(&q->msi_efd);
	efd_close(&q->stop_efd);
	efd_close(&q->intx_efd);
	efd_close(&q->intx_unmask_efd);
	efd_close(&q->intx_kvm_efd);
	for (unsigned v = 0; v < q->msix_nfd; v++)
		efd_close(&q->msix_efd[v]);
	free(q->msix);
	q->msix = NULL;
	pthread_mutex_destroy(&q->lock);
	q->ready = 0;
}
