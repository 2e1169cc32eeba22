/* Guest RAM and the single bounds-checked guest-physical -> host translation
 * that every device, loader and hypercall goes through. */
#ifndef UVMM_MACHINE_GUEST_MEM_H
#define UVMM_MACHINE_GUEST_MEM_H

#include <stddef.h>
#include <stdint.h>

/* Guest RAM is laid out as on a PC: up to GUEST_MEM_LOW_MAX at GPA 0 (the
 * top of the 32-bit space is MMIO), the rest from GUEST_MEM_HIGH_BASE. */
#define GUEST_MEM_LOW_MAX (3ull << 30)
#define GUEST_MEM_HIGH_BASE (1ull << 32)
#define GUEST_MEM_MAX (64ull << 30)
#define GUEST_MEM_MIN (2ull << 20)

struct guest_mem {
	uint8_t *host;   /* mapping of guest RAM: low part, then the high part */
	uint64_t size;   /* bytes at GPA 0 */
	uint64_t high_size; /* bytes at GUEST_MEM_HIGH_BASE (0: none) */
	uint8_t *map;    /* whole mapping incl. guard/canary pages around host */
	size_t map_size;
};

/* Maps `size` bytes in all (page multiple, GUEST_MEM_MIN..GUEST_MEM_MAX)
 * with a canary page on each side; above GUEST_MEM_LOW_MAX the rest goes
 * to GUEST_MEM_HIGH_BASE. Returns 0 or -errno. */
int guest_mem_init(struct guest_mem *m, uint64_t size);

/* Bytes of guest RAM in all (both parts). */
static inline uint64_t guest_mem_total(const struct guest_mem *m)
{
	return m->size + m->high_size;
}
void guest_mem_free(struct guest_mem *m);

/* Host pointer for [gpa, gpa+len) or NULL when any byte of it is outside
 * guest RAM or gpa+len wraps. len 0 is valid for any gpa <= size. */
void *gpa_to_hva(const struct guest_mem *m, uint64_t gpa, uint64_t len);

/* Copy helpers built on gpa_to_hva. Return 0 or -1 (out of range). */
int guest_read(const struct guest_mem *m, uint64_t gpa, void *dst, uint64_t len);
int guest_write(const struct guest_mem *m, uint64_t gpa, const void *src, uint64_t len);

/* Gives [gpa, gpa+len) back to the host (madvise MADV_DONTNEED): the guest
 * reads those pages as zero afterwards. gpa and len must be multiples of
 * GUEST_PAGE_SIZE inside RAM. Returns 0, -1 for a range the guest may not
 * name (reason in err), -2 when the host refused (err). */
#define GUEST_PAGE_SIZE 4096ull
int guest_mem_discard(const struct guest_mem *m, uint64_t gpa, uint64_t len, char *err,
		      size_t errlen);
/* Pages of guest RAM resident in host memory (mincore), or -1. */
int64_t guest_mem_resident_pages(const struct guest_mem *m);
/* Drops the host mapping of the guest page holding gpa and restores it, as
 * QEMU's pc-testdev flush port does: KVM's mapping of the page is zapped
 * (MMU notifier) and faulted in again on the next access; the contents stay.
 * Returns 0, or -1 when gpa is not guest RAM or mprotect fails. */
int guest_mem_flush_page(const struct guest_mem *m, uint64_t gpa);

/* 1 when the canary pages around guest RAM are untouched. */
int guest_mem_canary_ok(const struct guest_mem *m);

/* Parses "16M", "2G", "65536" (bytes; K/M/G suffixes). Returns 0 or -1. */
int guest_mem_parse_size(const char *s, uint64_t *out);

#endif
