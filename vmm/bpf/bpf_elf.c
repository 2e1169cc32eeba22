/* ELF64 section headers of an EM_BPF object, every offset bounds-checked. */
#include <elf.h>
#include <stdio.h>
#include <string.h>

#include "bpf/bpf_elf.h"
#include "util/errmsg.h"

#ifndef EM_BPF
#define EM_BPF 247
#endif

int ebpf_elf_is(const uint8_t *img, size_t len)
{
	return len >= SELFMAG && !memcmp(img, ELFMAG, SELFMAG);
}

/* [off, off+size) inside the image, without wrap. */
static int inside(uint64_t off, uint64_t size, size_t len)
{
	return off <= len && size <= len - off;
}

int ebpf_elf_sections(const uint8_t *img, size_t len, struct ebpf_elf_section *out, unsigned max,
		      unsigned *n, char *err, size_t errlen)
{
	Elf64_Ehdr eh;
	Elf64_Shdr strs;

	*n = 0;
	if (len < sizeof(eh) || !ebpf_elf_is(img, len))
		return errmsg(err, errlen, "not an ELF file");
	memcpy(&eh, img, sizeof(eh));
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB)
		return errmsg(err, errlen, "ELF: not a little-endian ELF64 file");
	if (eh.e_machine != EM_BPF)
		return errmsg(err, errlen, "ELF: machine %u is not EM_BPF (%u)", eh.e_machine, EM_BPF);
	if (eh.e_shentsize != sizeof(Elf64_Shdr) || !eh.e_shnum || eh.e_shstrndx >= eh.e_shnum ||
	    !inside(eh.e_shoff, (uint64_t)eh.e_shnum * sizeof(Elf64_Shdr), len))
		return errmsg(err, errlen, "ELF: section headers outside the file or malformed");
	memcpy(&strs, img + eh.e_shoff + (uint64_t)eh.e_shstrndx * sizeof(Elf64_Shdr), sizeof(strs));
	if (!inside(strs.sh_offset, strs.sh_size, len))
		return errmsg(err, errlen, "ELF: section name table outside the file");
	for (unsigned k = 0; k < eh.e_shnum; k++) {
		Elf64_Shdr sh;
		const char *name;
		size_t room;

		memcpy(&sh, img + eh.e_shoff + (uint64_t)k * sizeof(sh), sizeof(sh));
		if (sh.sh_type != SHT_PROGBITS || !(sh.sh_flags & SHF_EXECINSTR) || !sh.sh_size)
			continue;
		if (!inside(sh.sh_offset, sh.sh_size, len))
			return errmsg(err, errlen, "ELF: section %u lies outside the file", k);
		if (*n == max)
			return errmsg(err, errlen, "ELF: more than %u executable sections", max);
		if (sh.sh_name >= strs.sh_size)
			return errmsg(err, errlen, "ELF: section %u's name is outside the name table", k);
		name = (const char *)img + strs.sh_offset + sh.sh_name;
		room = strs.sh_size - sh.sh_name;
		snprintf(out[*n].name, sizeof(out[*n].name), "%.*s", (int)strnlen(name, room < 63 ? room : 63), name);
		out[*n].data = img + sh.sh_offset;
		out[*n].size = sh.sh_size;
		(*n)++;
	}
	return 0;
}
