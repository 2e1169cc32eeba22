/* The VM's side of the lab device API (lab_device.h): attaches every lab
 * device linked into this binary to a VM before its run, detaches them after. */
#ifndef UVMM_LAB_LAB_ATTACH_H
#define UVMM_LAB_LAB_ATTACH_H

#include <stddef.h>
#include <stdio.h>

#include "machine/vm.h"

struct lab_devices;

/* Number of lab devices linked in: 0 in uvmm itself, which then does nothing
 * here. */
size_t lab_device_count(void);

/* Runs each device's init hook on vm (messages to log). Returns 0 with *out
 * (NULL when there are no devices), or -1 with a one-line reason when a hook
 * failed; the devices already attached are detached then. */
int lab_attach(struct vm *vm, FILE *log, struct lab_devices **out, char *err, size_t errlen);

/* Runs the fini hooks (reverse order) and frees s (NULL: nothing). The VM
 * must still exist; its vCPUs must have stopped. */
void lab_detach(struct lab_devices *s);

#endif
