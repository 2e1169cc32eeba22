/* The exception frame is read through the guest's own page tables (it is a
 * stack address), bounded by guest_mem like every other guest read. */
#include "exit/fault_report.h"

#include <string.h>
#include <sys/ioctl.h>

#include "machine/gva.h"
#include "uvmm/abi.h"

#define GDB_SIGILL 4
#define GDB_SIGTRAP 5
#define GDB_SIGABRT 6
#define GDB_SIGBUS 7
#define GDB_SIGFPE 8
#define GDB_SIGSEGV 11

/* The signal gdb shows for an exception vector, as a Unix kernel picks it. */
static int vector_signal(uint64_t v)
{
	switch (v) {
	case 0: case 16: case 19: return GDB_SIGFPE;
	case 1: case 3: return GDB_SIGTRAP;
	case 6: return GDB_SIGILL;
	case 17: return GDB_SIGBUS;
	default: return GDB_SIGSEGV;
	}
}

static int read_frame(const struct vcpu *v, uint64_t gva, struct uvmm_exc_frame *f)
{
	struct kvm_sregs s;
	struct gva_ctx c;

	if (ioctl(v->h.fd, KVM_GET_SREGS, &s) < 0)
		return -1;
	c = (struct gva_ctx){ gva_mode_of(s.cr0, s.cr4, s.efer), s.cr3, (s.cr4 >> 4) & 1 };
	return gva_read(&v->vm->mem, &c, gva, f, sizeof(*f)) == sizeof(*f) ? 0 : -1;
}

static void print_frame(const struct vcpu *v, struct session *s, const struct uvmm_exc_frame *f)
{
	char where[256];

	fprintf(s->log,
		"uvmm: exception frame of vcpu %d (the faulting context, not the report call):\n"
		"  rip %016llx %s\n"
		"  rflags %08llx cs %04llx ss %04llx error %llx cr2 %016llx\n"
		"  rax %016llx rbx %016llx rcx %016llx rdx %016llx\n"
		"  rsi %016llx rdi %016llx rbp %016llx rsp %016llx\n"
		"  r8  %016llx r9  %016llx r10 %016llx r11 %016llx\n"
		"  r12 %016llx r13 %016llx r14 %016llx r15 %016llx\n",
		v->h.id, (unsigned long long)f->rip, session_name_addr(s, f->rip, where, sizeof(where)),
		(unsigned long long)f->rflags, (unsigned long long)f->cs, (unsigned long long)f->ss,
		(unsigned long long)f->error_code, (unsigned long long)f->cr2,
		(unsigned long long)f->rax, (unsigned long long)f->rbx, (unsigned long long)f->rcx,
		(unsigned long long)f->rdx, (unsigned long long)f->rsi, (unsigned long long)f->rdi,
		(unsigned long long)f->rbp, (unsigned long long)f->rsp, (unsigned long long)f->r8,
		(unsigned long long)f->r9, (unsigned long long)f->r10, (unsigned long long)f->r11,
		(unsigned long long)f->r12, (unsigned long long)f->r13, (unsigned long long)f->r14,
		(unsigned long long)f->r15);
}

static void frame_regs(const struct uvmm_exc_frame *f, struct kvm_regs *r)
{
	*r = (struct kvm_regs){
		.rax = f->rax, .rbx = f->rbx, .rcx = f->rcx, .rdx = f->rdx, .rsi = f->rsi,
		.rdi = f->rdi, .rsp = f->rsp, .rbp = f->rbp, .r8 = f->r8, .r9 = f->r9,
		.r10 = f->r10, .r11 = f->r11, .r12 = f->r12, .r13 = f->r13, .r14 = f->r14,
		.r15 = f->r15, .rip = f->rip, .rflags = f->rflags,
	};
}

void fault_dump_regs(const struct vcpu *v, struct session *s)
{
	struct kvm_regs r;
	char where[256];

	vcpu_dump_regs(v, s->log);
	if (ioctl(v->h.fd, KVM_GET_REGS, &r) == 0)
		fprintf(s->log, "  at %s\n", session_name_addr(s, r.rip, where, sizeof(where)));
}

static int hcall_ok(const struct exit_event *ev, unsigned nr)
{
	return ev->kind == EV_HCALL && ev->addr == nr && ev->status == UVMM_HC_OK;
}

void fault_report(struct vcpu *v, struct session *s, const struct exit_event *ev,
		  const struct hc_scratch *hc, struct gdbstub *g, int stop)
{
	struct gdbstub_fault f = { 0 };
	struct uvmm_exc_frame frame;
	char where[256], what[64];
	int fault = 0;

	if (hcall_ok(ev, UVMM_HC_ASSERT) && hc->block_len >= sizeof(struct uvmm_hc_assert) &&
	    hc->block[8])
		/* The return address of the call: step back into the call itself. */
		fprintf(s->log, "uvmm:   the failed check is in %s\n",
			session_name_addr(s, hc->block[8] - 1, where, sizeof(where)));
	if (hcall_ok(ev, UVMM_HC_EXCEPTION) && hc->block_len >= sizeof(struct uvmm_hc_exception) &&
	    hc->block[4]) {
		fault = 1;
		f.signal = vector_signal(ev->args[0].num);
		snprintf(what, sizeof(what), "exception %s", session_vector_name(ev->args[0].num));
		if (read_frame(v, hc->block[4], &frame) == 0) {
			print_frame(v, s, &frame);
			frame_regs(&frame, &f.frame);
			f.frame_cs = (uint16_t)frame.cs;
			f.frame_ss = (uint16_t)frame.ss;
			f.have_frame = 1;
		} else {
			fprintf(s->log, "uvmm: the exception frame at 0x%llx is not readable\n",
				(unsigned long long)hc->block[4]);
		}
		f.where = session_name_addr(s, ev->args[2].num, where, sizeof(where));
	} else if ((ev->kind == EV_SHUTDOWN || ev->kind == EV_FAIL_ENTRY ||
		    ev->kind == EV_INTERNAL_ERROR || ev->kind == EV_UNHANDLED) &&
		   stop && (s->end == END_MISMATCH || !s->checker)) {
		/* A crash the guest did not declare (a declared one is a pass). */
		struct kvm_regs r;

		fault = 1;
		f.signal = ev->kind == EV_SHUTDOWN ? GDB_SIGSEGV : GDB_SIGABRT;
		snprintf(what, sizeof(what), "%s", ev->kind == EV_SHUTDOWN ? "triple fault"
				 : ev->kind == EV_UNHANDLED ? "unhandled exit" : "KVM failure");
		if (ioctl(v->h.fd, KVM_GET_REGS, &r) == 0)
			f.where = session_name_addr(s, r.rip, where, sizeof(where));
		if (ev->kind == EV_SHUTDOWN) {
			fprintf(s->log, "uvmm: triple fault on vcpu %d\n", v->h.id);
			fault_dump_regs(v, s);
		}
	} else if (stop && s->end == END_MISMATCH) {
		fault_dump_regs(v, s);
	}
	if (fault && g) {
		f.what = what;
		gdbstub_fault(g, v, &f, stop);
	}
}
