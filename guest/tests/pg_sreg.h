/* Popek-Goldberg family 4: the segment registers (SDM Vol. 2A MOV from Sreg,
 * PUSH; IRET). Reading them is unprivileged, and the CS selector's RPL is the
 * CPL, so MOV from CS tells any program whether it runs deprivileged.
 * IRET to CPL 3 nulls DS, ES, FS and GS that held DPL-0 data segments. PUSH
 * CS/SS/DS/ES are invalid in 64-bit mode (#UD); PUSH FS/GS push the selector. */
#include "pg_audit.h"

PG_CASE("mov-cs");
PG_CASE("mov-ss");
PG_CASE("mov-ds-es-fs-gs");
PG_CASE("push-fs-gs");
PG_CASE("push-cs-ss-ud");

#define PRELOAD 0x1111222233334444ull

static struct desc_ptr gdt;

static uint64_t desc_of(uint16_t sel)
{
	return *(const uint64_t *)(gdt.base + (sel & ~7u));
}

static struct {
	uint16_t cs, ss, ds, es, fs, gs;
	uint64_t push_fs, push_gs;
	struct pg_fault f_push_cs, f_push_ss;
} obs;

static void probe(void)
{
	unsigned n;

	__asm__ volatile("mov %%cs, %0" : "=r"(obs.cs));
	__asm__ volatile("mov %%ss, %0" : "=r"(obs.ss));
	__asm__ volatile("mov %%ds, %0" : "=r"(obs.ds));
	__asm__ volatile("mov %%es, %0" : "=r"(obs.es));
	__asm__ volatile("mov %%fs, %0" : "=r"(obs.fs));
	__asm__ volatile("mov %%gs, %0" : "=r"(obs.gs));
	/* Pushed over a known slot: only the low 16 bits are architectural for
	 * every operand size (recent CPUs may write 2 bytes). */
	__asm__ volatile("pushq %2\n\tmov %%fs, %%ax\n\tpush %%fs\n\tpop %0\n\t"
			 "pushq %2\n\tpush %%gs\n\tpop %1\n\tadd $16, %%rsp"
			 : "=&r"(obs.push_fs), "=&r"(obs.push_gs) : "r"(PRELOAD) : "rax", "memory");
	n = trap_seen.count;
	__asm__ volatile(TRAP_BEGIN ".byte 0x0e" TRAP_END : : : TRAP_CLOBBERS); /* push %cs */
	pg_fault_since(n, &obs.f_push_cs);
	n = trap_seen.count;
	__asm__ volatile(TRAP_BEGIN ".byte 0x16" TRAP_END : : : TRAP_CLOBBERS); /* push %ss */
	pg_fault_since(n, &obs.f_push_ss);
}

/* IRET to CPL 3 nulls a data segment register of DPL < 3 (SDM IRET). */
static uint16_t after_entry(uint16_t sel)
{
	if (PG_CPL == 0 || (sel & ~3u) == 0)
		return sel;
	return ((desc_of(sel) >> 45) & 3) < 3 ? 0 : sel;
}

void guest_main(void)
{
	uint16_t ds, es, fs, gs, wds, wes, wfs, wgs;
	char b1[24], b2[24];

	pg_setup();
	sgdt(&gdt);
	/* FS a DPL-3 data segment (kept at CPL 3), GS a DPL-0 one (nulled). */
	__asm__ volatile("mov %0, %%fs\n\tmov %1, %%gs" : : "r"(USER_DS_SEL), "r"(0x10));
	__asm__ volatile("mov %%ds, %0\n\tmov %%es, %1\n\tmov %%fs, %2\n\tmov %%gs, %3"
			 : "=r"(ds), "=r"(es), "=r"(fs), "=r"(gs));
	wds = after_entry(ds), wes = after_entry(es), wfs = after_entry(fs), wgs = after_entry(gs);
	pg_run(probe, 0);
	pg_report("mov-cs", obs.cs == (PG_CPL ? USER_CS_SEL : 0x08),
		  "CS reads 0x%x; SDM: the selector loaded, 0x%x (RPL = CPL %d)", obs.cs,
		  PG_CPL ? USER_CS_SEL : 0x08, PG_CPL);
	pg_report("mov-ss", PG_CPL ? obs.ss == USER_DS_SEL : (obs.ss & 3) == 0,
		  "SS reads 0x%x; SDM: %s", obs.ss, PG_CPL ? "0x23, as IRETQ loaded" : "RPL 0");
	pg_report("mov-ds-es-fs-gs", obs.ds == wds && obs.es == wes && obs.fs == wfs && obs.gs == wgs,
		  "DS 0x%x ES 0x%x FS 0x%x GS 0x%x; SDM: 0x%x 0x%x 0x%x 0x%x%s", obs.ds, obs.es, obs.fs,
		  obs.gs, wds, wes, wfs, wgs, PG_CPL ? " (IRET nulls DPL-0 data segments)" : "");
	pg_report("push-fs-gs", (obs.push_fs & 0xffff) == obs.fs && (obs.push_gs & 0xffff) == obs.gs,
		  "pushed 0x%llx, 0x%llx; SDM: the selectors 0x%x, 0x%x in the low 16 bits",
		  (unsigned long long)obs.push_fs, (unsigned long long)obs.push_gs, obs.fs, obs.gs);
	pg_report("push-cs-ss-ud",
		  obs.f_push_cs.faulted && obs.f_push_cs.vector == X86_VEC_UD &&
			  obs.f_push_ss.faulted && obs.f_push_ss.vector == X86_VEC_UD,
		  "push cs: %s, push ss: %s; SDM: #UD in 64-bit mode",
		  pg_fault_text(&obs.f_push_cs, b1, sizeof(b1)), pg_fault_text(&obs.f_push_ss, b2, sizeof(b2)));
}
