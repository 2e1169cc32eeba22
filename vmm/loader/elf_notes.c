/* ELF note parsing: bounded walk over one PT_NOTE range, collecting the Xen
 * PVH entry and the uvmm EXPECT/OPTIONS text notes. */
#include "loader/elf_notes.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/errmsg.h"
#include "uvmm/abi.h"

#define NOTE_HDR_SIZE 12u

enum note_kind { NOTE_PVH, NOTE_EXPECT, NOTE_OPTIONS, NOTE_EXPECT_END };

struct known_note {
	const char *name;
	uint32_t type;
	const char *label;
	enum note_kind kind;
};

static const struct known_note known_notes[] = {
	{ "Xen", XEN_ELFNOTE_PHYS32_ENTRY, "Xen PHYS32_ENTRY", NOTE_PVH },
	{ UVMM_NOTE_NAME, UVMM_NOTE_EXPECT, "uvmm EXPECT", NOTE_EXPECT },
	{ UVMM_NOTE_NAME, UVMM_NOTE_OPTIONS, "uvmm OPTIONS", NOTE_OPTIONS },
	{ UVMM_NOTE_NAME, UVMM_NOTE_EXPECT_END, "uvmm EXPECT_END", NOTE_EXPECT_END },
};

/* Where a note sits, for messages: the reader should be able to find it with
 * `readelf -n` / `readelf -l`. */
struct note_pos {
	unsigned phdr;
	unsigned index;
	uint64_t file_off; /* of the segment */
	size_t offset;     /* within the segment */
};

__attribute__((format(printf, 4, 5)))
static int note_fail(char *err, size_t errlen, const struct note_pos *at, const char *fmt, ...)
{
	char what[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return errmsg(err, errlen, "program header %u, note %u (file offset 0x%" PRIx64 "): %s",
		      at->phdr, at->index, at->file_off + at->offset, what);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const uint8_t *p)
{
	return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static int name_is(const uint8_t *name, uint32_t namesz, const char *want)
{
	size_t n = strlen(want) + 1;

	return namesz == n && memcmp(name, want, n) == 0;
}

static int pvh_note(const uint8_t *desc, uint32_t descsz, const struct note_pos *at,
		    struct elf_notes *out, char *err, size_t errlen)
{
	uint64_t entry;

	/* QEMU reads 8 bytes on ELF64, so guests pad the 32-bit address. */
	if (descsz != 4 && descsz != 8)
		return note_fail(err, errlen, at,
				 "Xen PHYS32_ENTRY descriptor is %" PRIu32 " bytes (expected 4 or 8)",
				 descsz);
	entry = descsz == 4 ? rd32(desc) : rd64(desc);
	if (entry > UINT32_MAX)
		return note_fail(err, errlen, at,
				 "Xen PHYS32_ENTRY entry 0x%" PRIx64 " is above 4 GiB", entry);
	if (out->has_pvh)
		return note_fail(err, errlen, at, "duplicate Xen PHYS32_ENTRY note");
	out->has_pvh = 1;
	out->pvh_entry = entry;
	return 0;
}

/* Text notes concatenate; a separator keeps the last line of one note from
 * running into the first of the next (expectations are line-based, options
 * blank-separated). */
static int text_note(const uint8_t *desc, uint32_t descsz, const struct known_note *k,
		     const struct note_pos *at, struct note_text *t, char *err, size_t errlen)
{
	size_t n = descsz;
	const uint8_t *nul;
	char sep = k->kind == NOTE_OPTIONS ? ' ' : '\n';
	size_t add;
	char *grown;

	/* C string literals (and padding to the note alignment) end in NULs. */
	while (n > 0 && desc[n - 1] == '\0')
		n--;
	nul = memchr(desc, '\0', n);
	if (nul)
		return note_fail(err, errlen, at, "%s text has an embedded NUL at byte %zu",
				 k->label, (size_t)(nul - desc));
	if (n == 0)
		return 0;
	add = n + (t->len > 0 && t->text[t->len - 1] != sep && t->text[t->len - 1] != '\n');
	if (add > IMAGE_MAX_NOTE_TEXT - t->len)
		return note_fail(err, errlen, at, "%s notes exceed %u bytes of text in total",
				 k->label, IMAGE_MAX_NOTE_TEXT);
	grown = realloc(t->text, t->len + add + 1);
	if (!grown)
		return note_fail(err, errlen, at, "out of memory for %s text", k->label);
	t->text = grown;
	if (add > n)
		t->text[t->len++] = sep;
	memcpy(t->text + t->len, desc, n);
	t->len += n;
	t->text[t->len] = '\0';
	return 0;
}

static int use_note(const uint8_t *name, uint32_t namesz, uint32_t type, const uint8_t *desc,
		    uint32_t descsz, const struct note_pos *at, struct elf_notes *out,
		    char *err, size_t errlen)
{
	const struct known_note *k = NULL;

	for (size_t i = 0; i < sizeof(known_notes) / sizeof(known_notes[0]); i++)
		if (known_notes[i].type == type && name_is(name, namesz, known_notes[i].name))
			k = &known_notes[i];
	if (!k) {
		/* Our own namespace: an unknown type is a typo or a newer ABI. */
		if (name_is(name, namesz, UVMM_NOTE_NAME))
			return note_fail(err, errlen, at, "unknown uvmm note type 0x%" PRIx32, type);
		return 0; /* GNU build-id, properties, ...: not ours */
	}
	switch (k->kind) {
	case NOTE_PVH:
		return pvh_note(desc, descsz, at, out, err, errlen);
	case NOTE_EXPECT:
		return text_note(desc, descsz, k, at, &out->expect, err, errlen);
	case NOTE_OPTIONS:
		return text_note(desc, descsz, k, at, &out->options, err, errlen);
	case NOTE_EXPECT_END:
		/* The test's own (linked first) overrides the runtime's default. */
		if (out->has_expect_end)
			return 0;
		out->has_expect_end = 1;
		return text_note(desc, descsz, k, at, &out->expect_end, err, errlen);
	}
	return 0;
}

static size_t pad_to(size_t n, unsigned align)
{
	return (align - n % align) % align;
}

int elf_notes_parse(const uint8_t *seg, size_t len, unsigned align, unsigned phdr_index,
		    uint64_t file_off, struct elf_notes *out, char *err, size_t errlen)
{
	struct note_pos at = { .phdr = phdr_index, .file_off = file_off };
	size_t pos = 0;

	while (pos < len) {
		size_t left = len - pos, name_off, desc_off;
		uint32_t namesz, descsz, type;

		at.offset = pos;
		if (left < NOTE_HDR_SIZE)
			return note_fail(err, errlen, &at,
					 "note header truncated (%zu bytes left, needs %u)",
					 left, NOTE_HDR_SIZE);
		namesz = rd32(seg + pos);
		descsz = rd32(seg + pos + 4);
		type = rd32(seg + pos + 8);
		name_off = pos + NOTE_HDR_SIZE;
		if (namesz > len - name_off)
			return note_fail(err, errlen, &at,
					 "namesz %" PRIu32 " runs past the end of the segment (%zu bytes left)",
					 namesz, len - name_off);
		if (namesz > 0 && seg[name_off + namesz - 1] != '\0')
			return note_fail(err, errlen, &at, "name is not NUL-terminated");
		/* name_off + namesz <= len, and the padding adds less than align. */
		desc_off = name_off + namesz + pad_to(namesz, align);
		if (descsz > 0 && (desc_off > len || descsz > len - desc_off))
			return note_fail(err, errlen, &at,
					 "descsz %" PRIu32 " runs past the end of the segment (%zu bytes left)",
					 descsz, desc_off > len ? 0 : len - desc_off);
		if (use_note(seg + name_off, namesz, type, seg + (desc_off > len ? len : desc_off),
			     descsz, &at, out, err, errlen))
			return -1;
		/* The final padding may be left out of the segment; stop there. */
		pos = descsz == 0 ? desc_off : desc_off + descsz + pad_to(descsz, align);
		if (pos > len)
			pos = len;
		at.index++;
	}
	return 0;
}

void elf_notes_free(struct elf_notes *n)
{
	free(n->expect.text);
	free(n->options.text);
	free(n->expect_end.text);
	memset(n, 0, sizeof(*n));
}
