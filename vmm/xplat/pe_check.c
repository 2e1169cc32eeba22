/* PE32+ layout (Microsoft PE/COFF specification): DOS header with e_lfanew
 * at 0x3c, "PE\0\0", the COFF header (20 bytes), the optional header (magic
 * 0x20b), section headers (40 bytes each). Every offset is checked against
 * the file before it is read. */
#include "xplat/pe_check.h"

#include <string.h>

#include "util/errmsg.h"

#define COFF_SIZE 20
#define OPT_MIN 112         /* PE32+ optional header up to NumberOfRvaAndSizes */
#define SECTION_SIZE 40
#define MACHINE_AMD64 0x8664
#define MAGIC_PE32PLUS 0x20b
#define CHAR_EXECUTABLE 0x0002
#define CHAR_DLL 0x2000
#define SCN_MEM_EXECUTE 0x20000000u
#define DIR_BASERELOC 5

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t rd32(const uint8_t *p) { return (uint32_t)rd16(p) | (uint32_t)rd16(p + 2) << 16; }

/* 1 when [off, off+n) lies inside the file. */
static int inside(size_t len, uint64_t off, uint64_t n)
{
	return off <= len && n <= len - off;
}

int pe_check(const uint8_t *b, size_t len, struct pe_info *info, char *err, size_t errlen)
{
	struct pe_info pi = { 0 };
	uint32_t pe, nscn, opt_size, ndirs, sec;
	const uint8_t *coff, *opt;
	int entry_ok = 0, reloc_in_section = 0;

	if (!inside(len, 0, 0x40) || b[0] != 'M' || b[1] != 'Z')
		return errmsg(err, errlen, "no DOS header (\"MZ\")");
	pe = rd32(b + 0x3c);
	if (!inside(len, pe, 4 + COFF_SIZE) || memcmp(b + pe, "PE\0\0", 4))
		return errmsg(err, errlen, "no PE signature at e_lfanew 0x%x", pe);
	coff = b + pe + 4;
	if (rd16(coff) != MACHINE_AMD64)
		return errmsg(err, errlen, "machine 0x%x, not x86-64 (0x8664)", rd16(coff));
	nscn = rd16(coff + 2);
	opt_size = rd16(coff + 16);
	if (!(rd16(coff + 18) & CHAR_EXECUTABLE) || (rd16(coff + 18) & CHAR_DLL))
		return errmsg(err, errlen, "characteristics 0x%x: not an executable image",
			      rd16(coff + 18));
	if (opt_size < OPT_MIN || !inside(len, pe + 4 + COFF_SIZE, opt_size))
		return errmsg(err, errlen, "optional header of %u bytes (a PE32+ one has at least %u)",
			      opt_size, OPT_MIN);
	opt = coff + COFF_SIZE;
	if (rd16(opt) != MAGIC_PE32PLUS)
		return errmsg(err, errlen, "optional header magic 0x%x, not PE32+ (0x20b)", rd16(opt));
	pi.entry_rva = rd32(opt + 16);
	pi.image_size = rd32(opt + 56);
	pi.subsystem = rd16(opt + 68);
	if (pi.subsystem != PE_SUBSYSTEM_EFI_APPLICATION)
		return errmsg(err, errlen, "subsystem %u, not an EFI application (10)", pi.subsystem);
	ndirs = rd32(opt + 108);
	if (ndirs <= DIR_BASERELOC || OPT_MIN + 8ull * ndirs > opt_size)
		return errmsg(err, errlen, "no base relocation directory (%u data directories)", ndirs);
	pi.reloc_rva = rd32(opt + OPT_MIN + 8 * DIR_BASERELOC);
	pi.reloc_size = rd32(opt + OPT_MIN + 8 * DIR_BASERELOC + 4);
	if (!pi.reloc_rva || !pi.reloc_size)
		return errmsg(err, errlen, "no base relocations: the firmware could not move the image");
	if (!nscn)
		return errmsg(err, errlen, "no sections");
	sec = pe + 4 + COFF_SIZE + opt_size;
	if (!inside(len, sec, (uint64_t)nscn * SECTION_SIZE))
		return errmsg(err, errlen, "%u section headers run past the end of the file", nscn);
	for (uint32_t i = 0; i < nscn; i++) {
		const uint8_t *s = b + sec + i * SECTION_SIZE;
		uint32_t vsize = rd32(s + 8), va = rd32(s + 12), raw = rd32(s + 16), off = rd32(s + 20);
		uint32_t span = vsize > raw ? vsize : raw;

		if (raw && !inside(len, off, raw))
			return errmsg(err, errlen, "section %.8s: its data runs past the end of the file",
				      (const char *)s);
		if ((uint64_t)va + span > pi.image_size)
			return errmsg(err, errlen, "section %.8s ends past SizeOfImage 0x%x",
				      (const char *)s, pi.image_size);
		if ((rd32(s + 36) & SCN_MEM_EXECUTE) && pi.entry_rva >= va && pi.entry_rva < va + span)
			entry_ok = 1;
		if (pi.reloc_rva >= va && (uint64_t)pi.reloc_rva + pi.reloc_size <= (uint64_t)va + span)
			reloc_in_section = 1;
	}
	if (!entry_ok)
		return errmsg(err, errlen, "entry point 0x%x is in no executable section", pi.entry_rva);
	if (!reloc_in_section)
		return errmsg(err, errlen, "the base relocations (0x%x, %u bytes) are in no section",
			      pi.reloc_rva, pi.reloc_size);
	pi.nsections = nscn;
	if (info)
		*info = pi;
	return 0;
}
