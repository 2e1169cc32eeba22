/* The vCPU run loop: KVM_RUN, decode the exit, dispatch to a bus or device,
 * hand the resulting event to the session, repeat until the session ends. */
#ifndef UVMM_EXIT_VCPU_LOOP_H
#define UVMM_EXIT_VCPU_LOOP_H

#include "debug/gdbstub.h"
#include "hupcall/hupcall.h"
#include "session/session.h"
#include "machine/vm.h"

/* Runs v until s ends. Safe to call from one thread per vCPU. hu (may be
 * NULL) holds the guest's hyperupcalls: an exit program runs on every exit
 * before the session sees it. g: the gdb stub, which gets every debug exit
 * first (NULL: none). */
void vcpu_run(struct vcpu *v, struct session *s, struct hupcall_set *hu, struct gdbstub *g);

#endif
