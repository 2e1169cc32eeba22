/* CPU and memory state at guest entry for each start mode: PVH (the standard
 * entry, as QEMU -kernel does it), 64-bit long mode, 32-bit flat, multiboot
 * (32-bit flat with the multiboot information block), real mode. */
#ifndef UVMM_LOADER_BOOT_H
#define UVMM_LOADER_BOOT_H

#include <stddef.h>
#include <stdint.h>

#include "loader/elf_load.h"
#include "machine/guest_mem.h"

enum boot_mode { BOOT_AUTO, BOOT_PVH, BOOT_LONG, BOOT_PROT32, BOOT_REAL, BOOT_MULTIBOOT,
		 BOOT_MODE_COUNT };

/* Boot structures the VMM writes into guest RAM (below every image). */
#define BOOT_START_INFO 0x1000ull /* hvm_start_info, memory map, command line */
#define BOOT_GDT 0x2000ull
#define BOOT_PML4 0x3000ull       /* then PDPT at 0x4000, 4 PDs at 0x5000..0x8fff */
#define BOOT_AREA_END 0xa000ull
#define BOOT_CMDLINE_MAX 0xe00    /* bytes of the PVH command line, with its NUL */

#define PVH_START_MAGIC 0x336ec578u

const char *boot_mode_name(enum boot_mode m);
/* Parses "pvh", "long", "prot32", "real", "multiboot". Returns BOOT_AUTO on no match. */
enum boot_mode boot_mode_parse(const char *s);
/* The mode an image starts in when none is asked for: pvh with a PVH note,
 * else multiboot for an ELF32 image with a multiboot header (as QEMU
 * -kernel), else long (ELF64), prot32 (ELF32), real (flat). */
enum boot_mode boot_mode_default(const struct image_info *img);

/* What the boot protocol hands the guest besides its image. */
struct boot_args {
	const char *cmdline;        /* PVH and multiboot command line (NULL: empty) */
	const uint8_t *module;      /* multiboot module (NULL: none) */
	size_t module_len;
	const char *module_name;
};

/* Writes the mode's boot structures into guest RAM and sets the vCPU's
 * registers. Returns 0 or -1 with a one-line reason. */
int boot_setup(int vcpu_fd, struct guest_mem *m, const struct image_info *img,
	       enum boot_mode mode, const struct boot_args *args, char *err, size_t errlen);

#endif
