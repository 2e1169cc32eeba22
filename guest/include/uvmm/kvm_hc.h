/* KVM's own hypercall from a guest: vmcall on Intel, vmmcall on AMD and Hygon
 * (chosen by the CPUID vendor), with KVM's register convention. */
#ifndef UVMM_KVM_HC_H
#define UVMM_KVM_HC_H

#include <stdint.h>

/* nr in rax, arguments in rbx, rcx, rdx, rsi; KVM's result comes back in rax
 * and the other registers as KVM left them (they should be unchanged). */
struct kvm_hc_regs {
	uint64_t rax, rbx, rcx, rdx, rsi;
};

/* 1 when this CPU's vendor uses vmmcall. */
int kvm_hc_uses_vmmcall(void);
void kvm_hc(struct kvm_hc_regs *r);

#endif
