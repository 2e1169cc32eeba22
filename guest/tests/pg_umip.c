/* Popek-Goldberg audit with CR4.UMIP = 1 (SDM Vol. 3A 2.5, Vol. 2 SGDT, SIDT,
 * SLDT, SMSW, STR): User-Mode Instruction Prevention turns the five stores of
 * system registers into #GP(0) at CPL > 0, which makes them trappable; at CPL
 * 0 they run as before. Without UMIP in CPUID.(EAX=7,ECX=0):ECX[2] the CR4 bit
 * is reserved and setting it raises #GP(0) (KVM on Intel may offer UMIP
 * without the hardware and emulate it by exiting on these instructions; stock
 * kvm_amd offers it only when the CPU has it). */
#define PG_CPL 0
#include "pg_audit.h"

PG_CASE("cr4-umip");
PG_CASE("umip-cpl0-runs");
PG_CASE("umip-cpl3-gp");

enum { SGDT, SIDT, SLDT, SMSW, STR, N };
static const char *const names[N] = { "sgdt", "sidt", "sldt", "smsw", "str" };
static struct pg_fault f[N];
static uint8_t buf[16];

static void probe(void)
{
	uint64_t v = 0;
	unsigned n;

	n = trap_seen.count;
	__asm__ volatile(TRAP_BEGIN "sgdt (%0)" TRAP_END : : "r"(buf) : TRAP_CLOBBERS);
	pg_fault_since(n, &f[SGDT]);
	n = trap_seen.count;
	__asm__ volatile(TRAP_BEGIN "sidt (%0)" TRAP_END : : "r"(buf) : TRAP_CLOBBERS);
	pg_fault_since(n, &f[SIDT]);
	n = trap_seen.count;
	__asm__ volatile(TRAP_BEGIN "sldt %k0" TRAP_END : "+r"(v) : : TRAP_CLOBBERS);
	pg_fault_since(n, &f[SLDT]);
	n = trap_seen.count;
	__asm__ volatile(TRAP_BEGIN "smsw %k0" TRAP_END : "+r"(v) : : TRAP_CLOBBERS);
	pg_fault_since(n, &f[SMSW]);
	n = trap_seen.count;
	__asm__ volatile(TRAP_BEGIN "str %k0" TRAP_END : "+r"(v) : : TRAP_CLOBBERS);
	pg_fault_since(n, &f[STR]);
}

/* Runs probe at cpl and reports whether every instruction did want_gp. */
static void umip_case(const char *name, int cpl, int want_gp)
{
	char seen[UVMM_HC_STRING_MAX] = "", *p = seen, b[24];
	int ok = 1;

	memset(f, 0, sizeof(f));
	if (cpl)
		user_run(probe, 0);
	else
		probe();
	for (int i = 0; i < N; i++) {
		ok &= pg_fault_is(&f[i], want_gp);
		p += snprintf(p, seen + sizeof(seen) - p, "%s %s, ", names[i], pg_fault_text(&f[i], b, sizeof(b)));
	}
	pg_report(name, ok, "CR4.UMIP=1 at CPL %d: %sSDM: %s", cpl, seen, want_gp ? "#GP(0) each" : "each runs");
}

void guest_main(void)
{
	int offered = !!(cpuid(7, 0).ecx & X86_CPUID7_ECX_UMIP);
	unsigned long cr4 = read_cr4();
	struct pg_fault set = { 0, 0, 0 };
	unsigned n;
	char b[24];

	pg_setup();
	n = trap_seen.count;
	__asm__ volatile(TRAP_BEGIN "mov %0, %%cr4" TRAP_END : : "r"(cr4 | X86_CR4_UMIP) : TRAP_CLOBBERS);
	pg_fault_since(n, &set);
	pg_report("cr4-umip", pg_fault_is(&set, !offered) && !!(read_cr4() & X86_CR4_UMIP) == offered,
		  "CPUID UMIP %d, MOV CR4.UMIP=1: %s, CR4 now 0x%lx; SDM: %s", offered,
		  pg_fault_text(&set, b, sizeof(b)), read_cr4(), offered ? "accepted" : "#GP(0) (reserved bit)");
	if (!offered) {
		test_report("umip-cpl0-runs", UVMM_RESULT_SKIP, "no UMIP in CPUID.7.0:ECX[2]");
		test_report("umip-cpl3-gp", UVMM_RESULT_SKIP, "no UMIP in CPUID.7.0:ECX[2]");
		return;
	}
	umip_case("umip-cpl0-runs", 0, 0);
	umip_case("umip-cpl3-gp", 3, 1);
	write_cr4(cr4);
}
