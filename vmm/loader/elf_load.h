/* Guest image loading: validated ELF32/ELF64 executables (PT_LOAD only) and
 * flat binaries, copied into guest RAM, plus the notes uvmm reads (PVH, uvmm). */
#ifndef UVMM_LOADER_ELF_LOAD_H
#define UVMM_LOADER_ELF_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "loader/elf_notes.h"
#include "machine/guest_mem.h"

struct image_info {
	int elf_class;          /* 32, 64, or 0 for a flat binary */
	uint64_t entry;         /* e_entry (or the flat load address) */
	int has_pvh;            /* a Xen PHYS32_ENTRY note was found */
	int has_multiboot;      /* a multiboot v1 header in the first 8 KiB (loader/multiboot.h) */
	uint32_t multiboot_flags;
	uint64_t pvh_entry;     /* its 32-bit entry address */
	uint64_t lowest, highest; /* [lowest, highest) GPA span of loaded segments */
	/* Concatenated text of all uvmm EXPECT notes, in file order (malloc'd, NUL-terminated; NULL if none). */
	char *expect_text;
	size_t expect_len;
	char *options_text;     /* concatenated uvmm OPTIONS notes (malloc'd or NULL) */
	/* The EXPECT_END note: matched after everything else (malloc'd; NULL
	 * if none, or empty when the image says no end is implied). */
	char *expect_end_text;
	size_t expect_end_len;
};

/* Validates the ELF in buf[0..len) and loads its PT_LOAD segments into m.
 * Returns 0, or -1 with a one-line reason in err (what is wrong, and where). */
int elf_load(const uint8_t *buf, size_t len, struct guest_mem *m,
	     struct image_info *info, char *err, size_t errlen);

/* Validates the ELF like elf_load except for the fit in guest RAM, and returns
 * its uvmm OPTIONS text (malloc'd, or NULL if none): the options choose the RAM
 * size, so they are needed before guest RAM exists. Returns 0 or -1 with err. */
int elf_peek_options(const uint8_t *buf, size_t len, char **options, char *err, size_t errlen);

/* Loads a flat binary at load_addr. Returns 0 or -1 with err. */
int flat_load(const uint8_t *buf, size_t len, uint64_t load_addr, struct guest_mem *m,
	      struct image_info *info, char *err, size_t errlen);

void image_info_free(struct image_info *info);

#endif
