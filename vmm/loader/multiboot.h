/* Multiboot v1, the boot protocol of kvm-unit-tests' x86 images (and of
 * QEMU -kernel for ELF32 files): the header in the image, and the
 * information block, memory map, command line and module in guest RAM. */
#ifndef UVMM_LOADER_MULTIBOOT_H
#define UVMM_LOADER_MULTIBOOT_H

#include <stddef.h>
#include <stdint.h>

#include "machine/guest_mem.h"

#define MULTIBOOT_HEADER_MAGIC 0x1badb002u
#define MULTIBOOT_BOOT_MAGIC 0x2badb002u /* EAX at entry */
#define MULTIBOOT_SEARCH 8192            /* the header lies in the first 8 KiB */

/* Header flags (bits 0-15 are requirements a loader must honour or refuse). */
#define MULTIBOOT_PAGE_ALIGN 0x1u        /* modules on 4 KiB boundaries: always so */
#define MULTIBOOT_MEMORY_INFO 0x2u       /* mem_* and the memory map: always given */
#define MULTIBOOT_VIDEO_MODE 0x4u
#define MULTIBOOT_AOUT_KLUDGE 0x10000u   /* load addresses in the header, not the ELF's */

/* Where uvmm puts the information block and what it points at: [0x7000,
 * 0x8000), clear of an image at 32 KiB (kvm-unit-tests' realmode). */
#define MULTIBOOT_INFO_GPA 0x7000ull
#define MULTIBOOT_AREA_END 0x8000ull
#define MULTIBOOT_CMDLINE_MAX 0xe00      /* bytes with the NUL */
#define MULTIBOOT_MODNAME_MAX 0xc0

/* Finds the header in buf[0..len): a 4-byte aligned magic in the first
 * MULTIBOOT_SEARCH bytes whose checksum holds. Returns 1 with *flags, or 0. */
int multiboot_find(const uint8_t *buf, size_t len, uint32_t *flags);

/* Refuses requirements uvmm does not fulfil (video mode, the a.out kludge,
 * unknown required bits). Returns 0 or -1 with a one-line reason. */
int multiboot_check_flags(uint32_t flags, char *err, size_t errlen);

struct multiboot_boot {
	const char *cmdline;          /* NULL: empty */
	const uint8_t *module;        /* NULL: no module (mods_count 0) */
	size_t module_len;
	const char *module_name;      /* its string in the module list (NULL: "") */
	uint64_t image_end;           /* the module goes at the first page after this */
};

/* Writes the information block (flags: memory, command line, modules,
 * memory map, boot loader name) with the memory map of m, the command line
 * and the module. Returns 0 with *mbi = its GPA, or -1 with a reason. */
int multiboot_write_info(struct guest_mem *m, const struct multiboot_boot *b, uint32_t *mbi,
			 char *err, size_t errlen);

#endif
