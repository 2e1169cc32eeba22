/* QEMU's pc-testdev, which kvm-unit-tests' x86 runner requires: a 32-bit
 * latch at 0xe0 (and its byte view at 0xe8), a page flush port at 0xe4, the
 * ISA interrupt lines at 0x2000 + n, and 64 KiB of MMIO that holds what is
 * written at 0xff000000 (KUT's emulator test runs instructions on it). */
#ifndef UVMM_DEVICES_PC_TESTDEV_H
#define UVMM_DEVICES_PC_TESTDEV_H

#include <stdint.h>

#include "devices/bus.h"

#define PC_TESTDEV_LATCH 0xe0
#define PC_TESTDEV_FLUSH 0xe4
#define PC_TESTDEV_BYTES 0xe8
#define PC_TESTDEV_IRQ 0x2000
#define PC_TESTDEV_NIRQ 24
#define PC_TESTDEV_IOMEM 0xff000000ull
#define PC_TESTDEV_IOMEM_SIZE 0x10000u

/* What the device asks of the machine (the device itself owns neither). */
struct pc_testdev_ops {
	/* Drives ISA/IOAPIC line n (0..23) to level (0 or 1). */
	int (*irq_line)(void *ctx, unsigned line, int level);
	/* Drops and restores the mapping of the guest page holding gpa. */
	int (*flush_page)(void *ctx, uint64_t gpa);
	void *ctx;
};

struct dev_pc_testdev {
	uint32_t latch;
	struct pc_testdev_ops ops;
	uint8_t iomem[PC_TESTDEV_IOMEM_SIZE];
};

int dev_pc_testdev_register(struct dev_pc_testdev *d, struct bus *pio, struct bus *mmio,
			    const struct pc_testdev_ops *ops);

#endif
