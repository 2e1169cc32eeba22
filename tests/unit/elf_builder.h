/* Test helper: builds valid ELF32/ELF64 x86 executables in memory (segments,
 * notes) and patches single header fields so a test can break one thing. */
#ifndef UVMM_TEST_ELF_BUILDER_H
#define UVMM_TEST_ELF_BUILDER_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Written from the ELF specification, independently of vmm/elf_load.c, so the
 * loader is checked against a second reading of the format. */
#define EB_PT_LOAD 1u
#define EB_PT_NOTE 4u
#define EB_PT_GNU_STACK 0x6474e551u
#define EB_PF_X 1u
#define EB_PF_W 2u
#define EB_PF_R 4u

#define EB_MAX_SEGS 8
#define EB_MAX_NOTES 8

struct eb_seg {
	uint32_t type, flags;
	uint64_t paddr, vaddr;
	uint64_t filesz, memsz;
	const void *data;  /* filesz bytes; NULL: every byte is `fill` */
	uint8_t fill;
};

struct eb_note {
	const char *name;  /* written with its NUL; NULL: namesz 0 */
	uint32_t type;
	const void *desc;
	uint32_t descsz;
};

struct eb_spec {
	int cls;           /* 32 or 64 */
	uint64_t entry;
	unsigned nseg;
	struct eb_seg seg[EB_MAX_SEGS];
	unsigned nnote;    /* all notes go into one PT_NOTE, the last header */
	struct eb_note note[EB_MAX_NOTES];
	unsigned note_align; /* 4 or 8; 0 means 4 */
};

struct eb_image {
	uint8_t *buf;
	size_t len;
	int cls;
	size_t phoff;
	unsigned phnum;
	unsigned note_phdr;              /* index of the PT_NOTE header */
	size_t seg_off[EB_MAX_SEGS];     /* file offset of each segment's bytes */
	size_t note_off[EB_MAX_NOTES];   /* file offset of each note header */
	size_t notes_size;
};

enum eb_field {
	EB_E_TYPE, EB_E_MACHINE, EB_E_VERSION, EB_E_ENTRY, EB_E_PHOFF, EB_E_EHSIZE,
	EB_E_PHENTSIZE, EB_E_PHNUM,
	EB_P_TYPE, EB_P_FLAGS, EB_P_OFFSET, EB_P_VADDR, EB_P_PADDR, EB_P_FILESZ, EB_P_MEMSZ,
	EB_P_ALIGN,
	EB_NFIELDS
};

struct eb_loc {
	uint8_t off, size;
};

static inline struct eb_loc eb_field_loc(int cls, enum eb_field f)
{
	static const struct eb_loc loc32[EB_NFIELDS] = {
		[EB_E_TYPE] = { 16, 2 }, [EB_E_MACHINE] = { 18, 2 }, [EB_E_VERSION] = { 20, 4 },
		[EB_E_ENTRY] = { 24, 4 }, [EB_E_PHOFF] = { 28, 4 }, [EB_E_EHSIZE] = { 40, 2 },
		[EB_E_PHENTSIZE] = { 42, 2 }, [EB_E_PHNUM] = { 44, 2 },
		[EB_P_TYPE] = { 0, 4 }, [EB_P_OFFSET] = { 4, 4 }, [EB_P_VADDR] = { 8, 4 },
		[EB_P_PADDR] = { 12, 4 }, [EB_P_FILESZ] = { 16, 4 }, [EB_P_MEMSZ] = { 20, 4 },
		[EB_P_FLAGS] = { 24, 4 }, [EB_P_ALIGN] = { 28, 4 },
	};
	static const struct eb_loc loc64[EB_NFIELDS] = {
		[EB_E_TYPE] = { 16, 2 }, [EB_E_MACHINE] = { 18, 2 }, [EB_E_VERSION] = { 20, 4 },
		[EB_E_ENTRY] = { 24, 8 }, [EB_E_PHOFF] = { 32, 8 }, [EB_E_EHSIZE] = { 52, 2 },
		[EB_E_PHENTSIZE] = { 54, 2 }, [EB_E_PHNUM] = { 56, 2 },
		[EB_P_TYPE] = { 0, 4 }, [EB_P_FLAGS] = { 4, 4 }, [EB_P_OFFSET] = { 8, 8 },
		[EB_P_VADDR] = { 16, 8 }, [EB_P_PADDR] = { 24, 8 }, [EB_P_FILESZ] = { 32, 8 },
		[EB_P_MEMSZ] = { 40, 8 }, [EB_P_ALIGN] = { 48, 8 },
	};
	return cls == 32 ? loc32[f] : loc64[f];
}

static inline size_t eb_ehsize(int cls) { return cls == 32 ? 52 : 64; }
static inline size_t eb_phentsize(int cls) { return cls == 32 ? 32 : 56; }
static inline size_t eb_align_up(size_t n, size_t a) { return (n + a - 1) / a * a; }

static inline void eb_put(uint8_t *p, unsigned size, uint64_t v)
{
	for (unsigned i = 0; i < size; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Patches a header field; values wider than the field are truncated. */
static inline void eb_set_eh(struct eb_image *img, enum eb_field f, uint64_t v)
{
	struct eb_loc l = eb_field_loc(img->cls, f);

	eb_put(img->buf + l.off, l.size, v);
}

static inline void eb_set_ph(struct eb_image *img, unsigned i, enum eb_field f, uint64_t v)
{
	struct eb_loc l = eb_field_loc(img->cls, f);

	eb_put(img->buf + img->phoff + i * eb_phentsize(img->cls) + l.off, l.size, v);
}

/* A typical guest: code [0x100000, 0x100200) R+X, data [0x102000, 0x103000)
 * R+W with 0x80 bytes in the file and the rest bss; entry at the code. */
static inline void eb_default(struct eb_spec *s, int cls)
{
	memset(s, 0, sizeof(*s));
	s->cls = cls;
	s->entry = 0x100000;
	s->nseg = 2;
	s->seg[0] = (struct eb_seg){ .type = EB_PT_LOAD, .flags = EB_PF_R | EB_PF_X,
				     .paddr = 0x100000, .vaddr = 0x100000,
				     .filesz = 0x200, .memsz = 0x200, .fill = 0x90 };
	s->seg[1] = (struct eb_seg){ .type = EB_PT_LOAD, .flags = EB_PF_R | EB_PF_W,
				     .paddr = 0x102000, .vaddr = 0x102000,
				     .filesz = 0x80, .memsz = 0x1000, .fill = 0xd5 };
}

static inline int eb_add_note(struct eb_spec *s, const char *name, uint32_t type,
			      const void *desc, uint32_t descsz)
{
	if (s->nnote >= EB_MAX_NOTES)
		return -1;
	s->note[s->nnote++] = (struct eb_note){ name, type, desc, descsz };
	return 0;
}

/* Lays out: ELF header, program headers, notes, then segment bytes (each
 * 16-aligned). Returns 0, or -1 when out of memory. */
static inline int eb_build(const struct eb_spec *s, struct eb_image *img)
{
	size_t align = s->note_align ? s->note_align : 4;
	size_t ehsize = eb_ehsize(s->cls), phent = eb_phentsize(s->cls);
	size_t pos, notes_at;
	unsigned phnum = s->nseg + (s->nnote > 0);

	memset(img, 0, sizeof(*img));
	img->cls = s->cls;
	img->phoff = ehsize;
	img->phnum = phnum;
	img->note_phdr = s->nseg;
	pos = notes_at = eb_align_up(ehsize + phnum * phent, 8);
	for (unsigned i = 0; i < s->nnote; i++) {
		size_t namesz = s->note[i].name ? strlen(s->note[i].name) + 1 : 0;

		img->note_off[i] = pos;
		pos += 12 + eb_align_up(namesz, align) + eb_align_up(s->note[i].descsz, align);
	}
	img->notes_size = pos - notes_at;
	for (unsigned i = 0; i < s->nseg; i++) {
		pos = eb_align_up(pos, 16);
		img->seg_off[i] = pos;
		pos += s->seg[i].filesz;
	}
	img->len = pos;
	img->buf = calloc(1, pos);
	if (!img->buf)
		return -1;

	img->buf[0] = 0x7f;
	memcpy(img->buf + 1, "ELF", 3);
	img->buf[4] = s->cls == 32 ? 1 : 2;  /* EI_CLASS */
	img->buf[5] = 1;                      /* EI_DATA: little-endian */
	img->buf[6] = 1;                      /* EI_VERSION */
	eb_set_eh(img, EB_E_TYPE, 2);         /* ET_EXEC */
	eb_set_eh(img, EB_E_MACHINE, s->cls == 32 ? 3 : 62);
	eb_set_eh(img, EB_E_VERSION, 1);
	eb_set_eh(img, EB_E_ENTRY, s->entry);
	eb_set_eh(img, EB_E_PHOFF, ehsize);
	eb_set_eh(img, EB_E_EHSIZE, ehsize);
	eb_set_eh(img, EB_E_PHENTSIZE, phent);
	eb_set_eh(img, EB_E_PHNUM, phnum);

	for (unsigned i = 0; i < s->nseg; i++) {
		const struct eb_seg *g = &s->seg[i];

		eb_set_ph(img, i, EB_P_TYPE, g->type);
		eb_set_ph(img, i, EB_P_FLAGS, g->flags);
		eb_set_ph(img, i, EB_P_OFFSET, img->seg_off[i]);
		eb_set_ph(img, i, EB_P_VADDR, g->vaddr);
		eb_set_ph(img, i, EB_P_PADDR, g->paddr);
		eb_set_ph(img, i, EB_P_FILESZ, g->filesz);
		eb_set_ph(img, i, EB_P_MEMSZ, g->memsz);
		eb_set_ph(img, i, EB_P_ALIGN, 16);
		if (g->data)
			memcpy(img->buf + img->seg_off[i], g->data, g->filesz);
		else
			memset(img->buf + img->seg_off[i], g->fill, g->filesz);
	}
	for (unsigned i = 0; i < s->nnote; i++) {
		const struct eb_note *n = &s->note[i];
		uint8_t *p = img->buf + img->note_off[i];
		size_t namesz = n->name ? strlen(n->name) + 1 : 0;

		eb_put(p, 4, namesz);
		eb_put(p + 4, 4, n->descsz);
		eb_put(p + 8, 4, n->type);
		if (namesz)
			memcpy(p + 12, n->name, namesz);
		if (n->descsz)
			memcpy(p + 12 + eb_align_up(namesz, align), n->desc, n->descsz);
	}
	if (s->nnote) {
		unsigned i = img->note_phdr;

		eb_set_ph(img, i, EB_P_TYPE, EB_PT_NOTE);
		eb_set_ph(img, i, EB_P_FLAGS, EB_PF_R);
		eb_set_ph(img, i, EB_P_OFFSET, notes_at);
		eb_set_ph(img, i, EB_P_FILESZ, img->notes_size);
		eb_set_ph(img, i, EB_P_ALIGN, align);
	}
	return 0;
}

static inline void eb_free(struct eb_image *img)
{
	free(img->buf);
	img->buf = NULL;
}

#endif
