/* Stopping vCPUs from other threads, and interrupts injected from user space
 * when there is no in-kernel irqchip. */
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>

#include "machine/vm.h"

#define KICK_SIGNAL SIGUSR1

static void kick_handler(int sig)
{
	(void)sig; /* only there to make KVM_RUN return -EINTR */
}

int vcpu_signals_init(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = kick_handler;
	sigemptyset(&sa.sa_mask);
	return sigaction(KICK_SIGNAL, &sa, NULL);
}

void vcpu_kick(struct vcpu *v)
{
	/* immediate_exit catches a kick that lands between the caller's check
	 * and KVM_RUN; the signal one that lands inside KVM_RUN. */
	__atomic_store_n(&v->h.run->immediate_exit, 1, __ATOMIC_SEQ_CST);
	if (v->thread)
		pthread_kill(v->thread, KICK_SIGNAL);
}

void vm_kick_all(struct vm *vm, const struct vcpu *except)
{
	for (unsigned i = 0; i < vm->nvcpus; i++)
		if (&vm->vcpus[i] != except)
			vcpu_kick(&vm->vcpus[i]);
}

int vcpu_queue_irq(struct vcpu *v, unsigned vector)
{
	if (v->pending_irq >= 0)
		return -1;
	v->pending_irq = (int)vector;
	return 0;
}

void vcpu_irq_window(struct vcpu *v)
{
	struct kvm_run *run = v->h.run;

	if (v->pending_irq < 0)
		return;
	if (run->ready_for_interrupt_injection && run->if_flag) {
		struct kvm_interrupt irq = { .irq = (uint32_t)v->pending_irq };

		if (ioctl(v->h.fd, KVM_INTERRUPT, &irq) == 0) {
			v->pending_irq = -1;
			run->request_interrupt_window = 0;
			return;
		}
	}
	run->request_interrupt_window = 1;
}
