/* Function symbols sorted by address, searched by bisection; DWARF ranges
 * from dwarf_line.c. Names are validated to end inside their string table. */
#include "loader/symbols.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader/dwarf_line.h"
#include "loader/elf_sections.h"
#include "loader/reader.h"
#include "util/sort.h"
#include "util/errmsg.h"

#define STT_NOTYPE 0
#define STT_OBJECT 1
#define STT_FUNC 2
#define SHN_UNDEF 0
#define SHN_LORESERVE 0xff00
#define MAX_SYMBOLS (1u << 20)

struct sym {
	uint64_t addr, size;
	const char *name;
	int func;
};

struct symbols {
	struct sym *syms;
	size_t nsyms;
	struct dwarf_lines lines;
};

static int by_addr(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	/* At one address a sized function wins over a bare label. */
	return y->func - x->func;
}

static const char *str_in(const struct elf_section *str, uint64_t off)
{
	const char *s;

	if (!str->data || off >= str->size)
		return NULL;
	s = (const char *)str->data + off;
	return memchr(s, 0, (size_t)(str->size - off)) ? s : NULL;
}

/* Code labels worth naming an address by: functions, and untyped labels
 * (nasm's) in executable sections; no section, file or local .L symbols. */
static int wanted(const struct elf_sections *es, unsigned type, unsigned shndx, const char *name)
{
	struct elf_section sec;

	if (!name || !*name || !strncmp(name, ".L", 2))
		return 0;
	if (shndx == SHN_UNDEF || shndx >= SHN_LORESERVE)
		return 0;
	if (type == STT_FUNC)
		return 1;
	return type == STT_NOTYPE && elf_section_get(es, shndx, &sec) == 0 &&
	       (sec.flags & SHF_EXECINSTR);
}

static int load_syms(struct symbols *s, const struct elf_sections *es)
{
	struct elf_section tab, str;
	unsigned entsize = es->is64 ? 24 : 16;
	size_t n, cap = 0;

	for (unsigned i = 0;; i++) {
		if (i >= es->shnum)
			return 0; /* no symbol table: addresses stay numbers */
		if (elf_section_get(es, i, &tab) == 0 && tab.type == SHT_SYMTAB && tab.data)
			break;
	}
	if (elf_section_get(es, tab.link, &str) < 0 || str.type != SHT_STRTAB)
		return 0;
	n = (size_t)(tab.size / entsize);
	for (size_t i = 1; i < n && s->nsyms < MAX_SYMBOLS; i++) {
		struct reader r = reader_at(tab.data + i * entsize, entsize);
		uint64_t name_off = reader_uint(&r, 4), value, size;
		unsigned info, shndx;
		const char *name;

		if (es->is64) {
			info = (unsigned)reader_uint(&r, 1);
			reader_uint(&r, 1);
			shndx = (unsigned)reader_uint(&r, 2);
			value = reader_uint(&r, 8);
			size = reader_uint(&r, 8);
		} else {
			value = reader_uint(&r, 4);
			size = reader_uint(&r, 4);
			info = (unsigned)reader_uint(&r, 1);
			reader_uint(&r, 1);
			shndx = (unsigned)reader_uint(&r, 2);
		}
		name = str_in(&str, name_off);
		if (!wanted(es, info & 0xf, shndx, name))
			continue;
		if (s->nsyms == cap) {
			struct sym *p = realloc(s->syms, (cap ? cap * 2 : 64) * sizeof(*p));

			if (!p)
				return -1;
			s->syms = p;
			cap = cap ? cap * 2 : 64;
		}
		s->syms[s->nsyms++] = (struct sym){ value, size, name, (info & 0xf) == STT_FUNC };
	}
	if (s->nsyms)
		heap_sort(s->syms, s->nsyms, sizeof(*s->syms), by_addr);
	return 0;
}

static int load_lines(struct symbols *s, const struct elf_sections *es)
{
	struct elf_section line, str, line_str;
	struct dwarf_strings strs = { 0 };

	if (elf_section_find(es, ".debug_line", &line) < 0 || !line.data)
		return 0;
	if (elf_section_find(es, ".debug_str", &str) == 0 && str.data)
		strs.str = str.data, strs.str_len = (size_t)str.size;
	if (elf_section_find(es, ".debug_line_str", &line_str) == 0 && line_str.data)
		strs.line_str = line_str.data, strs.line_str_len = (size_t)line_str.size;
	return dwarf_lines_load(&s->lines, line.data, (size_t)line.size, &strs);
}

struct symbols *symbols_load(const uint8_t *img, size_t len, char *err, size_t errlen)
{
	struct elf_sections es;
	struct symbols *s;

	if (elf_sections_open(&es, img, len, err, errlen) < 0)
		return NULL;
	s = calloc(1, sizeof(*s));
	if (!s || load_syms(s, &es) < 0 || load_lines(s, &es) < 0) {
		symbols_free(s);
		errmsg(err, errlen, "out of memory reading the symbol table");
		return NULL;
	}
	return s;
}

void symbols_free(struct symbols *s)
{
	if (!s)
		return;
	free(s->syms);
	dwarf_lines_free(&s->lines);
	free(s);
}

const char *symbols_function(const struct symbols *s, uint64_t addr, uint64_t *offset)
{
	size_t lo = 0, hi;
	const struct sym *best;

	if (!s || !s->nsyms)
		return NULL;
	hi = s->nsyms;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->syms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	/* The first entry at the closest address (a function, when there is one). */
	best = &s->syms[lo - 1];
	while (best > s->syms && best[-1].addr == best->addr)
		best--;
	/* A sized function that ends before addr does not contain it. */
	if (best->size && addr - best->addr >= best->size)
		return NULL;
	*offset = addr - best->addr;
	return best->name;
}

size_t symbols_describe(const struct symbols *s, uint64_t addr, char *buf, size_t size)
{
	const struct dwarf_range *r = s ? dwarf_lines_find(&s->lines, addr) : NULL;
	uint64_t off = 0;
	const char *fn = symbols_function(s, addr, &off);
	char where[160] = "";
	int n;

	if (r) {
		const struct dwarf_file *f = r->file < s->lines.nfiles ? &s->lines.files[r->file] : NULL;

		snprintf(where, sizeof(where), " (%s%s%s:%u)", f && f->dir ? f->dir : "",
			 f && f->dir ? "/" : "", f ? f->name : "?", r->line);
	}
	if (fn)
		n = snprintf(buf, size, "%s+0x%llx%s", fn, (unsigned long long)off, where);
	else
		n = snprintf(buf, size, "0x%llx%s", (unsigned long long)addr, where);
	return n < 0 ? 0 : (size_t)n;
}

int symbols_address(const struct symbols *s, const char *name, uint64_t *addr)
{
	for (size_t i = 0; s && i < s->nsyms; i++)
		if (!strcmp(s->syms[i].name, name)) {
			*addr = s->syms[i].addr;
			return 0;
		}
	return -1;
}

size_t symbols_count(const struct symbols *s)
{
	return s ? s->nsyms : 0;
}

size_t symbols_line_count(const struct symbols *s)
{
	return s ? s->lines.nranges : 0;
}
