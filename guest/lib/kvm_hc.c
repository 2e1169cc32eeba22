#include <uvmm/kvm_hc.h>

#include <uvmm/cpu.h>
#include <uvmm/string.h>

int kvm_hc_uses_vmmcall(void)
{
	struct cpuid_regs r = cpuid(0, 0);
	char v[12];

	memcpy(v, &r.ebx, 4);
	memcpy(v + 4, &r.edx, 4);
	memcpy(v + 8, &r.ecx, 4);
	return !memcmp(v, "AuthenticAMD", 12) || !memcmp(v, "HygonGenuine", 12);
}

void kvm_hc(struct kvm_hc_regs *r)
{
	/* KVM on either vendor can emulate the other's instruction, but a test
	 * of KVM's hypercall should use the native one. */
	if (kvm_hc_uses_vmmcall())
		__asm__ volatile("vmmcall"
				 : "+a"(r->rax), "+b"(r->rbx), "+c"(r->rcx), "+d"(r->rdx), "+S"(r->rsi)
				 : : "memory");
	else
		__asm__ volatile("vmcall"
				 : "+a"(r->rax), "+b"(r->rbx), "+c"(r->rcx), "+d"(r->rdx), "+S"(r->rsi)
				 : : "memory");
}
