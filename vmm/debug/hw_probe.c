/* Whether this KVM delivers data breakpoints to user space: kvm_pvm takes
 * KVM_SET_GUEST_DEBUG with DR7 write watchpoints and never fires them, which
 * no capability says. A throwaway real-mode VM writes one watched byte. */
#include "debug/stub_internal.h"

#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define PROBE_MEM 0x10000
#define WATCHED 0x800

int stub_probe_data_breakpoints(const struct kvm_host *kvm)
{
	/* mov al, 1; mov [0x800], al; hlt */
	static const uint8_t code[] = { 0xb0, 0x01, 0xa2, 0x00, 0x08, 0xf4 };
	struct kvm_vcpu_handle v = { .fd = -1 };
	struct kvm_guest_debug dbg;
	struct kvm_sregs s;
	struct kvm_regs r = { .rflags = 2 };
	char err[128];
	uint8_t *mem;
	int vm, hit = 0;

	vm = kvm_create_vm(kvm, err, sizeof(err));
	if (vm < 0)
		return 0;
	mem = mmap(NULL, PROBE_MEM, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		close(vm);
		return 0;
	}
	memcpy(mem, code, sizeof(code));
	if (ioctl(vm, KVM_SET_TSS_ADDR, 0xfffbd000ul) < 0 ||
	    kvm_set_memslot(vm, 0, 0, 0, PROBE_MEM, mem) < 0 ||
	    kvm_create_vcpu(kvm, vm, 0, &v, err, sizeof(err)) < 0 ||
	    kvm_set_cpuid_supported(kvm, v.fd, NULL, NULL) < 0 || ioctl(v.fd, KVM_GET_SREGS, &s) < 0)
		goto out;
	s.cs.base = 0;
	s.cs.selector = 0;
	if (ioctl(v.fd, KVM_SET_SREGS, &s) < 0 || ioctl(v.fd, KVM_SET_REGS, &r) < 0)
		goto out;
	memset(&dbg, 0, sizeof(dbg));
	dbg.control = KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_HW_BP;
	dbg.arch.debugreg[0] = WATCHED;
	dbg.arch.debugreg[7] = 0x600 | 0x2 | 1ull << 16; /* G0, write, 1 byte */
	if (ioctl(v.fd, KVM_SET_GUEST_DEBUG, &dbg) < 0)
		goto out;
	for (int tries = 0; tries < 4; tries++) {
		if (ioctl(v.fd, KVM_RUN, 0) < 0)
			continue; /* a signal: try again */
		hit = v.run->exit_reason == KVM_EXIT_DEBUG && (v.run->debug.arch.dr6 & 1);
		break;
	}
out:
	if (v.fd >= 0)
		kvm_destroy_vcpu(&v);
	close(vm);
	munmap(mem, PROBE_MEM);
	return hit;
}
