/* Popek-Goldberg family 5: instructions that read machine identity and time
 * (SDM Vol. 2A CPUID, Vol. 2B RDTSC, RDTSCP, RDPMC). CPUID is never
 * privileged (no CPUID faulting here): the same leaves at every CPL. RDTSC and
 * RDTSCP run at CPL 0 always and at CPL > 0 only with CR4.TSD = 0, else
 * #GP(0); RDTSCP loads ECX with IA32_TSC_AUX. RDPMC runs when (CPL = 0 or
 * CR4.PCE = 1) and ECX names a counter the CPU has, else #GP(0): with PCE=0
 * at CPL 3 it always faults; with PCE=1 it does whatever it does at CPL 0. */
#include "pg_audit.h"

PG_CASE("cpuid");
PG_CASE("rdtsc-tsd0");
PG_CASE("rdtsc-tsd1");
PG_CASE("rdtscp-tsd0");
PG_CASE("rdtscp-tsd1");
PG_CASE("rdpmc-pce0");
PG_CASE("rdpmc-pce1");

#define TSC_AUX_VALUE 0x5a5u

static const uint32_t leaves[] = { 0, 1, 7, 0x80000000u, 0x80000001u, 0x40000000u, UVMM_CPUID_LEAF };
#define NLEAVES (sizeof(leaves) / sizeof(leaves[0]))

static struct {
	struct cpuid_regs regs[NLEAVES];
	uint64_t tsc;
	uint32_t aux;
	struct pg_fault f;
} obs;

static void probe_cpuid(void)
{
	for (unsigned i = 0; i < NLEAVES; i++)
		obs.regs[i] = cpuid(leaves[i], 0);
}

static void probe_rdtsc(void)
{
	unsigned n = trap_seen.count;
	uint32_t lo = 0, hi = 0;

	__asm__ volatile(TRAP_BEGIN "rdtsc" TRAP_END : "+a"(lo), "+d"(hi) : : TRAP_CLOBBERS);
	pg_fault_since(n, &obs.f);
	obs.tsc = (uint64_t)hi << 32 | lo;
}

static void probe_rdtscp(void)
{
	unsigned n = trap_seen.count;
	uint32_t lo = 0, hi = 0, c = 0;

	__asm__ volatile(TRAP_BEGIN "rdtscp" TRAP_END : "+a"(lo), "+d"(hi), "+c"(c) : : TRAP_CLOBBERS);
	pg_fault_since(n, &obs.f);
	obs.tsc = (uint64_t)hi << 32 | lo;
	obs.aux = c;
}

static void probe_rdpmc(void)
{
	unsigned n = trap_seen.count;
	uint32_t lo = 0, hi = 0;

	__asm__ volatile(TRAP_BEGIN "rdpmc" TRAP_END : "+a"(lo), "+d"(hi) : "c"(0) : TRAP_CLOBBERS);
	pg_fault_since(n, &obs.f);
}

/* A TSC read at PG_CPL with CR4.TSD = tsd, bracketed by two reads at CPL 0. */
static void tsc_case(const char *name, void (*probe)(void), int tsd, int have)
{
	unsigned long cr4 = read_cr4();
	int gp = tsd && PG_CPL > 0;
	uint64_t t0, t1;
	char b[24];

	if (!have) {
		test_report(name, UVMM_RESULT_SKIP, "no RDTSCP (CPUID 0x80000001 EDX[27] = 0)");
		return;
	}
	obs.f = (struct pg_fault){ 0, 0, 0 };
	obs.tsc = 0;
	obs.aux = 0;
	write_cr4(tsd ? cr4 | X86_CR4_TSD : cr4 & ~X86_CR4_TSD);
	t0 = rdtsc();
	pg_run(probe, 0);
	t1 = rdtsc();
	write_cr4(cr4);
	pg_report(name, pg_fault_is(&obs.f, gp) &&
			  (gp || (obs.tsc >= t0 && obs.tsc <= t1 &&
				  (probe != probe_rdtscp || obs.aux == TSC_AUX_VALUE))),
		  "CR4.TSD=%d: %s, tsc 0x%llx in [0x%llx, 0x%llx], aux 0x%x; SDM at CPL %d: %s", tsd,
		  pg_fault_text(&obs.f, b, sizeof(b)), (unsigned long long)obs.tsc,
		  (unsigned long long)t0, (unsigned long long)t1, obs.aux, PG_CPL,
		  gp ? "#GP(0)" : "runs, a value between the two CPL-0 reads (and TSC_AUX in ECX)");
}

void guest_main(void)
{
	struct cpuid_regs want[NLEAVES];
	int rdtscp_ok = !!(cpuid(0x80000001u, 0).edx & X86_CPUID80000001_EDX_RDTSCP);
	unsigned long cr4;
	struct pg_fault at0;
	int same = 1;
	char b[24], b0[24];

	pg_setup();
	for (unsigned i = 0; i < NLEAVES; i++)
		want[i] = cpuid(leaves[i], 0);
	pg_run(probe_cpuid, 0);
	for (unsigned i = 0; i < NLEAVES; i++)
		same &= !memcmp(&want[i], &obs.regs[i], sizeof(want[i]));
	pg_report("cpuid", same, "%u leaves (0, 1, 7, 0x80000000-1, 0x40000000, uvmm's) %s at CPL 0 and %d; "
		  "SDM: not privileged, the same values", (unsigned)NLEAVES, same ? "equal" : "differ", PG_CPL);

	if (rdtscp_ok)
		wrmsr(X86_MSR_TSC_AUX, TSC_AUX_VALUE);
	tsc_case("rdtsc-tsd0", probe_rdtsc, 0, 1);
	tsc_case("rdtsc-tsd1", probe_rdtsc, 1, 1);
	tsc_case("rdtscp-tsd0", probe_rdtscp, 0, rdtscp_ok);
	tsc_case("rdtscp-tsd1", probe_rdtscp, 1, rdtscp_ok);

	/* Whether counter 0 exists: RDPMC at CPL 0 decides (no CPUID bit says
	 * it on every vendor). */
	cr4 = read_cr4();
	write_cr4(cr4 & ~X86_CR4_PCE);
	obs.f = (struct pg_fault){ 0, 0, 0 };
	probe_rdpmc();
	at0 = obs.f;
	obs.f = (struct pg_fault){ 0, 0, 0 };
	pg_run(probe_rdpmc, 0);
	pg_report("rdpmc-pce0", PG_CPL ? pg_fault_is(&obs.f, 1) : obs.f.faulted == at0.faulted,
		  "CR4.PCE=0: %s (at CPL 0: %s); SDM at CPL %d: %s", pg_fault_text(&obs.f, b, sizeof(b)),
		  pg_fault_text(&at0, b0, sizeof(b0)), PG_CPL,
		  PG_CPL ? "#GP(0)" : "as at CPL 0 (counter 0 exists or #GP(0))");
	write_cr4(cr4 | X86_CR4_PCE);
	obs.f = (struct pg_fault){ 0, 0, 0 };
	pg_run(probe_rdpmc, 0);
	write_cr4(cr4);
	pg_report("rdpmc-pce1", obs.f.faulted == at0.faulted && (!at0.faulted || obs.f.vector == X86_VEC_GP),
		  "CR4.PCE=1: %s (at CPL 0: %s); SDM: as at CPL 0", pg_fault_text(&obs.f, b, sizeof(b)),
		  pg_fault_text(&at0, b0, sizeof(b0)));
}
