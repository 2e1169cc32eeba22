/* Observe mode: a thread waits on the device's interrupt eventfds, hands
 * each interrupt to the run's event sink (trace and checker), then raises it
 * in KVM itself. It holds vm->io_lock while doing so, so an interrupt lands in
 * the trace after the exit that caused it (lock order in passthrough_irq.c). */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/kvm.h>

#include "machine/vm.h"
#include "util/efd.h"
#include "vfio/passthrough_irq.h"

static void observe_record(struct pt_irq *q, struct exit_event *ev)
{
	q->sink.emit(q->sink.ctx, ev);
}

/* Recorded before it is raised, so it precedes the handler's exits. */
static void observe_msi(struct pt_irq *q, int v)
{
	struct exit_event ev = { .kind = EV_IRQ_MSI, .count = 1 };
	uint64_t addr = 0;
	uint32_t data = 0;
	int go;

	pthread_mutex_lock(&q->vm->io_lock);
	pthread_mutex_lock(&q->lock);
	if (v < 0) {
		addr = q->msi_addr;
		data = q->msi_data;
		go = q->msi_on;
	} else {
		go = pt_irq_msix_deliverable(q, (unsigned)v, &addr, &data);
		if (!go && q->msix_on)
			pci_msix_set_pending(q->msix, (unsigned)v, 1);
	}
	pthread_mutex_unlock(&q->lock);
	if (go) {
		struct kvm_msi msi = { .address_lo = (uint32_t)addr, .address_hi = (uint32_t)(addr >> 32),
				       .data = data };
		q->irqs++;
		ev.addr = addr;
		ev.value = data & 0xff;
		observe_record(q, &ev);
		if (ioctl(q->vm->fd, KVM_SIGNAL_MSI, &msi) < 0)
			pt_irq_warn(q, "KVM_SIGNAL_MSI");
	}
	pthread_mutex_unlock(&q->vm->io_lock);
}

static void observe_intx(struct pt_irq *q)
{
	struct exit_event ev = { .kind = EV_IRQ_INTX, .count = 1, .value = q->intx_gsi };

	pthread_mutex_lock(&q->vm->io_lock);
	q->irqs++;
	observe_record(q, &ev);
	/* The resample irqfd raises the pin until EOI. */
	if (efd_signal(q->intx_kvm_efd) < 0)
		pt_irq_warn(q, "eventfd write");
	pthread_mutex_unlock(&q->vm->io_lock);
}

enum { OBS_STOP, OBS_MSI, OBS_INTX, OBS_MSIX };

static void *observe_main(void *arg)
{
	struct pt_irq *q = arg;
	struct pollfd p[OBS_MSIX + PT_MSIX_VECTORS];
	unsigned n = OBS_MSIX + q->msix_nfd;

	memset(p, 0, sizeof(p));
	p[OBS_STOP].fd = q->stop_efd;
	p[OBS_MSI].fd = q->msi_efd;
	p[OBS_INTX].fd = q->intx_gsi ? q->intx_efd : -1;
	for (unsigned v = 0; v < q->msix_nfd; v++)
		p[OBS_MSIX + v].fd = q->msix_efd[v];
	for (unsigned i = 0; i < n; i++)
		p[i].events = POLLIN;
	for (;;) {
		uint64_t cnt;
		if (poll(p, n, -1) < 0 && errno != EINTR)
			break;
		if (p[OBS_STOP].revents)
			break;
		for (unsigned i = OBS_MSI; i < n; i++) {
			if (!(p[i].revents & POLLIN) || read(p[i].fd, &cnt, sizeof(cnt)) != sizeof(cnt))
				continue;
			while (cnt--) {
				if (i == OBS_INTX)
					observe_intx(q);
				else
					observe_msi(q, i == OBS_MSI ? -1 : (int)(i - OBS_MSIX));
			}
		}
	}
	return NULL;
}

int pt_irq_start(struct pt_irq *q, struct event_sink sink)
{
	q->sink = sink;
	if (!q->observe)
		return 0;
	if (pthread_create(&q->observer, NULL, observe_main, q) != 0)
		return -1;
	q->observing = 1;
	return 0;
}

void pt_irq_stop(struct pt_irq *q)
{
	if (!q->observing)
		return;
	if (efd_signal(q->stop_efd) < 0)
		pt_irq_warn(q, "eventfd write");
	pthread_join(q->observer, NULL);
	q->observing = 0;
	q->sink = (struct event_sink){ 0 };
}
