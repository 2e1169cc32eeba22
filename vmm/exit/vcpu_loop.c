/* The hot path: one switch over the exit reason, no allocation, no
 * formatting; everything after decoding is the session's business. */
#include "exit/vcpu_loop.h"

#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "exit/fault_report.h"
#include "exit/guest_control.h"
#include "exit/hypercall.h"
#include "exit/internal_error.h"
#include "exit/s3.h"
#include "util/bytes.h"
#include "util/exit_clock.h"
#include "uvmm/abi.h"

/* Returns 0, or -1 when KVM failed it (a host error: the guest would see a
 * stale EAX otherwise). */
static int set_eax(struct vcpu *v, uint32_t eax)
{
	struct kvm_run *run = v->h.run;
	struct kvm_regs r;

	if (v->sync_regs) {
		run->s.regs.regs.rax = eax;
		run->kvm_dirty_regs |= KVM_SYNC_X86_REGS;
		return 0;
	}
	if (ioctl(v->h.fd, KVM_GET_REGS, &r) < 0)
		return -1;
	r.rax = eax;
	return ioctl(v->h.fd, KVM_SET_REGS, &r) < 0 ? -1 : 0;
}

static int on_pio(struct vcpu *v, struct session *s, struct hupcall_set *hu, struct hc_scratch *hc,
		  struct exit_event *ev, uint64_t *stop_status, int *stop)
{
	struct kvm_run *run = v->h.run;
	struct vm *vm = v->vm;
	unsigned size = run->io.size;
	uint32_t count = run->io.count;
	int is_write = run->io.direction == KVM_EXIT_IO_OUT;
	uint8_t *data;

	/* Never trust the offsets blindly: the data must lie inside the run area. */
	if (run->io.data_offset >= v->h.run_size || size == 0 || size > 4 || count == 0 ||
	    (uint64_t)size * count > v->h.run_size - run->io.data_offset) {
		fprintf(s->log, "uvmm: KVM_EXIT_IO with impossible layout (size %u count %u offset %llu)\n",
			size, count, (unsigned long long)run->io.data_offset);
		return -1;
	}
	data = (uint8_t *)run + run->io.data_offset;
	ev->kind = is_write ? EV_PIO_OUT : EV_PIO_IN;
	ev->addr = run->io.port;
	ev->size = (uint16_t)size;
	ev->count = count;
	if (hypercall_port(run->io.port)) {
		uint32_t gpa = 0;
		int st;

		if (is_write && size == 4)
			memcpy(&gpa, data, 4);
		else if (!is_write)
			read_nothing(data, (size_t)size * count);
		st = hypercall_decode(&vm->mem, run->io.port, size, count, is_write, gpa, hc, ev);
		if (st == UVMM_HC_OK)
			st = ev->status = guest_control(v, hu, ev, hc->err, sizeof(hc->err));
		if (st == GUEST_CONTROL_HOST_ERROR) {
			fprintf(s->log, "uvmm: hypercall %u (%s): the host failed it: %s\n",
				(unsigned)ev->addr, hc_desc(ev->addr)->name, hc->err);
			return -1;
		}
		if (st < 0)
			logcap_printf(s->glog, "uvmm: hypercall %u (%s) rejected: %s\n", (unsigned)ev->addr,
				hc_desc(ev->addr) ? hc_desc(ev->addr)->name : "unused",
				hc->err);
		if (is_write && size == 4 && count == 1 && set_eax(v, (uint32_t)st) < 0) {
			fprintf(s->log, "uvmm: setting the hypercall's status in EAX: %s\n", strerror(errno));
			return -1;
		}
		return 0;
	}
	for (uint32_t i = 0; i < count; i++) {
		enum bus_action a = bus_access(&vm->pio, run->io.port, size, is_write,
					       data + (size_t)i * size, stop_status);
		if (a != BUS_CONTINUE)
			*stop = (int)a;
	}
	if (count == 1)
		ev->value = le_read(data, size);
	else
		ev->data = data;
	return 0;
}

static void on_mmio(struct vcpu *v, struct exit_event *ev, uint64_t *stop_status, int *stop)
{
	struct kvm_run *run = v->h.run;
	unsigned len = run->mmio.len <= 8 ? run->mmio.len : 8;

	ev->kind = run->mmio.is_write ? EV_MMIO_WRITE : EV_MMIO_READ;
	ev->addr = run->mmio.phys_addr;
	ev->size = (uint16_t)len;
	ev->count = 1;
	if (bus_access(&v->vm->mmio, ev->addr, len, run->mmio.is_write, run->mmio.data,
		       stop_status) == BUS_STOP)
		*stop = BUS_STOP;
	ev->value = le_read(run->mmio.data, len);
}

static void on_msr(struct vcpu *v, struct exit_event *ev, int is_write)
{
	struct kvm_run *run = v->h.run;
	uint64_t val = run->msr.data;
	int gp;

	gp = is_write ? dev_msr_write(&v->vm->msr, run->msr.index, val)
		      : dev_msr_read(&v->vm->msr, run->msr.index, &val);
	run->msr.error = (uint8_t)gp;
	if (!is_write)
		run->msr.data = gp ? 0 : val;
	ev->kind = is_write ? EV_MSR_WRITE : EV_MSR_READ;
	ev->addr = run->msr.index;
	ev->size = 8;
	ev->count = 1;
	ev->value = is_write ? val : (gp ? 0 : val);
	ev->status = gp;
}

static void log_crash(struct vcpu *v, struct session *s, const char *what, unsigned long long detail)
{
	fprintf(s->log, "uvmm: %s (0x%llx) on vcpu %d\n", what, detail, v->h.id);
	vcpu_dump_regs(v, s->log);
}

/* Decodes one exit into ev. Returns 1 if it is an exit the session must see,
 * 0 for a kick (no event), -1 on a host error. */
static int decode_exit(struct vcpu *v, struct session *s, struct hupcall_set *hu,
		       struct hc_scratch *hc, struct exit_event *ev, uint64_t *stop_status, int *stop)
{
	struct kvm_run *run = v->h.run;

	switch (run->exit_reason) {
	case KVM_EXIT_IO:
		return on_pio(v, s, hu, hc, ev, stop_status, stop) < 0 ? -1 : 1;
	case KVM_EXIT_MMIO:
		on_mmio(v, ev, stop_status, stop);
		return 1;
	case KVM_EXIT_HLT:
		ev->kind = EV_HLT;
		return 1;
	case KVM_EXIT_X86_RDMSR:
	case KVM_EXIT_X86_WRMSR:
		on_msr(v, ev, run->exit_reason == KVM_EXIT_X86_WRMSR);
		return 1;
	case KVM_EXIT_SHUTDOWN:
		ev->kind = EV_SHUTDOWN;
		log_crash(v, s, "triple fault (KVM_EXIT_SHUTDOWN)", 0);
		return 1;
	case KVM_EXIT_FAIL_ENTRY:
		ev->kind = EV_FAIL_ENTRY;
		ev->value = run->fail_entry.hardware_entry_failure_reason;
		log_crash(v, s, "VM entry failed, hardware reason", ev->value);
		return 1;
	case KVM_EXIT_INTERNAL_ERROR: {
		char what[160];

		ev->kind = EV_INTERNAL_ERROR;
		ev->value = run->internal.suberror;
		internal_error_describe(run, what, sizeof(what));
		fprintf(s->log, "uvmm: KVM internal error, suberror (0x%llx) on vcpu %d: %s\n",
			(unsigned long long)ev->value, v->h.id, what);
		vcpu_dump_regs(v, s->log);
		return 1;
	}
	case KVM_EXIT_IRQ_WINDOW_OPEN:
		ev->kind = EV_IRQ_WINDOW;
		return 1;
	case KVM_EXIT_HYPERCALL:
		/* Only the calls enabled with KVM_CAP_EXIT_HYPERCALL get here; the
		 * guest sees success. */
		ev->kind = EV_KVM_HYPERCALL;
		ev->addr = run->hypercall.nr;
		run->hypercall.ret = 0;
		return 1;
	case KVM_EXIT_INTR:
		return 0;
	default:
		ev->kind = EV_UNHANDLED;
		ev->addr = run->exit_reason;
		log_crash(v, s, "unhandled KVM exit reason", run->exit_reason);
		return 1;
	}
}

static int run_over(const struct session *s)
{
	return __atomic_load_n(&s->end, __ATOMIC_ACQUIRE) != END_NONE;
}

/* The exit, with what hyperupcalls make of it: the exit program's verdict
 * before it (the checker sees the exit only if the guest's own checker let
 * it pass), the events it caused (irq_target, reclaim) after it. Returns 1
 * when the run must stop. */
static int offer(struct session *s, struct hupcall_set *hu, int exit_prog, struct exit_event *ev)
{
	struct exit_event hev[HUPCALL_PENDING];
	unsigned n;

	if (exit_prog) {
		hupcall_on_exit(hu, ev, &hev[0]);
		if (session_on_exit(s, &hev[0]))
			return 1;
	}
	if (session_on_exit(s, ev))
		return 1;
	n = hupcall_take_events(hu, ev->vcpu, hev);
	for (unsigned i = 0; i < n; i++)
		if (session_on_exit(s, &hev[i]))
			return 1;
	return 0;
}

static void run_loop(struct vcpu *v, struct session *s, struct hupcall_set *hu, struct hc_scratch *hc,
		     struct gdbstub *g)
{
	struct kvm_run *run = v->h.run;

	for (;;) {
		struct exit_event ev;
		uint64_t stop_status = 0;
		int stop = 0, r, exit_prog;

		if (run_over(s))
			return;
		if (g) {
			/* May wait a long time: the run can end meanwhile. */
			gdbstub_vcpu_enter(g, v);
			if (run_over(s))
				return;
		}
		if (!v->vm->irqchip)
			vcpu_irq_window(v);
		if (ioctl(v->h.fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN) {
				run->immediate_exit = 0;
				continue;
			}
			fprintf(s->log, "uvmm: KVM_RUN on vcpu %d: %s\n", v->h.id, strerror(errno));
			session_end(s, END_HOST_ERROR);
			return;
		}
		/* Breakpoints and steps are the debugger's: never the guest's exits. */
		if (g && gdbstub_vcpu_exit(g, v)) {
			run->immediate_exit = 0;
			continue;
		}
		if (s->exit_clock)
			exit_clock_tick(s->exit_clock);
		memset(&ev, 0, sizeof(ev));
		ev.vcpu = (uint32_t)v->h.id;
		/* Held from the device's side effect until the exit has its place in
		 * the trace: an interrupt the device raises in response (recorded by
		 * another thread under the same lock) can only come after it. */
		pthread_mutex_lock(&v->vm->io_lock);
		/* An exit program judges the exits during which it stays
		 * registered: neither the hypercall that registers it nor the
		 * one that unregisters it. */
		exit_prog = hupcall_has_exit(hu);
		r = decode_exit(v, s, hu, hc, &ev, &stop_status, &stop);
		if (r <= 0) {
			pthread_mutex_unlock(&v->vm->io_lock);
			if (r < 0) {
				session_end(s, END_HOST_ERROR);
				return;
			}
			run->immediate_exit = 0;
			continue;
		}
		if (v->sync_regs)
			ev.rip = run->s.regs.regs.rip;
		r = offer(s, hu, exit_prog && hupcall_has_exit(hu), &ev);
		pthread_mutex_unlock(&v->vm->io_lock);
		if (r || ev.kind == EV_HCALL)
			fault_report(v, s, &ev, hc, g, r);
		if (r)
			return;
		if (stop == BUS_STOP) {
			session_end_guest(s, stop_status);
			return;
		}
		if (stop == BUS_SLEEP && vcpu_s3_sleep(v, s))
			return;
	}
}

void vcpu_run(struct vcpu *v, struct session *s, struct hupcall_set *hu, struct gdbstub *g)
{
	/* Per vCPU and per thread: the decoded hypercall strings stay valid
	 * until this vCPU's next hypercall, whatever other vCPUs do. */
	struct hc_scratch hc;

	run_loop(v, s, hu, &hc, g);
	if (g)
		gdbstub_vcpu_done(g, v, run_over(s));
	/* Whoever ended the run, the other vCPUs must leave KVM_RUN too. */
	vm_kick_all(v->vm, v);
}
