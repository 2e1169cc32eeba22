/* Popek-Goldberg family 2: PUSHF/POPF and the interrupt flag (SDM Vol. 2B
 * POPF, PUSHF, CLI, STI; Vol. 1 3.4.3). PUSHF is unprivileged and shows the
 * real IF and IOPL at any CPL. POPF is the classic sensitive-but-unprivileged
 * instruction: at CPL > IOPL it leaves IF unchanged, and at CPL > 0 it leaves
 * IOPL unchanged, both *without a fault*, so a deprivileged kernel cannot be
 * trapped and emulated. AC changes at any CPL. CLI/STI at CPL > IOPL raise
 * #GP(0) (they do trap). Each case enters PG_CPL with the flags it names and
 * reads the result back with PUSHF. */
#include "pg_audit.h"

PG_CASE("pushf-if0");
PG_CASE("pushf-if1");
PG_CASE("popf-if-set-iopl0");
PG_CASE("popf-if-clear-iopl0");
PG_CASE("popf-if-set-iopl3");
PG_CASE("popf-iopl-raise");
PG_CASE("popf-iopl-lower");
PG_CASE("popf-ac");
PG_CASE("cli-iopl0");
PG_CASE("sti-iopl0");
PG_CASE("cli-iopl3");

#define IF X86_RFLAGS_IF
#define IOPL3 X86_RFLAGS_IOPL
#define AC X86_RFLAGS_AC

static struct {
	uint64_t toggle;        /* POPF of PUSHF's value with these bits flipped */
	uint64_t before, after; /* PUSHF before and after */
	struct pg_fault f;
} fl;

static void probe_popf(void)
{
	uint64_t b, a;

	__asm__ volatile("pushf\n\tpop %0\n\tmov %0, %1\n\txor %2, %1\n\tpush %1\n\tpopf\n\t"
			 "pushf\n\tpop %1"
			 : "=&r"(b), "=&r"(a) : "r"(fl.toggle) : "memory", "cc");
	fl.before = b;
	fl.after = a;
}

static void probe_cli(void)
{
	unsigned n = trap_seen.count;

	__asm__ volatile(TRAP_BEGIN "cli" TRAP_END : : : TRAP_CLOBBERS);
	pg_fault_since(n, &fl.f);
	fl.after = read_flags();
}

static void probe_sti(void)
{
	unsigned n = trap_seen.count;

	__asm__ volatile(TRAP_BEGIN "sti" TRAP_END : : : TRAP_CLOBBERS);
	pg_fault_since(n, &fl.f);
	fl.after = read_flags();
}

/* POPF from entry flags `in` flipping `toggle`: the bits of `mask` must
 * read back as `want`; PUSHF before must show `in`'s bits of `mask`. */
static void popf_case(const char *name, uint64_t in, uint64_t toggle, uint64_t mask, uint64_t want,
		      const char *rule)
{
	fl.toggle = toggle;
	pg_run(probe_popf, in);
	pg_report(name, (fl.before & mask) == (in & mask) && (fl.after & mask) == want,
		  "rflags in 0x%llx, pushf 0x%llx, popf ^0x%llx -> 0x%llx; SDM at CPL %d: %s",
		  (unsigned long long)in, (unsigned long long)fl.before, (unsigned long long)toggle,
		  (unsigned long long)fl.after, PG_CPL, rule);
}

/* CLI/STI from entry flags `in`: #GP(0) when gp, else IF reads back want_if. */
static void clisti_case(const char *name, void (*probe)(void), uint64_t in, int gp, uint64_t want_if)
{
	char b[24];

	fl.f = (struct pg_fault){ 0, 0, 0 };
	pg_run(probe, in);
	pg_report(name, pg_fault_is(&fl.f, gp) && (gp || (fl.after & IF) == want_if),
		  "rflags in 0x%llx: %s, IF after %d; SDM at CPL %d: %s", (unsigned long long)in,
		  pg_fault_text(&fl.f, b, sizeof(b)), !!(fl.after & IF), PG_CPL,
		  gp ? "#GP(0) (CPL > IOPL)" : "runs");
}

void guest_main(void)
{
	const int cpl = PG_CPL;

	pg_setup();
	/* What PUSHF at PG_CPL sees of IF: exactly what the kernel gave it. */
	popf_case("pushf-if0", 0, 0, IF, 0, "PUSHF shows IF = 0 as entered");
	popf_case("pushf-if1", IF, 0, IF, IF, "PUSHF shows IF = 1 as entered");
	popf_case("popf-if-set-iopl0", 0, IF, IF, cpl == 0 ? IF : 0,
		  cpl == 0 ? "IF becomes 1" : "IF stays 0, no fault (CPL > IOPL)");
	popf_case("popf-if-clear-iopl0", IF, IF, IF, cpl == 0 ? 0 : IF,
		  cpl == 0 ? "IF becomes 0" : "IF stays 1, no fault (CPL > IOPL)");
	popf_case("popf-if-set-iopl3", IOPL3, IF, IF | X86_RFLAGS_IOPL, IF | IOPL3,
		  "IF becomes 1 (CPL <= IOPL)");
	popf_case("popf-iopl-raise", 0, IOPL3, X86_RFLAGS_IOPL, cpl == 0 ? IOPL3 : 0,
		  cpl == 0 ? "IOPL becomes 3" : "IOPL stays 0, no fault (CPL > 0)");
	popf_case("popf-iopl-lower", IOPL3, IOPL3, X86_RFLAGS_IOPL, cpl == 0 ? 0 : IOPL3,
		  cpl == 0 ? "IOPL becomes 0" : "IOPL stays 3, no fault (CPL > 0)");
	popf_case("popf-ac", 0, AC, AC, AC, "AC becomes 1 at any CPL");
	clisti_case("cli-iopl0", probe_cli, IF, cpl > 0, 0);
	clisti_case("sti-iopl0", probe_sti, 0, cpl > 0, IF);
	clisti_case("cli-iopl3", probe_cli, IF | IOPL3, 0, 0);
}
