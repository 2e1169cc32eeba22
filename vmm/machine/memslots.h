/* The memslots a guest adds at run time beside RAM (slot 0): validated
 * against the VM's layout, backed by anonymous host memory, freed with the VM. */
#ifndef UVMM_MACHINE_MEMSLOTS_H
#define UVMM_MACHINE_MEMSLOTS_H

#include <stddef.h>
#include <stdint.h>

#include "machine/guest_mem.h"

#define MEMSLOTS_MAX 16 /* slot 0 is RAM; guests may add 1..15 */

struct memslot {
	uint64_t gpa, size;
	uint32_t flags;       /* KVM_MEM_* */
	void *host;           /* NULL: slot unused */
};

/* The table of one VM: its fd and RAM (what a slot must stay clear of). */
struct memslots {
	int vm_fd;
	const struct guest_mem *ram;
	struct memslot slot[MEMSLOTS_MAX];
};

/* Slot flags, as the guest's ABI spells them (uvmm/abi.h UVMM_SLOT_*). */
#define MEMSLOT_READONLY 1u
#define MEMSLOT_LOG_DIRTY 2u

/* Adds slot 1..MEMSLOTS_MAX-1 at [gpa, gpa + size): 4 KiB aligned, at most
 * UVMM_SLOT_MAX_SIZE, below 4 GiB, clear of RAM, the test device and every
 * other slot. Read-only slots hold a pattern: each 64-bit word its own GPA.
 * Returns 0, or -1 with a one-line reason (nothing changed): the request
 * does not fit the layout; -2: the host failed it (no memory, a KVM error). */
int memslot_add(struct memslots *t, uint64_t slot, uint64_t gpa, uint64_t size, uint64_t flags,
		char *err, size_t errlen);
/* Removes a slot added by memslot_add. Returns 0, -1 (no such slot) or -2
 * (KVM failed), with a reason. */
int memslot_remove(struct memslots *t, uint64_t slot, char *err, size_t errlen);

/* Bytes of the dirty bitmap of a slot (one bit per 4 KiB page, whole u64s),
 * or 0 when slot does not log dirty pages (reason in err). */
uint64_t memslot_dirty_bitmap_size(const struct memslots *t, uint64_t slot, char *err, size_t errlen);
/* KVM_GET_DIRTY_LOG into bitmap (memslot_dirty_bitmap_size bytes). Returns
 * 0, -1 (slot does not log) or -2 (KVM failed), with a reason. */
int memslot_dirty_log(struct memslots *t, uint64_t slot, uint64_t *bitmap, char *err, size_t errlen);

/* Deletes every guest-added slot (the VM's teardown). */
void memslots_release(struct memslots *t);

#endif
