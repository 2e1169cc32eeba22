/* Guest-virtual to guest-physical translation through the guest's own page
 * tables, for every x86 paging mode (none, 32-bit with 4 MiB pages, PAE,
 * 4- and 5-level with 2 MiB and 1 GiB pages). Pure over guest_mem: every
 * table entry is read with the bounds-checked guest_read, nothing else. */
#ifndef UVMM_MACHINE_GVA_H
#define UVMM_MACHINE_GVA_H

#include <stddef.h>
#include <stdint.h>

#include "machine/guest_mem.h"

enum gva_mode {
	GVA_NONE,    /* CR0.PG = 0: linear = physical (32 bits) */
	GVA_32,      /* 2-level, 4 KiB pages, 4 MiB pages with CR4.PSE */
	GVA_PAE,     /* 3-level, 4 KiB and 2 MiB pages */
	GVA_4LEVEL,  /* long mode: 4 KiB, 2 MiB, 1 GiB pages */
	GVA_5LEVEL,  /* long mode with CR4.LA57 */
	GVA_MODE_COUNT
};

struct gva_ctx {
	enum gva_mode mode;
	uint64_t cr3;
	int pse;            /* CR4.PSE (GVA_32 only) */
};

struct gva_map {
	uint64_t gpa;
	uint64_t page_size; /* of the mapping that translated it (1 for GVA_NONE) */
	int writable, user, nx;
};

/* The paging mode CR0/CR4/EFER describe. */
enum gva_mode gva_mode_of(uint64_t cr0, uint64_t cr4, uint64_t efer);
const char *gva_mode_name(enum gva_mode m);

/* Translates gva. Returns 0 with *out, or -1 with a one-line reason (not
 * present at a level, non-canonical, a table outside guest RAM, ...). The
 * guest's permission bits are reported, not enforced. */
int gva_translate(const struct guest_mem *m, const struct gva_ctx *c, uint64_t gva,
		  struct gva_map *out, char *err, size_t errlen);

/* Copies len bytes at gva page by page. Return the bytes copied before the
 * first address that does not translate to guest RAM (len when all did). */
size_t gva_read(const struct guest_mem *m, const struct gva_ctx *c, uint64_t gva, void *dst,
		size_t len);
size_t gva_write(const struct guest_mem *m, const struct gva_ctx *c, uint64_t gva,
		 const void *src, size_t len);

#endif
