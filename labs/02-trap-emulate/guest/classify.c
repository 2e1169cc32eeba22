/* Lab 2: your classification (labs/02-trap-emulate/README.md). For each
 * instruction of the handout's list, write a snippet that runs it, then say
 * what it does under KVM at CPL 0, at CPL 3, and at CPL 3 with CR4.UMIP set:
 *   "trap #GP" (or #UD, ...)  the guest gets that exception
 *   "exit"                    the VMM in user space sees a VM exit
 *   "silent"                  it just runs (or KVM handles it in the kernel)
 * The harness (include/pg.h) runs one case per `uvmm run --cmdline
 * case=INSN.MODE`, checks your trap answers against the CPU and reports your
 * answer; the trace shows the exits. */
#include "pg.h"

UVMM_OPTIONS("irqchip=0"); /* HLT then reaches the VMM */

/* A worked example (not graded): NOP does nothing anywhere. */
PG_SNIPPET(nop, "nop");

/* The handout's list. A snippet's data must be pg_scratch; for port I/O
 * use port 0x80, for MSRs 0x55550000 (a uvmm scratch MSR). */
PG_SNIPPET(sgdt, "nop"); /* TODO */
PG_SNIPPET(sidt, "nop"); /* TODO */
PG_SNIPPET(sldt, "nop"); /* TODO */
PG_SNIPPET(smsw, "nop"); /* TODO */
PG_SNIPPET(str, "nop"); /* TODO */
PG_SNIPPET(pushf, "nop"); /* TODO */
PG_SNIPPET(popf, "nop"); /* TODO */
PG_SNIPPET(movcs, "nop"); /* TODO */
PG_SNIPPET(cpuid, "nop"); /* TODO */
PG_SNIPPET(rdtsc, "nop"); /* TODO */
PG_SNIPPET(in, "nop"); /* TODO */
PG_SNIPPET(hlt, "nop"); /* TODO */
PG_SNIPPET(rdmsr, "nop"); /* TODO */
PG_SNIPPET(movcr0, "nop"); /* TODO */
PG_SNIPPET(cli, "nop"); /* TODO */
PG_SNIPPET(invlpg, "nop"); /* TODO */
PG_SNIPPET(out, "nop"); /* TODO */
PG_SNIPPET(wrmsr, "nop"); /* TODO */
PG_SNIPPET(movcr3, "nop"); /* TODO */
PG_SNIPPET(lar, "nop"); /* TODO */
PG_SNIPPET(verr, "nop"); /* TODO */
PG_SNIPPET(wbinvd, "nop"); /* TODO */

static const struct pg_insn table[] = {
	/*     insn    CPL 0      CPL 3        CPL 3 + UMIP */
	PG_ROW(nop,    "silent", "silent",   "silent"),
	PG_ROW(sgdt,   "?",      "?",        "?"),
	PG_ROW(sidt,   "?",      "?",        "?"),
	PG_ROW(sldt,   "?",      "?",        "?"),
	PG_ROW(smsw,   "?",      "?",        "?"),
	PG_ROW(str,    "?",      "?",        "?"),
	PG_ROW(pushf,  "?",      "?",        "?"),
	PG_ROW(popf,   "?",      "?",        "?"),
	PG_ROW(movcs,  "?",      "?",        "?"),
	PG_ROW(cpuid,  "?",      "?",        "?"),
	PG_ROW(rdtsc,  "?",      "?",        "?"),
	PG_ROW(in,     "?",      "?",        "?"),
	PG_ROW(hlt,    "?",      "?",        "?"),
	PG_ROW(rdmsr,  "?",      "?",        "?"),
	PG_ROW(movcr0, "?",      "?",        "?"),
	PG_ROW(cli,    "?",      "?",        "?"),
	PG_ROW(invlpg, "?",      "?",        "?"),
	PG_ROW(out,    "?",      "?",        "?"),
	PG_ROW(wrmsr,  "?",      "?",        "?"),
	PG_ROW(movcr3, "?",      "?",        "?"),
	PG_ROW(lar,    "?",      "?",        "?"),
	PG_ROW(verr,   "?",      "?",        "?"),
	PG_ROW(wbinvd, "?",      "?",        "?"),
};

/* Set (on = 1) or clear (on = 0) CR4.UMIP (bit 11; PG_CR4_UMIP). */
void pg_set_umip(int on)
{
	(void)on; /* TODO */
}

void guest_main(void)
{
	pg_main(table, sizeof(table) / sizeof(table[0]));
}
