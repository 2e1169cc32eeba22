/* Lab 4's block device, "labblk": its registers, its direct window and the
 * disk's initial contents. One header for both sides: the device model in
 * the VMM (device/blk.c) and the guest driver (guest/driver.c).
 *
 * Registers (32-bit, aligned; any other access reads all-ones and is ignored):
 *   ID         RO  LABBLK_MAGIC
 *   CAPACITY   RO  size of the disk in 512-byte sectors
 *   SECTOR     RW  first sector of the next command; writing it also moves the
 *                  DATA register to the start of that sector
 *   COUNT      RW  sectors of the next command
 *   DMA_LO/HI  RW  guest-physical address of the next command's buffer
 *   CMD        WO  LABBLK_CMD_READ (disk -> guest RAM) or LABBLK_CMD_WRITE
 *                  (guest RAM -> disk); the command runs at once, sets STATUS,
 *                  adds one to DONE and, when MSI_VECTOR is not 0, sends an MSI
 *                  with that vector to APIC 0 (whether it succeeded or not)
 *   STATUS     RO  result of the last command (LABBLK_OK or LABBLK_E_*)
 *   DATA       RW  the disk 4 bytes at a time, from SECTOR on: each access moves
 *                  on by 4; past the end of the disk reads are all-ones, writes
 *                  are dropped, and STATUS becomes LABBLK_E_RANGE
 *   MSI_VECTOR RW  0: no interrupt
 *   DONE       RO  commands completed since reset
 * A command whose sectors are not all on the disk (COUNT 0 included) is
 * LABBLK_E_RANGE; one whose buffer is not all in guest RAM is LABBLK_E_DMA;
 * an unknown command is LABBLK_E_CMD. A failed command transfers nothing.
 *
 * The direct window: the disk itself, mapped into the guest at LABBLK_DIRECT
 * (a memslot): reads and writes there are plain memory accesses, no exit. */
#ifndef LABBLK_H
#define LABBLK_H

#include <stdint.h>

#define LABBLK_BASE 0xd0100000ull   /* the registers: the start of the lab MMIO window */
#define LABBLK_REGS_SIZE 0x1000ull
#define LABBLK_DIRECT 0xd0110000ull /* the direct window */
#define LABBLK_SECTOR_SIZE 512u
#define LABBLK_SECTORS 64u          /* a 32 KiB disk */
#define LABBLK_DISK_SIZE (LABBLK_SECTORS * LABBLK_SECTOR_SIZE)
#define LABBLK_MAGIC 0x4b4c424cu    /* "LBLK" */

#define LABBLK_ID 0x00
#define LABBLK_CAPACITY 0x04
#define LABBLK_SECTOR 0x08
#define LABBLK_COUNT 0x0c
#define LABBLK_DMA_LO 0x10
#define LABBLK_DMA_HI 0x14
#define LABBLK_CMD 0x18
#define LABBLK_STATUS 0x1c
#define LABBLK_DATA 0x20
#define LABBLK_MSI_VECTOR 0x24
#define LABBLK_DONE 0x28

#define LABBLK_CMD_READ 1u
#define LABBLK_CMD_WRITE 2u

#define LABBLK_OK 0u
#define LABBLK_E_RANGE 1u
#define LABBLK_E_DMA 2u
#define LABBLK_E_CMD 3u

/* Where the lab's guests keep their DMA buffers: a fixed guest-physical
 * address above the image, so that the answer keys name it and still hold
 * when an image changes. */
#define LABBLK_BUF 0x400000ull

/* Byte `offset` of the disk as it starts out. */
static inline uint8_t labblk_pattern(uint32_t offset)
{
	return (uint8_t)((offset >> 9) * 17u + (offset & 511u) * 3u + 1u);
}

#endif
