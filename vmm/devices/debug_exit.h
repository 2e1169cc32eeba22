/* isa-debug-exit at port 0xf4, as QEMU has it: a write of v ends the run with
 * guest status v, so one guest behaves the same under uvmm and QEMU. */
#ifndef UVMM_DEVICES_DEBUG_EXIT_H
#define UVMM_DEVICES_DEBUG_EXIT_H

#include "devices/bus.h"

int dev_debug_exit_register(struct bus *pio, uint16_t base);

#endif
