#include "machine/cpu_features.h"

#include <stddef.h>
#include <string.h>

static const struct cpu_feature cpu_features[] = {
	{ "vmx", 1, 0, CPUID_ECX, 5 },
	{ "pcid", 1, 0, CPUID_ECX, 17 },
	{ "x2apic", 1, 0, CPUID_ECX, 21 },
	{ "tsc-deadline", 1, 0, CPUID_ECX, 24 },
	{ "xsave", 1, 0, CPUID_ECX, 26 },
	{ "avx", 1, 0, CPUID_ECX, 28 },
	{ "rdrand", 1, 0, CPUID_ECX, 30 },
	{ "hypervisor", 1, 0, CPUID_ECX, 31 },
	{ "tsc", 1, 0, CPUID_EDX, 4 },
	{ "msr", 1, 0, CPUID_EDX, 5 },
	{ "pae", 1, 0, CPUID_EDX, 6 },
	{ "apic", 1, 0, CPUID_EDX, 9 },
	{ "fsgsbase", 7, 0, CPUID_EBX, 0 },
	{ "avx2", 7, 0, CPUID_EBX, 5 },
	{ "smep", 7, 0, CPUID_EBX, 7 },
	{ "invpcid", 7, 0, CPUID_EBX, 10 },
	{ "rdseed", 7, 0, CPUID_EBX, 18 },
	{ "smap", 7, 0, CPUID_EBX, 20 },
	{ "umip", 7, 0, CPUID_ECX, 2 },
	{ "pku", 7, 0, CPUID_ECX, 3 },
	{ "la57", 7, 0, CPUID_ECX, 16 },
	{ "svm", 0x80000001, 0, CPUID_ECX, 2 },
	{ "nx", 0x80000001, 0, CPUID_EDX, 20 },
	{ "pdpe1gb", 0x80000001, 0, CPUID_EDX, 26 },
	{ "1gb-pages", 0x80000001, 0, CPUID_EDX, 26 },
	{ "rdtscp", 0x80000001, 0, CPUID_EDX, 27 },
	{ "lm", 0x80000001, 0, CPUID_EDX, 29 },
};

const struct cpu_feature *cpu_feature_find(const char *name)
{
	for (size_t i = 0; i < sizeof(cpu_features) / sizeof(cpu_features[0]); i++)
		if (!strcmp(cpu_features[i].name, name))
			return &cpu_features[i];
	return NULL;
}
