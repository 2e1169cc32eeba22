/* What the run loop adds to a failure: where it happened, named through the
 * image's symbols (an assertion's caller, the faulting instruction), the
 * exception frame instead of the registers of the reporting call, and the
 * fault the gdb stub stops at with --gdb-on-fault. */
#ifndef UVMM_EXIT_FAULT_REPORT_H
#define UVMM_EXIT_FAULT_REPORT_H

#include "debug/gdbstub.h"
#include "exit/hypercall.h"
#include "machine/vm.h"
#include "session/session.h"

/* After session_on_exit accepted or refused ev; stop: the run ends with it.
 * g may be NULL (no stub). */
void fault_report(struct vcpu *v, struct session *s, const struct exit_event *ev,
		  const struct hc_scratch *hc, struct gdbstub *g, int stop);

/* The registers of v with their RIP named, for a failure report. */
void fault_dump_regs(const struct vcpu *v, struct session *s);

#endif
