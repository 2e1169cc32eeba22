/* Section header fields at their ELF32/ELF64 offsets; all lengths are
 * checked against the file with subtraction so that nothing wraps. */
#include "loader/elf_sections.h"

#include <string.h>

#include "loader/reader.h"
#include "util/errmsg.h"

static uint64_t field(const uint8_t *p, unsigned n)
{
	struct reader r = reader_at(p, n);

	return reader_uint(&r, n);
}

static int inside(size_t len, uint64_t off, uint64_t size)
{
	return off <= len && size <= len - off;
}

int elf_sections_open(struct elf_sections *es, const uint8_t *img, size_t len, char *err,
		      size_t errlen)
{
	memset(es, 0, sizeof(*es));
	if (len < 52 || memcmp(img, "\x7f" "ELF", 4) != 0)
		return errmsg(err, errlen, "not an ELF file");
	if (img[5] != 1)
		return errmsg(err, errlen, "not little-endian");
	if (img[4] != 1 && img[4] != 2)
		return errmsg(err, errlen, "unknown ELF class %u", img[4]);
	es->img = img;
	es->len = len;
	es->is64 = img[4] == 2;
	if (es->is64 && len < 64)
		return errmsg(err, errlen, "truncated ELF64 header");
	es->shoff = es->is64 ? field(img + 40, 8) : field(img + 32, 4);
	es->shentsize = (unsigned)field(img + (es->is64 ? 58 : 46), 2);
	es->shnum = (unsigned)field(img + (es->is64 ? 60 : 48), 2);
	es->shstrndx = (unsigned)field(img + (es->is64 ? 62 : 50), 2);
	if (!es->shoff || !es->shnum) {
		es->shnum = 0;
		return 0;
	}
	if (es->shentsize < (es->is64 ? 64u : 40u))
		return errmsg(err, errlen, "section header size %u is too small", es->shentsize);
	if (!inside(len, es->shoff, (uint64_t)es->shnum * es->shentsize))
		return errmsg(err, errlen, "section headers (%u at 0x%llx) are outside the file",
			      es->shnum, (unsigned long long)es->shoff);
	return 0;
}

static int get_raw(const struct elf_sections *es, unsigned i, struct elf_section *out)
{
	const uint8_t *h;
	uint64_t off;

	if (i >= es->shnum)
		return -1;
	h = es->img + es->shoff + (uint64_t)i * es->shentsize;
	memset(out, 0, sizeof(*out));
	out->type = (uint32_t)field(h + 4, 4);
	if (es->is64) {
		out->flags = field(h + 8, 8);
		out->addr = field(h + 16, 8);
		off = field(h + 24, 8);
		out->size = field(h + 32, 8);
		out->link = (uint32_t)field(h + 40, 4);
		out->entsize = field(h + 56, 8);
	} else {
		out->flags = field(h + 8, 4);
		out->addr = field(h + 12, 4);
		off = field(h + 16, 4);
		out->size = field(h + 20, 4);
		out->link = (uint32_t)field(h + 24, 4);
		out->entsize = field(h + 36, 4);
	}
	out->name = "";
	if (out->type == SHT_NOBITS)
		return 0;
	if (!inside(es->len, off, out->size))
		return -1;
	out->data = es->img + off;
	return 0;
}

static const char *section_name(const struct elf_sections *es, uint32_t off)
{
	struct elf_section str;
	const char *s;

	if (es->shstrndx >= es->shnum || get_raw(es, es->shstrndx, &str) < 0 ||
	    str.type == SHT_NOBITS || off >= str.size)
		return "";
	s = (const char *)str.data + off;
	return memchr(s, 0, (size_t)(str.size - off)) ? s : "";
}

int elf_section_get(const struct elf_sections *es, unsigned i, struct elf_section *out)
{
	if (get_raw(es, i, out) < 0)
		return -1;
	out->name = section_name(es, (uint32_t)field(es->img + es->shoff + (uint64_t)i * es->shentsize, 4));
	return 0;
}

int elf_section_find(const struct elf_sections *es, const char *name, struct elf_section *out)
{
	for (unsigned i = 0; i < es->shnum; i++)
		if (elf_section_get(es, i, out) == 0 && !strcmp(out->name, name))
			return 0;
	return -1;
}
