/* QEMU's fw_cfg as kvm-unit-tests reads it: legacy I/O only, a 16-bit
 * selector write to the base port, then byte reads from base + 1. */
#ifndef UVMM_DEVICES_FW_CFG_H
#define UVMM_DEVICES_FW_CFG_H

#include <stdint.h>

#include "devices/bus.h"

#define FW_CFG_PORT 0x510      /* selector; data at FW_CFG_PORT + 1 */
#define FW_CFG_RAM_SIZE 0x03   /* u64: bytes of guest RAM */
#define FW_CFG_NB_CPUS 0x05    /* u16: vCPUs */
#define FW_CFG_MAX_CPUS 0x0f   /* u16: vCPUs at most */
#define FW_CFG_MAX_RAM 0x11    /* u64: end of guest RAM (kvm-unit-tests' own key) */

struct dev_fw_cfg {
	uint64_t ram_size, max_ram;
	uint16_t nb_cpus, max_cpus;
	uint16_t key;              /* selected item */
	uint32_t offset;           /* next byte of it */
};

/* Items: the four keys above; every other key reads as zeros, as does a
 * read past an item's end. */
int dev_fw_cfg_register(struct dev_fw_cfg *d, struct bus *pio, uint16_t base);

#endif
