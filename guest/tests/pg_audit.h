/* The Popek-Goldberg audit (docs/trap-emulate.md): shared parts of the pg_*
 * tests. Each test runs one family of sensitive instructions at one CPL
 * (PG_CPL, 0 or 3, defined before including this) and checks every result
 * against the SDM. A probe runs at PG_CPL and only records (CPL 3 can do no
 * port I/O, so no hypercalls); CPL 0 then judges and reports one case each,
 * pass or fail with what was seen and what the SDM says, and goes on: every
 * case is reported whatever the others did (`hcall report * NAME`). No probe
 * may exit to the VMM: an exit would be an unexpected one. */
#ifndef PG_AUDIT_H
#define PG_AUDIT_H

#include <uvmm/guest.h>
#include <uvmm/reportf.h>
#include <uvmm/trap.h>
#include <uvmm/usermode.h>

#if !defined(PG_CPL) || (PG_CPL != 0 && PG_CPL != 3)
#error "define PG_CPL as 0 or 3 before including pg_audit.h"
#endif

/* Every report carries what was seen (and what the SDM says) as its reason,
 * pass or fail, so the reports are the audit's record. */
#define PG_CASE(name) EXPECT("hcall report * \"" name "\" *")

/* What one probed instruction did: ran, or raised vector(error). */
struct pg_fault {
	uint64_t vector, error;
	unsigned faulted;
};

/* After a TRAP_BEGIN ... TRAP_END block: did it trap since count was before? */
static inline void pg_fault_since(unsigned before, struct pg_fault *f)
{
	f->faulted = trap_seen.count != before;
	f->vector = f->faulted ? trap_seen.vector : 0;
	f->error = f->faulted ? trap_seen.error_code : 0;
}

static inline void pg_setup(void)
{
	usermode_init();
	trap_catch(X86_VEC_GP);
	trap_catch(X86_VEC_UD);
	trap_catch(X86_VEC_PF);
}

/* Runs fn at PG_CPL with RFLAGS = flags (IF, IOPL, AC as given). At CPL 0
 * the flags are set around the call and the caller's restored after it. */
static inline void pg_run(void (*fn)(void), uint64_t flags)
{
#if PG_CPL == 0
	unsigned long saved = read_flags();

	write_flags(flags | X86_RFLAGS_FIXED);
	fn();
	write_flags(saved);
#else
	user_run(fn, flags);
#endif
}

/* Reports case name, pass when ok, with the formatted observation as reason. */
#define pg_report test_reportf

/* Writes "runs" or "#GP(0x0)"-style text for a report into buf. */
static inline const char *pg_fault_text(const struct pg_fault *f, char *buf, unsigned len)
{
	static const char *const names[32] = { [0] = "#DE", [6] = "#UD", [13] = "#GP", [14] = "#PF" };

	if (!f->faulted)
		snprintf(buf, len, "runs");
	else
		snprintf(buf, len, "%s(0x%llx)", f->vector < 32 && names[f->vector] ? names[f->vector] : "#?",
			 (unsigned long long)f->error);
	return buf;
}

/* Compares a probe's fault with what the SDM says (want_fault: vector 13
 * with error 0, or none). */
static inline int pg_fault_is(const struct pg_fault *f, int want_gp0)
{
	return want_gp0 ? f->faulted && f->vector == X86_VEC_GP && f->error == 0 : !f->faulted;
}

#endif
