/* A table walk per mode, written from the SDM's formats: each level is an
 * index, an entry read from guest RAM, a present bit, and either a next
 * table or (PS) a large page. Entries are masked to bits 51:12 (PAE and
 * long mode) so reserved high bits never reach a host address. */
#include "machine/gva.h"

#include <string.h>

#include "util/errmsg.h"

#define CR0_PG (1ull << 31)
#define CR4_PSE (1ull << 4)
#define CR4_PAE (1ull << 5)
#define CR4_LA57 (1ull << 12)
#define EFER_LMA (1ull << 10)

#define PTE_P 0x1ull
#define PTE_W 0x2ull
#define PTE_U 0x4ull
#define PTE_PS 0x80ull
#define PTE_NX (1ull << 63)
#define ADDR_MASK 0x000ffffffffff000ull

static const char *const mode_names[GVA_MODE_COUNT] = {
	[GVA_NONE] = "no paging", [GVA_32] = "32-bit paging", [GVA_PAE] = "PAE paging",
	[GVA_4LEVEL] = "4-level paging", [GVA_5LEVEL] = "5-level paging",
};

enum gva_mode gva_mode_of(uint64_t cr0, uint64_t cr4, uint64_t efer)
{
	if (!(cr0 & CR0_PG))
		return GVA_NONE;
	if (efer & EFER_LMA)
		return cr4 & CR4_LA57 ? GVA_5LEVEL : GVA_4LEVEL;
	return cr4 & CR4_PAE ? GVA_PAE : GVA_32;
}

const char *gva_mode_name(enum gva_mode m)
{
	return m < GVA_MODE_COUNT ? mode_names[m] : "?";
}

static const char *const level_names[] = { "PTE", "PDE", "PDPTE", "PML4E", "PML5E" };

struct walk {
	const struct guest_mem *m;
	struct gva_map *out;
	char *err;
	size_t errlen;
};

static int read_entry(struct walk *w, uint64_t table, unsigned index, unsigned size,
		      unsigned level, uint64_t *e)
{
	uint64_t gpa = table + (uint64_t)index * size;
	uint32_t e32;

	*e = 0;
	if (size == 4 ? guest_read(w->m, gpa, &e32, 4) : guest_read(w->m, gpa, e, 8))
		return errmsg(w->err, w->errlen, "%s at 0x%llx is outside guest RAM",
			      level_names[level], (unsigned long long)gpa);
	if (size == 4)
		*e = e32;
	if (!(*e & PTE_P))
		return errmsg(w->err, w->errlen, "not present (%s 0x%llx at 0x%llx)",
			      level_names[level], (unsigned long long)*e, (unsigned long long)gpa);
	return 0;
}

static void leaf(struct walk *w, uint64_t base, uint64_t page, uint64_t gva)
{
	w->out->gpa = base + (gva & (page - 1));
	w->out->page_size = page;
}

static void perms(struct walk *w, uint64_t e)
{
	w->out->writable &= (e & PTE_W) != 0;
	w->out->user &= (e & PTE_U) != 0;
	w->out->nx |= (e & PTE_NX) != 0;
}

static int walk_32(struct walk *w, const struct gva_ctx *c, uint64_t gva)
{
	uint64_t pde, pte;

	if (gva > 0xffffffffull)
		return errmsg(w->err, w->errlen, "0x%llx is beyond 32-bit paging's 4 GiB",
			      (unsigned long long)gva);
	if (read_entry(w, c->cr3 & 0xfffff000ull, (unsigned)(gva >> 22), 4, 1, &pde))
		return -1;
	perms(w, pde);
	if ((pde & PTE_PS) && c->pse) {
		/* PSE-36: bits 20:13 of the entry are physical bits 39:32. */
		leaf(w, (pde & 0xffc00000ull) | ((pde >> 13) & 0xffull) << 32, 4ull << 20, gva);
		return 0;
	}
	if (read_entry(w, pde & 0xfffff000ull, (unsigned)(gva >> 12) & 0x3ff, 4, 0, &pte))
		return -1;
	perms(w, pte);
	leaf(w, pte & 0xfffff000ull, 4096, gva);
	return 0;
}

static int walk_pae(struct walk *w, const struct gva_ctx *c, uint64_t gva)
{
	uint64_t e;

	if (gva > 0xffffffffull)
		return errmsg(w->err, w->errlen, "0x%llx is beyond PAE paging's 4 GiB",
			      (unsigned long long)gva);
	/* The 4 PDPTEs carry no R/W, U/S or NX bits. */
	if (read_entry(w, c->cr3 & 0xffffffe0ull, (unsigned)(gva >> 30), 8, 2, &e))
		return -1;
	if (read_entry(w, e & ADDR_MASK, (unsigned)(gva >> 21) & 0x1ff, 8, 1, &e))
		return -1;
	perms(w, e);
	if (e & PTE_PS) {
		leaf(w, e & ADDR_MASK & ~0x1fffffull, 2ull << 20, gva);
		return 0;
	}
	if (read_entry(w, e & ADDR_MASK, (unsigned)(gva >> 12) & 0x1ff, 8, 0, &e))
		return -1;
	perms(w, e);
	leaf(w, e & ADDR_MASK, 4096, gva);
	return 0;
}

static int walk_long(struct walk *w, const struct gva_ctx *c, uint64_t gva)
{
	unsigned levels = c->mode == GVA_5LEVEL ? 5 : 4;
	unsigned va_bits = 12 + 9 * levels;
	uint64_t top = gva >> (va_bits - 1);
	uint64_t table = c->cr3 & ADDR_MASK, e = 0;

	/* Canonical: bits 63..va_bits-1 all equal. */
	if (top != 0 && top != (UINT64_MAX >> (va_bits - 1)))
		return errmsg(w->err, w->errlen, "0x%llx is not canonical", (unsigned long long)gva);
	for (unsigned level = levels - 1;; level--) {
		unsigned shift = 12 + 9 * level;

		if (read_entry(w, table, (unsigned)(gva >> shift) & 0x1ff, 8, level, &e))
			return -1;
		perms(w, e);
		/* PS is a large page at the PDE (2 MiB) and PDPTE (1 GiB) only. */
		if (level == 0 || ((level == 1 || level == 2) && (e & PTE_PS))) {
			uint64_t page = 1ull << shift;

			leaf(w, e & ADDR_MASK & ~(page - 1), page, gva);
			return 0;
		}
		table = e & ADDR_MASK;
	}
}

int gva_translate(const struct guest_mem *m, const struct gva_ctx *c, uint64_t gva,
		  struct gva_map *out, char *err, size_t errlen)
{
	struct walk w = { m, out, err, errlen };

	memset(out, 0, sizeof(*out));
	out->writable = out->user = 1;
	switch (c->mode) {
	case GVA_NONE:
		if (gva > 0xffffffffull)
			return errmsg(err, errlen, "0x%llx is beyond 4 GiB without paging",
				      (unsigned long long)gva);
		out->gpa = gva;
		out->page_size = 1;
		return 0;
	case GVA_32:
		return walk_32(&w, c, gva);
	case GVA_PAE:
		return walk_pae(&w, c, gva);
	case GVA_4LEVEL:
	case GVA_5LEVEL:
		return walk_long(&w, c, gva);
	default:
		return errmsg(err, errlen, "unknown paging mode %d", (int)c->mode);
	}
}

/* Bytes from gva to the end of its page (or to len). */
static size_t chunk(const struct gva_map *map, uint64_t gva, size_t len)
{
	uint64_t page = map->page_size > 1 ? map->page_size : 4096;
	uint64_t left = page - (gva & (page - 1));

	return left < len ? (size_t)left : len;
}

/* What of n bytes at map->gpa is guest RAM: a read may end at its top. */
static size_t in_ram(const struct guest_mem *m, const struct gva_map *map, size_t n)
{
	if (map->gpa >= m->size)
		return 0;
	return n > m->size - map->gpa ? (size_t)(m->size - map->gpa) : n;
}

size_t gva_read(const struct guest_mem *m, const struct gva_ctx *c, uint64_t gva, void *dst,
		size_t len)
{
	size_t done = 0;
	char err[128];

	while (done < len) {
		struct gva_map map;
		size_t n;

		if (gva_translate(m, c, gva + done, &map, err, sizeof(err)) < 0)
			break;
		n = in_ram(m, &map, chunk(&map, gva + done, len - done));
		if (!n || guest_read(m, map.gpa, (uint8_t *)dst + done, n) < 0)
			break;
		done += n;
		if (gva + done < gva)
			break; /* wrapped past the top of the address space */
	}
	return done;
}

size_t gva_write(const struct guest_mem *m, const struct gva_ctx *c, uint64_t gva,
		 const void *src, size_t len)
{
	size_t done = 0;
	char err[128];

	while (done < len) {
		struct gva_map map;
		size_t n;

		if (gva_translate(m, c, gva + done, &map, err, sizeof(err)) < 0)
			break;
		n = in_ram(m, &map, chunk(&map, gva + done, len - done));
		if (!n || guest_write(m, map.gpa, (const uint8_t *)src + done, n) < 0)
			break;
		done += n;
		if (gva + done < gva)
			break;
	}
	return done;
}
