/* Named CPUID feature bits (the names `cpu:` requirements and CPUID edits
 * use), so every layer that speaks of "pdpe1gb" means the same bit. */
#ifndef UVMM_MACHINE_CPU_FEATURES_H
#define UVMM_MACHINE_CPU_FEATURES_H

#include <stdint.h>

enum cpuid_reg { CPUID_EAX, CPUID_EBX, CPUID_ECX, CPUID_EDX };

/* How a VMM learns that KVM can offer a bit. */
enum cpu_offer {
	OFFER_CPUID,     /* the bit is set in KVM_GET_SUPPORTED_CPUID */
	OFFER_CAP,       /* announced by the capability `cap` instead (tsc-deadline) */
	OFFER_VMM,       /* user space sets it on its own (the hypervisor bit) */
};

struct cpu_feature {
	const char *name;      /* QEMU's spelling (-cpu +NAME); '_' and '-' are the same */
	uint32_t leaf, subleaf;
	enum cpuid_reg reg;
	unsigned bit;
	enum cpu_offer offer;
	const char *cap;       /* OFFER_CAP: the KVM_CAP_ name without the prefix */
};

/* The feature called name (QEMU's names; '_' matches '-'), or NULL when
 * uvmm knows no such name. */
const struct cpu_feature *cpu_feature_find(const char *name);

#endif
