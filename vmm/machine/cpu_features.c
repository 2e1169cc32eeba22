/* One table: QEMU's feature names (what kvm-unit-tests' -cpu options and the
 * manifest's cpu: requirements say) and the CPUID bit each one is. */
#include "machine/cpu_features.h"

#include <stddef.h>
#include <string.h>

#define C(n, l, s, r, b) { n, l, s, r, b, OFFER_CPUID, NULL }
static const struct cpu_feature cpu_features[] = {
	/* leaf 1 */
	C("sse3", 1, 0, CPUID_ECX, 0),
	C("pclmulqdq", 1, 0, CPUID_ECX, 1),
	C("monitor", 1, 0, CPUID_ECX, 3),
	C("vmx", 1, 0, CPUID_ECX, 5),
	C("ssse3", 1, 0, CPUID_ECX, 9),
	C("fma", 1, 0, CPUID_ECX, 12),
	C("cx16", 1, 0, CPUID_ECX, 13),
	C("pdcm", 1, 0, CPUID_ECX, 15),
	C("pcid", 1, 0, CPUID_ECX, 17),
	C("sse4.1", 1, 0, CPUID_ECX, 19),
	C("sse4.2", 1, 0, CPUID_ECX, 20),
	C("x2apic", 1, 0, CPUID_ECX, 21),
	C("movbe", 1, 0, CPUID_ECX, 22),
	C("popcnt", 1, 0, CPUID_ECX, 23),
	{ "tsc-deadline", 1, 0, CPUID_ECX, 24, OFFER_CAP, "TSC_DEADLINE_TIMER" },
	C("aes", 1, 0, CPUID_ECX, 25),
	C("xsave", 1, 0, CPUID_ECX, 26),
	C("avx", 1, 0, CPUID_ECX, 28),
	C("f16c", 1, 0, CPUID_ECX, 29),
	C("rdrand", 1, 0, CPUID_ECX, 30),
	{ "hypervisor", 1, 0, CPUID_ECX, 31, OFFER_VMM, NULL },
	C("fpu", 1, 0, CPUID_EDX, 0),
	C("vme", 1, 0, CPUID_EDX, 1),
	C("de", 1, 0, CPUID_EDX, 2),
	C("pse", 1, 0, CPUID_EDX, 3),
	C("tsc", 1, 0, CPUID_EDX, 4),
	C("msr", 1, 0, CPUID_EDX, 5),
	C("pae", 1, 0, CPUID_EDX, 6),
	C("mce", 1, 0, CPUID_EDX, 7),
	C("cx8", 1, 0, CPUID_EDX, 8),
	C("apic", 1, 0, CPUID_EDX, 9),
	C("sep", 1, 0, CPUID_EDX, 11),
	C("mtrr", 1, 0, CPUID_EDX, 12),
	C("pge", 1, 0, CPUID_EDX, 13),
	C("mca", 1, 0, CPUID_EDX, 14),
	C("cmov", 1, 0, CPUID_EDX, 15),
	C("pat", 1, 0, CPUID_EDX, 16),
	C("pse36", 1, 0, CPUID_EDX, 17),
	C("clflush", 1, 0, CPUID_EDX, 19),
	C("mmx", 1, 0, CPUID_EDX, 23),
	C("fxsr", 1, 0, CPUID_EDX, 24),
	C("sse", 1, 0, CPUID_EDX, 25),
	C("sse2", 1, 0, CPUID_EDX, 26),
	/* leaf 7, subleaf 0 */
	C("fsgsbase", 7, 0, CPUID_EBX, 0),
	C("tsc-adjust", 7, 0, CPUID_EBX, 1),
	C("bmi1", 7, 0, CPUID_EBX, 3),
	C("hle", 7, 0, CPUID_EBX, 4),
	C("avx2", 7, 0, CPUID_EBX, 5),
	C("smep", 7, 0, CPUID_EBX, 7),
	C("bmi2", 7, 0, CPUID_EBX, 8),
	C("erms", 7, 0, CPUID_EBX, 9),
	C("invpcid", 7, 0, CPUID_EBX, 10),
	C("rtm", 7, 0, CPUID_EBX, 11),
	C("mpx", 7, 0, CPUID_EBX, 14),
	C("avx512f", 7, 0, CPUID_EBX, 16),
	C("rdseed", 7, 0, CPUID_EBX, 18),
	C("adx", 7, 0, CPUID_EBX, 19),
	C("smap", 7, 0, CPUID_EBX, 20),
	C("clflushopt", 7, 0, CPUID_EBX, 23),
	C("clwb", 7, 0, CPUID_EBX, 24),
	C("sha-ni", 7, 0, CPUID_EBX, 29),
	C("umip", 7, 0, CPUID_ECX, 2),
	C("pku", 7, 0, CPUID_ECX, 3),
	C("ospke", 7, 0, CPUID_ECX, 4),
	C("waitpkg", 7, 0, CPUID_ECX, 5),
	C("shstk", 7, 0, CPUID_ECX, 7),
	C("la57", 7, 0, CPUID_ECX, 16),
	C("rdpid", 7, 0, CPUID_ECX, 22),
	C("pks", 7, 0, CPUID_ECX, 31),
	C("md-clear", 7, 0, CPUID_EDX, 10),
	C("ibt", 7, 0, CPUID_EDX, 20),
	C("spec-ctrl", 7, 0, CPUID_EDX, 26),
	C("arch-capabilities", 7, 0, CPUID_EDX, 29),
	/* leaf 7, subleaf 1 */
	C("lam", 7, 1, CPUID_EAX, 26),
	/* leaf 0xd, subleaf 1 */
	C("xsaveopt", 0xd, 1, CPUID_EAX, 0),
	C("xsavec", 0xd, 1, CPUID_EAX, 1),
	C("xsaves", 0xd, 1, CPUID_EAX, 3),
	/* leaf 0x80000001 */
	C("lahf-lm", 0x80000001, 0, CPUID_ECX, 0),
	C("svm", 0x80000001, 0, CPUID_ECX, 2),
	C("abm", 0x80000001, 0, CPUID_ECX, 5),
	C("sse4a", 0x80000001, 0, CPUID_ECX, 6),
	C("skinit", 0x80000001, 0, CPUID_ECX, 12),
	C("tbm", 0x80000001, 0, CPUID_ECX, 21),
	C("syscall", 0x80000001, 0, CPUID_EDX, 11),
	C("nx", 0x80000001, 0, CPUID_EDX, 20),
	C("mmxext", 0x80000001, 0, CPUID_EDX, 22),
	C("pdpe1gb", 0x80000001, 0, CPUID_EDX, 26),
	C("1gb-pages", 0x80000001, 0, CPUID_EDX, 26),
	C("rdtscp", 0x80000001, 0, CPUID_EDX, 27),
	C("lm", 0x80000001, 0, CPUID_EDX, 29),
	/* leaf 0x80000008 EBX, leaf 0x8000000a EDX (SVM features) */
	C("rdpru", 0x80000008, 0, CPUID_EBX, 4),
	C("npt", 0x8000000a, 0, CPUID_EDX, 0),
	C("lbrv", 0x8000000a, 0, CPUID_EDX, 1),
	C("nrip-save", 0x8000000a, 0, CPUID_EDX, 3),
	C("tsc-scale", 0x8000000a, 0, CPUID_EDX, 4),
	C("vmcb-clean", 0x8000000a, 0, CPUID_EDX, 5),
	C("pause-filter", 0x8000000a, 0, CPUID_EDX, 10),
	C("pfthreshold", 0x8000000a, 0, CPUID_EDX, 12),
	C("vgif", 0x8000000a, 0, CPUID_EDX, 16),
};
#undef C

/* QEMU accepts "tsc_deadline" for "tsc-deadline": so does uvmm. */
static int same_name(const char *table, const char *name)
{
	for (; *table && *name; table++, name++)
		if (*table != *name && !(*table == '-' && *name == '_'))
			return 0;
	return *table == *name;
}

const struct cpu_feature *cpu_feature_find(const char *name)
{
	for (size_t i = 0; i < sizeof(cpu_features) / sizeof(cpu_features[0]); i++)
		if (same_name(cpu_features[i].name, name))
			return &cpu_features[i];
	return NULL;
}
