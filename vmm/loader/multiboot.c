/* The information block follows the Multiboot 0.6.96 specification; the
 * memory map is what a PC BIOS reports for uvmm's RAM: conventional memory
 * below the EBDA, the BIOS area (where kut=1 puts the ACPI tables) reserved,
 * RAM from 1 MiB, and the part above 4 GiB. kvm-unit-tests reads mem_upper
 * without looking at the flags, so it is always given. */
#include "loader/multiboot.h"

#include <string.h>

#include "util/errmsg.h"

#define MBI_MEM 0x001u
#define MBI_CMDLINE 0x004u
#define MBI_MODS 0x008u
#define MBI_MMAP 0x040u
#define MBI_LOADER_NAME 0x200u

#define EBDA 0x9fc00ull
#define BIOS_AREA 0xe0000ull
#define HIGH_MEM 0x100000ull

struct mb_info {
	uint32_t flags, mem_lower, mem_upper, boot_device, cmdline, mods_count, mods_addr;
	uint32_t syms[4], mmap_length, mmap_addr, drives_length, drives_addr, config_table;
	uint32_t boot_loader_name, apm_table, vbe[4];
};
_Static_assert(sizeof(struct mb_info) == 88, "the multiboot information block is 88 bytes");

struct mb_module {
	uint32_t start, end, string, reserved;
};

struct mb_mmap {
	uint32_t size;
	uint64_t addr, len;
	uint32_t type;
} __attribute__((packed));

#define MB_RAM 1
#define MB_RESERVED 2

/* [MULTIBOOT_INFO_GPA, MULTIBOOT_AREA_END): what goes where. */
#define AT_MODULE (MULTIBOOT_INFO_GPA + 0x60)
#define AT_NAME (MULTIBOOT_INFO_GPA + 0x70)
#define AT_MMAP (MULTIBOOT_INFO_GPA + 0x80)
#define MMAP_MAX 6
#define AT_MODNAME (AT_MMAP + MMAP_MAX * sizeof(struct mb_mmap))
#define AT_CMDLINE (AT_MODNAME + MULTIBOOT_MODNAME_MAX)
_Static_assert(AT_CMDLINE + MULTIBOOT_CMDLINE_MAX <= MULTIBOOT_AREA_END, "the area holds it all");

int multiboot_find(const uint8_t *buf, size_t len, uint32_t *flags)
{
	size_t end = len < MULTIBOOT_SEARCH ? len : MULTIBOOT_SEARCH;

	for (size_t off = 0; off + 12 <= end; off += 4) {
		uint32_t h[3];

		memcpy(h, buf + off, sizeof(h));
		if (h[0] == MULTIBOOT_HEADER_MAGIC && (uint32_t)(h[0] + h[1] + h[2]) == 0) {
			*flags = h[1];
			return 1;
		}
	}
	return 0;
}

int multiboot_check_flags(uint32_t flags, char *err, size_t errlen)
{
	if (flags & MULTIBOOT_VIDEO_MODE)
		return errmsg(err, errlen, "multiboot header asks for a video mode (flag 2): uvmm has no display");
	if (flags & MULTIBOOT_AOUT_KLUDGE)
		return errmsg(err, errlen, "multiboot header has the a.out kludge (flag 16): uvmm loads "
			      "the ELF program headers only");
	if (flags & 0xfff8u)
		return errmsg(err, errlen, "multiboot header requires features uvmm does not know "
			      "(flags 0x%x)", flags & 0xfff8u);
	return 0;
}

static unsigned memory_map(const struct guest_mem *m, struct mb_mmap *map)
{
	unsigned n = 0;

	map[n++] = (struct mb_mmap){ 20, 0, EBDA, MB_RAM };
	map[n++] = (struct mb_mmap){ 20, EBDA, 0xa0000 - EBDA, MB_RESERVED };
	map[n++] = (struct mb_mmap){ 20, BIOS_AREA, HIGH_MEM - BIOS_AREA, MB_RESERVED };
	map[n++] = (struct mb_mmap){ 20, HIGH_MEM, m->size - HIGH_MEM, MB_RAM };
	if (m->high_size)
		map[n++] = (struct mb_mmap){ 20, GUEST_MEM_HIGH_BASE, m->high_size, MB_RAM };
	return n;
}

static int put_string(struct guest_mem *m, uint64_t gpa, const char *s, size_t max,
		      const char *what, char *err, size_t errlen)
{
	size_t n = strlen(s) + 1;

	if (n > max)
		return errmsg(err, errlen, "multiboot %s is %zu bytes, at most %zu", what, n - 1, max - 1);
	return guest_write(m, gpa, s, n) ? errmsg(err, errlen, "guest RAM too small for multiboot") : 0;
}

static int put_module(struct guest_mem *m, const struct multiboot_boot *b, struct mb_info *mi,
		      char *err, size_t errlen)
{
	uint64_t at = (b->image_end + 0xfff) & ~0xfffull;
	struct mb_module mod;

	if (!b->module)
		return 0;
	if (at < b->image_end || at >= m->size || b->module_len > m->size - at)
		return errmsg(err, errlen, "multiboot module of %zu bytes does not fit in guest RAM "
			      "after the image (at 0x%llx)", b->module_len, (unsigned long long)at);
	mod = (struct mb_module){ (uint32_t)at, (uint32_t)(at + b->module_len), (uint32_t)AT_MODNAME, 0 };
	if (guest_write(m, at, b->module, b->module_len) || guest_write(m, AT_MODULE, &mod, sizeof(mod)))
		return errmsg(err, errlen, "guest RAM too small for the multiboot module");
	if (put_string(m, AT_MODNAME, b->module_name ? b->module_name : "", MULTIBOOT_MODNAME_MAX,
		       "module name", err, errlen) < 0)
		return -1;
	mi->flags |= MBI_MODS;
	mi->mods_count = 1;
	mi->mods_addr = (uint32_t)AT_MODULE;
	return 0;
}

int multiboot_write_info(struct guest_mem *m, const struct multiboot_boot *b, uint32_t *mbi,
			 char *err, size_t errlen)
{
	struct mb_mmap map[MMAP_MAX];
	unsigned n = memory_map(m, map);
	struct mb_info mi = {
		.flags = MBI_MEM | MBI_CMDLINE | MBI_MMAP | MBI_LOADER_NAME,
		.mem_lower = (uint32_t)(EBDA >> 10),
		.mem_upper = (uint32_t)((m->size - HIGH_MEM) >> 10),
		.cmdline = (uint32_t)AT_CMDLINE,
		.mmap_length = (uint32_t)(n * sizeof(map[0])),
		.mmap_addr = (uint32_t)AT_MMAP,
		.boot_loader_name = (uint32_t)AT_NAME,
	};

	if (m->size < MULTIBOOT_AREA_END + HIGH_MEM)
		return errmsg(err, errlen, "guest RAM too small for multiboot");
	if (put_string(m, AT_CMDLINE, b->cmdline ? b->cmdline : "", MULTIBOOT_CMDLINE_MAX,
		       "command line", err, errlen) < 0 ||
	    put_string(m, AT_NAME, "uvmm", AT_MMAP - AT_NAME, "boot loader name", err, errlen) < 0 ||
	    put_module(m, b, &mi, err, errlen) < 0)
		return -1;
	if (guest_write(m, AT_MMAP, map, mi.mmap_length) ||
	    guest_write(m, MULTIBOOT_INFO_GPA, &mi, sizeof(mi)))
		return errmsg(err, errlen, "guest RAM too small for multiboot");
	*mbi = (uint32_t)MULTIBOOT_INFO_GPA;
	return 0;
}
