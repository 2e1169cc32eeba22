/* Each request is validated against the VM's layout before any KVM call, so
 * a guest cannot map over RAM, a device or another slot, nor leak host memory. */
#include "machine/memslots.h"

#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "machine/kvm.h"
#include "util/errmsg.h"
#include "uvmm/abi.h"

#define PAGE 4096ull

_Static_assert(MEMSLOT_READONLY == UVMM_SLOT_READONLY && MEMSLOT_LOG_DIRTY == UVMM_SLOT_LOG_DIRTY,
	       "memslot flags are the guest ABI's");

static int ranges_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/* Read-only slots are filled with a known pattern (each 64-bit word holds its
 * own GPA) so a guest can tell that a read hit memory and not a device. */
static void fill_pattern(uint64_t *words, uint64_t gpa, uint64_t size)
{
	for (uint64_t i = 0; i < size / 8; i++)
		words[i] = gpa + i * 8;
}

static int check_layout(const struct memslots *t, uint64_t slot, uint64_t gpa, uint64_t size,
			uint64_t flags, char *err, size_t errlen)
{
	uint64_t total = 0;

	if (slot == 0 || slot >= MEMSLOTS_MAX)
		return errmsg(err, errlen, "memslot %llu is not one of 1..%d", (unsigned long long)slot,
			      MEMSLOTS_MAX - 1);
	if (t->slot[slot].host)
		return errmsg(err, errlen, "memslot %llu is already in use", (unsigned long long)slot);
	if (!size || size > UVMM_SLOT_MAX_SIZE || gpa % PAGE || size % PAGE || gpa + size < gpa ||
	    gpa + size > (1ull << 32))
		return errmsg(err, errlen,
			      "memslot [0x%llx, +0x%llx) must be 4 KiB aligned, at most %llu MiB, below 4 GiB",
			      (unsigned long long)gpa, (unsigned long long)size,
			      (unsigned long long)(UVMM_SLOT_MAX_SIZE >> 20));
	if (flags & ~(uint64_t)(MEMSLOT_READONLY | MEMSLOT_LOG_DIRTY))
		return errmsg(err, errlen, "unknown memslot flags 0x%llx", (unsigned long long)flags);
	if (ranges_overlap(gpa, size, 0, t->ram->size))
		return errmsg(err, errlen, "memslot at 0x%llx overlaps guest RAM", (unsigned long long)gpa);
	if (ranges_overlap(gpa, size, UVMM_TESTDEV_BASE, UVMM_TESTDEV_SIZE))
		return errmsg(err, errlen, "memslot at 0x%llx overlaps the MMIO test device",
			      (unsigned long long)gpa);
	for (unsigned i = 1; i < MEMSLOTS_MAX; i++) {
		if (t->slot[i].host && ranges_overlap(gpa, size, t->slot[i].gpa, t->slot[i].size))
			return errmsg(err, errlen, "memslot at 0x%llx overlaps memslot %u",
				      (unsigned long long)gpa, i);
		total += t->slot[i].host ? t->slot[i].size : 0;
	}
	if (size > UVMM_SLOTS_TOTAL_MAX - total)
		return errmsg(err, errlen, "%llu KiB more would make the guest-added memslots %llu KiB: "
			      "they total at most %llu KiB", (unsigned long long)(size >> 10),
			      (unsigned long long)((total + size) >> 10),
			      (unsigned long long)(UVMM_SLOTS_TOTAL_MAX >> 10));
	return 0;
}

int memslot_add(struct memslots *t, uint64_t slot, uint64_t gpa, uint64_t size, uint64_t flags,
		char *err, size_t errlen)
{
	uint32_t kflags = 0;
	void *host;
	int r;

	if (check_layout(t, slot, gpa, size, flags, err, errlen) < 0)
		return -1;
	host = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (host == MAP_FAILED) {
		errmsg(err, errlen, "no host memory for a %llu KiB memslot: %s",
		       (unsigned long long)(size >> 10), strerror(errno));
		return -2;
	}
	if (flags & MEMSLOT_READONLY) {
		fill_pattern(host, gpa, size);
		kflags |= KVM_MEM_READONLY;
	}
	if (flags & MEMSLOT_LOG_DIRTY)
		kflags |= KVM_MEM_LOG_DIRTY_PAGES;
	r = kvm_set_memslot(t->vm_fd, (uint32_t)slot, kflags, gpa, size, host);
	if (r < 0) {
		munmap(host, size);
		/* EEXIST: it overlaps a slot uvmm made itself (a BAR mapped for a
		 * device): the guest's layout error, anything else the host's. */
		errmsg(err, errlen, "KVM_SET_USER_MEMORY_REGION: %s", strerror(-r));
		return r == -EEXIST ? -1 : -2;
	}
	t->slot[slot] = (struct memslot){ gpa, size, kflags, host };
	return 0;
}

int memslot_remove(struct memslots *t, uint64_t slot, char *err, size_t errlen)
{
	struct memslot *s;
	int r;

	if (slot == 0 || slot >= MEMSLOTS_MAX || !t->slot[slot].host)
		return errmsg(err, errlen, "memslot %llu was not added by the guest",
			      (unsigned long long)slot);
	s = &t->slot[slot];
	/* Size 0 deletes the slot; KVM drops its mappings before returning. */
	r = kvm_set_memslot(t->vm_fd, (uint32_t)slot, 0, s->gpa, 0, s->host);
	if (r < 0) {
		errmsg(err, errlen, "deleting memslot: %s", strerror(-r));
		return -2;
	}
	munmap(s->host, s->size);
	memset(s, 0, sizeof(*s));
	return 0;
}

uint64_t memslot_dirty_bitmap_size(const struct memslots *t, uint64_t slot, char *err, size_t errlen)
{
	if (slot == 0 || slot >= MEMSLOTS_MAX || !t->slot[slot].host ||
	    !(t->slot[slot].flags & KVM_MEM_LOG_DIRTY_PAGES)) {
		errmsg(err, errlen, "memslot %llu does not log dirty pages", (unsigned long long)slot);
		return 0;
	}
	return (t->slot[slot].size / PAGE + 63) / 64 * 8;
}

int memslot_dirty_log(struct memslots *t, uint64_t slot, uint64_t *bitmap, char *err, size_t errlen)
{
	struct kvm_dirty_log log = { .slot = (uint32_t)slot, .dirty_bitmap = bitmap };
	uint64_t need = memslot_dirty_bitmap_size(t, slot, err, errlen);

	if (!need)
		return -1;
	memset(bitmap, 0, need);
	if (ioctl(t->vm_fd, KVM_GET_DIRTY_LOG, &log) < 0) {
		errmsg(err, errlen, "KVM_GET_DIRTY_LOG: %s", strerror(errno));
		return -2;
	}
	return 0;
}

void memslots_release(struct memslots *t)
{
	for (unsigned i = 1; i < MEMSLOTS_MAX; i++) {
		struct memslot *s = &t->slot[i];

		if (!s->host)
			continue;
		if (t->vm_fd >= 0)
			kvm_set_memslot(t->vm_fd, i, 0, s->gpa, 0, s->host);
		munmap(s->host, s->size);
		memset(s, 0, sizeof(*s));
	}
}
