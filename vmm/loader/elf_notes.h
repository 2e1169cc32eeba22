/* ELF note parsing for the image loader: walks one PT_NOTE range and collects
 * the notes uvmm understands (the Xen PVH entry and uvmm EXPECT/OPTIONS text). */
#ifndef UVMM_LOADER_ELF_NOTES_H
#define UVMM_LOADER_ELF_NOTES_H

#include <stddef.h>
#include <stdint.h>

/* Longest text uvmm keeps of all EXPECT (or OPTIONS) notes together. */
#define IMAGE_MAX_NOTE_TEXT (64u * 1024u)

/* Xen's public elfnote.h: descriptor = 32-bit physical entry (PVH boot). */
#define XEN_ELFNOTE_PHYS32_ENTRY 18u

struct note_text {
	char *text;  /* malloc'd, NUL-terminated; NULL while empty */
	size_t len;  /* bytes before the NUL */
};

struct elf_notes {
	int has_pvh;
	uint64_t pvh_entry;
	struct note_text expect;   /* uvmm EXPECT notes, in file order */
	struct note_text options;  /* uvmm OPTIONS notes, in file order */
	struct note_text expect_end; /* the first uvmm EXPECT_END note */
	int has_expect_end;
};

/* Parses the notes in seg[0..len) (the file bytes of program header
 * phdr_index, at file offset file_off, already known to be inside the file)
 * with entries aligned to `align` (4 or 8), adding what it finds to *out. Returns 0, or -1 with a
 * one-line reason naming the note. *out must be zeroed before the first call
 * and released with elf_notes_free, also after an error. */
int elf_notes_parse(const uint8_t *seg, size_t len, unsigned align, unsigned phdr_index,
		    uint64_t file_off, struct elf_notes *out, char *err, size_t errlen);

void elf_notes_free(struct elf_notes *n);

#endif
