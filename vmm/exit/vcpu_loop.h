/* The vCPU run loop: KVM_RUN, decode the exit, dispatch to a bus or device,
 * hand the resulting event to the session, repeat until the session ends. */
#ifndef UVMM_EXIT_VCPU_LOOP_H
#define UVMM_EXIT_VCPU_LOOP_H

#include "hupcall/hupcall.h"
#include "session/session.h"
#include "machine/vm.h"

/* Runs v until s ends; hu (may be NULL) holds the guest's hyperupcalls: an
 * exit program runs on every exit before the session sees it. Safe to call
 * from one thread per vCPU. */
void vcpu_run(struct vcpu *v, struct session *s, struct hupcall_set *hu);

#endif
