/* The vCPU run loop: KVM_RUN, decode the exit, dispatch to a bus or device,
 * hand the resulting event to the session, repeat until the session ends. */
#ifndef UVMM_EXIT_VCPU_LOOP_H
#define UVMM_EXIT_VCPU_LOOP_H

#include "session/session.h"
#include "machine/vm.h"

/* Runs v until s ends. Safe to call from one thread per vCPU. */
void vcpu_run(struct vcpu *v, struct session *s);

#endif
