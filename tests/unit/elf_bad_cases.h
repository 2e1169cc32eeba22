/* The catalogue of malformed images: one defect each, with the substring the
 * loader's message must contain. Shared by test_elf_load and tests/images/mkbad. */
#ifndef UVMM_TEST_ELF_BAD_CASES_H
#define UVMM_TEST_ELF_BAD_CASES_H

#include <stdint.h>
#include <string.h>

#include "elf_builder.h"
#include "uvmm/abi.h"

struct bad_case {
	const char *name;                    /* also the corpus file name (NAME.elf) */
	int cls;
	void (*spec)(struct eb_spec *s);     /* changes before building, or NULL */
	void (*patch)(struct eb_image *img); /* changes to the built bytes, or NULL */
	const char *expect;                  /* substring of the one-line reason */
	int ram_only;                        /* only wrong for this RAM: elf_peek_options passes */
};

#define BAD_RAM_SIZE (16ull << 20)   /* guest RAM the unit test loads into */

static const uint32_t bad_pvh_outside = 0x5000;
static const uint64_t bad_pvh_high = 0x100000000ull;
static const uint32_t bad_pvh_ok = 0x100000;
static const char bad_nul_text[] = "pio.out 0x80:1 = 1\0hidden";
static char bad_long_text[40000];

/* ---- identification and header ---- */
static void p_trunc_header(struct eb_image *g) { g->len = 40; }
static void p_trunc_ident(struct eb_image *g) { g->len = 10; }
static void p_empty(struct eb_image *g) { g->len = 0; }
static void p_bad_magic(struct eb_image *g) { g->buf[1] = 'X'; }
static void p_bad_class(struct eb_image *g) { g->buf[4] = 3; }
static void p_big_endian(struct eb_image *g) { g->buf[5] = 2; }
static void p_ident_version(struct eb_image *g) { g->buf[6] = 0; }
static void p_et_dyn(struct eb_image *g) { eb_set_eh(g, EB_E_TYPE, 3); }
static void p_et_rel(struct eb_image *g) { eb_set_eh(g, EB_E_TYPE, 1); }
static void p_machine_386(struct eb_image *g) { eb_set_eh(g, EB_E_MACHINE, 3); }
static void p_machine_x86_64(struct eb_image *g) { eb_set_eh(g, EB_E_MACHINE, 62); }
static void p_e_version(struct eb_image *g) { eb_set_eh(g, EB_E_VERSION, 2); }
static void p_ehsize(struct eb_image *g) { eb_set_eh(g, EB_E_EHSIZE, 60); }
static void p_phentsize(struct eb_image *g) { eb_set_eh(g, EB_E_PHENTSIZE, 32); }
static void p_phnum_zero(struct eb_image *g) { eb_set_eh(g, EB_E_PHNUM, 0); }
static void p_phnum_huge(struct eb_image *g) { eb_set_eh(g, EB_E_PHNUM, 0xffff); }
static void p_phoff_outside(struct eb_image *g) { eb_set_eh(g, EB_E_PHOFF, g->len - 10); }
static void p_phoff_overflow(struct eb_image *g) { eb_set_eh(g, EB_E_PHOFF, UINT64_MAX - 8); }
static void p_trunc_phdrs(struct eb_image *g) { g->len = g->phoff + 20; }

/* ---- PT_LOAD segments ---- */
static void p_seg_outside_file(struct eb_image *g) { eb_set_ph(g, 0, EB_P_OFFSET, g->len - 0x10); }
static void p_seg_offset_overflow(struct eb_image *g)
{
	eb_set_ph(g, 0, EB_P_OFFSET, UINT64_MAX - 0x100);
}
static void s_filesz_gt_memsz(struct eb_spec *s) { s->seg[1].filesz = 0x2000; }
static void s_paddr_wrap64(struct eb_spec *s) { s->seg[1].paddr = 0xfffffffffffff000ull; s->seg[1].memsz = 0x2000; }
static void s_paddr_wrap32(struct eb_spec *s) { s->seg[1].paddr = 0xfffff000u; s->seg[1].memsz = 0x2000; }
static void s_outside_ram(struct eb_spec *s) { s->seg[1].paddr = 0xbffff000u; s->seg[1].memsz = 0x2000; }
static void s_overlap(struct eb_spec *s) { s->seg[1].paddr = 0x100100; }
static void s_wx(struct eb_spec *s) { s->seg[1].flags = EB_PF_R | EB_PF_W | EB_PF_X; }
static void s_no_load(struct eb_spec *s) { s->seg[0].type = s->seg[1].type = EB_PT_GNU_STACK; }
static void s_entry_outside(struct eb_spec *s) { s->entry = 0x5000; }
static void s_entry_in_data(struct eb_spec *s) { s->entry = 0x102010; }
static void s_entry_in_bss_gap(struct eb_spec *s) { s->entry = 0x100200; }

/* ---- notes ---- */
static void s_pvh(struct eb_spec *s, const void *d, uint32_t n) { eb_add_note(s, "Xen", 18, d, n); }
static void s_pvh_outside(struct eb_spec *s) { s_pvh(s, &bad_pvh_outside, 4); }
static void s_pvh_in_data(struct eb_spec *s)
{
	static const uint32_t data_addr = 0x102000;
	s_pvh(s, &data_addr, 4);
}
static void s_pvh_size(struct eb_spec *s) { s_pvh(s, &bad_pvh_ok, 2); }
static void s_pvh_high(struct eb_spec *s) { s_pvh(s, &bad_pvh_high, 8); }
static void s_pvh_twice(struct eb_spec *s) { s_pvh(s, &bad_pvh_ok, 4); s_pvh(s, &bad_pvh_ok, 4); }
static void s_expect_note(struct eb_spec *s) { eb_add_note(s, UVMM_NOTE_NAME, UVMM_NOTE_EXPECT, "hlt\n", 4); }
static void s_two_notes(struct eb_spec *s) { s_expect_note(s); s_expect_note(s); }
static void p_namesz_overflow(struct eb_image *g) { eb_put(g->buf + g->note_off[0], 4, 0xffffffffu); }
static void p_descsz_past_end(struct eb_image *g) { eb_put(g->buf + g->note_off[0] + 4, 4, 0x1000); }
static void p_note_hdr_trunc(struct eb_image *g)
{
	eb_set_ph(g, g->note_phdr, EB_P_FILESZ, g->note_off[1] - g->note_off[0] + 8);
}
static void p_name_unterminated(struct eb_image *g) { g->buf[g->note_off[0] + 12 + 4] = 'x'; }
static void p_note_outside_file(struct eb_image *g) { eb_set_ph(g, g->note_phdr, EB_P_OFFSET, g->len - 8); }
static void p_note_misaligned(struct eb_image *g)
{
	eb_set_ph(g, g->note_phdr, EB_P_OFFSET, g->note_off[0] + 2);
}
static void p_note_align16(struct eb_image *g) { eb_set_ph(g, g->note_phdr, EB_P_ALIGN, 16); }
static void s_embedded_nul(struct eb_spec *s)
{
	eb_add_note(s, UVMM_NOTE_NAME, UVMM_NOTE_EXPECT, bad_nul_text, sizeof(bad_nul_text));
}
static void s_unknown_uvmm(struct eb_spec *s) { eb_add_note(s, UVMM_NOTE_NAME, UVMM_NOTE_OPTIONS + 7, "x", 1); }
static void s_text_too_long(struct eb_spec *s)
{
	memset(bad_long_text, 'a', sizeof(bad_long_text));
	eb_add_note(s, UVMM_NOTE_NAME, UVMM_NOTE_EXPECT, bad_long_text, sizeof(bad_long_text));
	eb_add_note(s, UVMM_NOTE_NAME, UVMM_NOTE_EXPECT, bad_long_text, sizeof(bad_long_text));
}
static void s_options_nul(struct eb_spec *s) { eb_add_note(s, UVMM_NOTE_NAME, UVMM_NOTE_OPTIONS, "mem=1M\0x", 8); }

static const struct bad_case bad_cases[] = {
	{ "empty", 64, NULL, p_empty, "empty file", 0 },
	{ "truncated-ident", 64, NULL, p_trunc_ident, "truncated: file is 10 bytes, ELF identification needs 16", 0 },
	{ "truncated-header", 64, NULL, p_trunc_header, "truncated: file is 40 bytes, ELF64 header needs 64", 0 },
	{ "truncated-header32", 32, NULL, p_trunc_header, "truncated: file is 40 bytes, ELF32 header needs 52", 0 },
	{ "bad-magic", 64, NULL, p_bad_magic, "not an ELF file (bad magic)", 0 },
	{ "bad-class", 64, NULL, p_bad_class, "EI_CLASS 3 is not ELFCLASS32", 0 },
	{ "big-endian", 64, NULL, p_big_endian, "EI_DATA 2 is not little-endian", 0 },
	{ "bad-ident-version", 64, NULL, p_ident_version, "EI_VERSION 0 is not EV_CURRENT", 0 },
	{ "et-dyn", 64, NULL, p_et_dyn, "e_type 3 (ET_DYN) is not ET_EXEC", 0 },
	{ "et-rel", 32, NULL, p_et_rel, "e_type 1 (ET_REL) is not ET_EXEC", 0 },
	{ "machine-i386-in-elf64", 64, NULL, p_machine_386, "e_machine 3 does not match ELF64", 0 },
	{ "machine-x86-64-in-elf32", 32, NULL, p_machine_x86_64, "e_machine 62 does not match ELF32", 0 },
	{ "bad-e-version", 64, NULL, p_e_version, "e_version 2 is not EV_CURRENT", 0 },
	{ "bad-ehsize", 64, NULL, p_ehsize, "e_ehsize 60 is not 64", 0 },
	{ "bad-phentsize", 64, NULL, p_phentsize, "e_phentsize 32 is not 56", 0 },
	{ "phnum-zero", 64, NULL, p_phnum_zero, "e_phnum is 0", 0 },
	{ "phnum-huge", 32, NULL, p_phnum_huge, "e_phnum 65535 exceeds the limit of 64", 0 },
	{ "phdrs-outside-file", 64, NULL, p_phoff_outside, "program header table [0x", 0 },
	{ "phoff-overflow", 64, NULL, p_phoff_overflow, "e_phoff 0xfffffffffffffff7 + program header table size 0x70 overflows", 0 },
	{ "truncated-phdrs", 64, NULL, p_trunc_phdrs, "is outside the file (84 bytes)", 0 },
	{ "segment-outside-file", 64, NULL, p_seg_outside_file, "program header 0: file range [0x", 0 },
	{ "segment-offset-overflow", 64, NULL, p_seg_offset_overflow, "program header 0: p_offset 0xfffffffffffffeff + p_filesz 0x200 overflows", 0 },
	{ "filesz-gt-memsz", 64, s_filesz_gt_memsz, NULL, "program header 1: p_filesz 0x2000 > p_memsz 0x1000", 0 },
	{ "paddr-wrap", 64, s_paddr_wrap64, NULL, "program header 1: p_paddr 0xfffffffffffff000 + p_memsz 0x2000 wraps around the 64-bit address space", 0 },
	{ "paddr-wrap32", 32, s_paddr_wrap32, NULL, "p_paddr 0xfffff000 + p_memsz 0x2000 wraps around the 32-bit address space", 0 },
	{ "outside-ram", 64, s_outside_ram, NULL, "segment 1 [0xbffff000, 0xc0001000) is outside guest RAM", 1 },
	{ "overlap", 64, s_overlap, NULL, "segments 0 and 1 overlap at 0x100100", 0 },
	{ "writable-executable", 64, s_wx, NULL, "segment 1 is writable and executable", 0 },
	{ "no-pt-load", 64, s_no_load, NULL, "no PT_LOAD segment", 0 },
	{ "entry-outside", 64, s_entry_outside, NULL, "entry point 0x5000 is not inside an executable PT_LOAD segment", 0 },
	{ "entry-in-data", 32, s_entry_in_data, NULL, "entry point 0x102010 is not inside an executable PT_LOAD segment", 0 },
	{ "entry-past-code", 64, s_entry_in_bss_gap, NULL, "entry point 0x100200 is not inside", 0 },
	{ "pvh-entry-outside", 64, s_pvh_outside, NULL, "PVH entry point 0x5000 (Xen PHYS32_ENTRY note) is not inside an executable PT_LOAD segment", 0 },
	{ "pvh-entry-in-data", 32, s_pvh_in_data, NULL, "PVH entry point 0x102000", 0 },
	{ "pvh-bad-size", 64, s_pvh_size, NULL, "Xen PHYS32_ENTRY descriptor is 2 bytes (expected 4 or 8)", 0 },
	{ "pvh-above-4g", 64, s_pvh_high, NULL, "Xen PHYS32_ENTRY entry 0x100000000 is above 4 GiB", 0 },
	{ "pvh-duplicate", 64, s_pvh_twice, NULL, "program header 2, note 1 (file offset 0xfc): duplicate Xen PHYS32_ENTRY note", 0 },
	{ "note-namesz-overflow", 64, s_expect_note, p_namesz_overflow, "program header 2, note 0 (file offset 0xe8): namesz 4294967295 runs past the end of the segment", 0 },
	{ "note-descsz-past-end", 64, s_expect_note, p_descsz_past_end, "descsz 4096 runs past the end of the segment", 0 },
	{ "note-header-truncated", 64, s_two_notes, p_note_hdr_trunc, "note 1 (file offset 0x100): note header truncated (8 bytes left, needs 12)", 0 },
	{ "note-name-unterminated", 64, s_expect_note, p_name_unterminated, "name is not NUL-terminated", 0 },
	{ "note-outside-file", 64, s_expect_note, p_note_outside_file, "program header 2: file range", 0 },
	{ "note-misaligned", 64, s_expect_note, p_note_misaligned, "PT_NOTE p_offset 0x", 0 },
	{ "note-bad-align", 32, s_expect_note, p_note_align16, "program header 2: PT_NOTE p_align 16 is not 4 or 8", 0 },
	{ "uvmm-expect-embedded-nul", 64, s_embedded_nul, NULL, "uvmm EXPECT text has an embedded NUL at byte 18", 0 },
	{ "uvmm-options-embedded-nul", 32, s_options_nul, NULL, "uvmm OPTIONS text has an embedded NUL at byte 6", 0 },
	{ "uvmm-unknown-note-type", 64, s_unknown_uvmm, NULL, "unknown uvmm note type 0x55450009", 0 },
	{ "uvmm-expect-too-long", 64, s_text_too_long, NULL, "uvmm EXPECT notes exceed 65536 bytes of text in total", 0 },
};

#define BAD_CASE_COUNT (sizeof(bad_cases) / sizeof(bad_cases[0]))

/* Builds case c into img (the caller frees it with eb_free). Returns 0 or -1. */
static inline int bad_case_build(const struct bad_case *c, struct eb_image *img)
{
	struct eb_spec s;

	eb_default(&s, c->cls);
	if (c->spec)
		c->spec(&s);
	if (eb_build(&s, img))
		return -1;
	if (c->patch)
		c->patch(img);
	return 0;
}

#endif
