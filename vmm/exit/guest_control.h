/* Requests a test guest makes of the VMM itself through hypercalls: add or
 * remove a memslot, read its dirty log, inject an interrupt, signal an MSI,
 * map and unmap IOVAs of a passed-through device. */
#ifndef UVMM_EXIT_GUEST_CONTROL_H
#define UVMM_EXIT_GUEST_CONTROL_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "hupcall/hupcall.h"
#include "machine/vm.h"

/* What guest_control returns when the host, not the guest, failed the
 * request (no memory, a KVM ioctl error): the run ends as HOST_ERROR. */
#define GUEST_CONTROL_HOST_ERROR 0x7fff

/* Carries out the request decoded in ev (kind EV_HCALL, status OK) on behalf
 * of vCPU v; hyperupcall requests and flexible MSIs go to hu (may be NULL:
 * no hyperupcalls, the call is refused). Returns the status for the guest
 * (UVMM_HC_OK or UVMM_HC_E*), which the caller stores in ev->status, or
 * GUEST_CONTROL_HOST_ERROR; a refusal or failure leaves its one-line reason
 * in err. Non-control calls return OK. */
int guest_control(struct vcpu *v, struct hupcall_set *hu, const struct exit_event *ev, char *err,
		  size_t errlen);

#endif
