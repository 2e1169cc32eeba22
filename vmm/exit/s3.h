/* What the run loop does when the guest enters ACPI S3: wait for the wake
 * event (or for the run to end), then resume the vCPU at the waking vector. */
#ifndef UVMM_EXIT_S3_H
#define UVMM_EXIT_S3_H

#include "machine/vm.h"
#include "session/session.h"

/* Returns 0 when v resumed and the loop goes on, 1 when the run ended
 * meanwhile (a timeout) or the resume failed (the session says why). */
int vcpu_s3_sleep(struct vcpu *v, struct session *s);

#endif
