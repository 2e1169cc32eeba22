/* The vCPU run loop: KVM_RUN, decode the exit, dispatch to a bus or device,
 * hand the resulting event to the session, repeat until the session ends. */
#ifndef UVMM_RUN_H
#define UVMM_RUN_H

#include "session/session.h"
#include "machine/vm.h"

/* Runs v until s ends. Safe to call from one thread per vCPU. */
void vcpu_run(struct vcpu *v, struct session *s);

/* Makes a running (or about to run) vCPU return from KVM_RUN promptly. */
void vcpu_kick(struct vcpu *v);

/* Installs the no-op signal used by vcpu_kick (once per process). */
int run_signals_init(void);

#endif
