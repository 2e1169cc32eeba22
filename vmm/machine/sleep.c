/* Only one vCPU is emulated through S3: a sleeping SMP machine would have to
 * park the APs and restart them through INIT/SIPI as firmware does, which no
 * kvm-unit-tests entry needs (s3 runs on one). */
#include "machine/sleep.h"

#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "util/errmsg.h"

#define FACS_WAKING_VECTOR 12 /* u32 offset in the FACS (ACPI 6.5 table 5.14) */

uint64_t vm_s3_wake_time(const struct vm *vm, uint64_t now)
{
	if (!(vm->acpi_pm.en & ACPI_PM1_RTC_STS))
		return 0;
	return dev_rtc_next_alarm(&vm->rtc, now);
}

static struct kvm_segment real_seg(uint16_t sel, uint8_t type)
{
	return (struct kvm_segment){ .base = (uint64_t)sel << 4, .limit = 0xffff, .selector = sel,
				     .type = type, .present = 1, .s = 1 };
}

int vm_s3_resume(struct vcpu *v, char *err, size_t errlen)
{
	struct vm *vm = v->vm;
	struct kvm_sregs s;
	struct kvm_regs r = { .rflags = 0x2 };
	uint32_t vector;

	if (vm->nvcpus != 1)
		return errmsg(err, errlen, "S3 resume of %u vCPUs is not emulated (one only)",
			      vm->nvcpus);
	if (!vm->acpi_pm.facs_gpa ||
	    guest_read(&vm->mem, vm->acpi_pm.facs_gpa + FACS_WAKING_VECTOR, &vector, 4) < 0)
		return errmsg(err, errlen, "S3 resume: no FACS in guest RAM");
	if (!vector || vector >= 0x100000)
		return errmsg(err, errlen, "S3 resume: FACS waking vector 0x%x is not a real-mode "
			      "address (a firmware would reboot; uvmm does not)", vector);
	if (ioctl(v->h.fd, KVM_GET_SREGS, &s) < 0)
		return errmsg(err, errlen, "KVM_GET_SREGS: %s", strerror(errno));
	/* The state a firmware leaves at the waking vector: real mode, CS:IP
	 * = vector >> 4 : vector & 0xf, paging and long mode off. */
	s.cs = real_seg((uint16_t)(vector >> 4), 0xb);
	s.ds = s.es = s.fs = s.gs = s.ss = real_seg(0, 0x3);
	s.tr = (struct kvm_segment){ .limit = 0xffff, .type = 0xb, .present = 1 };
	s.ldt = (struct kvm_segment){ .limit = 0xffff, .type = 0x2, .present = 1 };
	s.gdt = (struct kvm_dtable){ .base = 0, .limit = 0xffff };
	s.idt = (struct kvm_dtable){ .base = 0, .limit = 0x3ff };
	s.cr0 = 0x10; /* ET */
	s.cr2 = s.cr3 = s.cr4 = 0;
	s.efer = 0;
	r.rip = vector & 0xf;
	/* Through kvm_run, not KVM_SET_SREGS: the sandbox (run/sandbox.c) allows
	 * no setup ioctl once the guest runs, and KVM_RUN applies these. */
	if (!v->sync_sregs)
		return errmsg(err, errlen, "S3 resume needs KVM_CAP_SYNC_REGS with KVM_SYNC_X86_SREGS");
	v->h.run->s.regs.sregs = s;
	v->h.run->s.regs.regs = r;
	v->h.run->kvm_dirty_regs |= KVM_SYNC_X86_SREGS | KVM_SYNC_X86_REGS;
	vm->acpi_pm.sts |= ACPI_PM1_WAK_STS | ACPI_PM1_RTC_STS;
	return 0;
}
