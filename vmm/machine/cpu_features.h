/* Named CPUID feature bits (the names `cpu:` requirements and CPUID edits
 * use), so every layer that speaks of "pdpe1gb" means the same bit. */
#ifndef UVMM_MACHINE_CPU_FEATURES_H
#define UVMM_MACHINE_CPU_FEATURES_H

#include <stdint.h>

enum cpuid_reg { CPUID_EAX, CPUID_EBX, CPUID_ECX, CPUID_EDX };

struct cpu_feature {
	const char *name;
	uint32_t leaf, subleaf;
	enum cpuid_reg reg;
	unsigned bit;
};

/* The feature called name, or NULL when uvmm knows no such name. */
const struct cpu_feature *cpu_feature_find(const char *name);

#endif
