/* The MMIO test device at UVMM_TESTDEV_BASE: a few 8-byte registers with
 * predictable answers (id, scratch, invert, counter) for MMIO tests. */
#ifndef UVMM_DEVICES_TESTDEV_H
#define UVMM_DEVICES_TESTDEV_H

#include "devices/bus.h"

struct dev_testdev {
	uint64_t scratch;
	uint64_t invert;
	uint64_t counter;
};

int dev_testdev_register(struct dev_testdev *d, struct bus *mmio, uint64_t base);

#endif
