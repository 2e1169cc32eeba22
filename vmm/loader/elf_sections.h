/* Section headers of an ELF32/ELF64 little-endian image, for what loading
 * does not need but reports do: the symbol table and the DWARF sections.
 * Every section is checked to lie inside the file before it is handed out. */
#ifndef UVMM_LOADER_ELF_SECTIONS_H
#define UVMM_LOADER_ELF_SECTIONS_H

#include <stddef.h>
#include <stdint.h>

#define SHT_SYMTAB 2u
#define SHT_STRTAB 3u
#define SHT_NOBITS 8u
#define SHF_EXECINSTR 0x4u

struct elf_section {
	const uint8_t *data; /* inside the image (NULL for SHT_NOBITS) */
	uint64_t size;
	uint64_t addr, flags, entsize;
	uint32_t type, link;
	const char *name;    /* "" when the name is unreadable */
};

struct elf_sections {
	const uint8_t *img;
	size_t len;
	int is64;
	uint64_t shoff;
	unsigned shnum, shentsize, shstrndx;
};

/* Reads the ELF and section header table geometry. Returns 0, or -1 with a
 * one-line reason (an image without sections has shnum 0 and is fine). */
int elf_sections_open(struct elf_sections *es, const uint8_t *img, size_t len, char *err,
		      size_t errlen);

/* Section i, or -1 when it is out of range or does not fit in the file. */
int elf_section_get(const struct elf_sections *es, unsigned i, struct elf_section *out);

/* The first section called name, or -1. */
int elf_section_find(const struct elf_sections *es, const char *name, struct elf_section *out);

#endif
