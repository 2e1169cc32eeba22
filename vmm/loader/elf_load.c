/* Guest image loader: validates an ELF32/ELF64 executable completely, then
 * copies its PT_LOAD segments into guest RAM; also flat binaries. */
#include "loader/elf_load.h"
#include "loader/multiboot.h"
#include "util/errmsg.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader/elf_notes.h"

#define EI_NIDENT 16u
#define ELFCLASS32 1u
#define ELFCLASS64 2u
#define ELFDATA2LSB 1u
#define EV_CURRENT 1u
#define ET_EXEC 2u
#define EM_386 3u
#define EM_X86_64 62u
#define PT_LOAD 1u
#define PT_NOTE 4u
#define PF_X 1u
#define PF_W 2u

#define MAX_PHNUM 64u

struct field {
	uint8_t off, size;
};

/* Where each header field lives: ELF32 and ELF64 differ only in this table. */
struct elf_layout {
	int cls;
	const char *name;
	uint16_t machine;
	const char *machine_name;
	uint16_t ehsize, phentsize;
	uint64_t addr_limit; /* highest end address + 1 of the class's address space */
	struct field e_type, e_machine, e_version, e_entry, e_phoff, e_ehsize, e_phentsize, e_phnum;
	struct field p_type, p_flags, p_offset, p_paddr, p_filesz, p_memsz, p_align;
};

static const struct elf_layout layouts[] = {
	{
		.cls = 32, .name = "ELF32", .machine = EM_386, .machine_name = "i386",
		.ehsize = 52, .phentsize = 32, .addr_limit = 1ull << 32,
		.e_type = { 16, 2 }, .e_machine = { 18, 2 }, .e_version = { 20, 4 },
		.e_entry = { 24, 4 }, .e_phoff = { 28, 4 }, .e_ehsize = { 40, 2 },
		.e_phentsize = { 42, 2 }, .e_phnum = { 44, 2 },
		.p_type = { 0, 4 }, .p_offset = { 4, 4 }, .p_paddr = { 12, 4 },
		.p_filesz = { 16, 4 }, .p_memsz = { 20, 4 }, .p_flags = { 24, 4 },
		.p_align = { 28, 4 },
	},
	{
		.cls = 64, .name = "ELF64", .machine = EM_X86_64, .machine_name = "x86-64",
		.ehsize = 64, .phentsize = 56, .addr_limit = 0, /* 0: all of 2^64 */
		.e_type = { 16, 2 }, .e_machine = { 18, 2 }, .e_version = { 20, 4 },
		.e_entry = { 24, 8 }, .e_phoff = { 32, 8 }, .e_ehsize = { 52, 2 },
		.e_phentsize = { 54, 2 }, .e_phnum = { 56, 2 },
		.p_type = { 0, 4 }, .p_flags = { 4, 4 }, .p_offset = { 8, 8 },
		.p_paddr = { 24, 8 }, .p_filesz = { 32, 8 }, .p_memsz = { 40, 8 },
		.p_align = { 48, 8 },
	},
};

static const char *const e_type_names[] = { "ET_NONE", "ET_REL", "ET_EXEC", "ET_DYN", "ET_CORE" };

struct phdr {
	uint32_t type, flags;
	uint64_t offset, paddr, filesz, memsz, align;
};

struct elf_file {
	const struct elf_layout *lay;
	uint64_t entry, phoff;
	unsigned phnum;
	struct phdr ph[MAX_PHNUM];
};

static uint64_t rd(const uint8_t *base, struct field f)
{
	uint64_t v = 0;

	for (unsigned i = f.size; i-- > 0;)
		v = v << 8 | base[f.off + i];
	return v;
}

/* "16 MiB" rather than 0x1000000: the user set the size with --mem. */
static void fmt_size(uint64_t n, char *out, size_t outlen)
{
	if (n && n % (1ull << 20) == 0)
		snprintf(out, outlen, "%" PRIu64 " MiB", n >> 20);
	else if (n && n % 1024 == 0)
		snprintf(out, outlen, "%" PRIu64 " KiB", n >> 10);
	else
		snprintf(out, outlen, "%" PRIu64 " bytes", n);
}

static int check_ident(const uint8_t *buf, size_t len, const struct elf_layout **lay,
		       char *err, size_t errlen)
{
	static const uint8_t magic[4] = { 0x7f, 'E', 'L', 'F' };
	size_t n = len < 4 ? len : 4;

	if (len == 0)
		return errmsg(err, errlen, "empty file (0 bytes)");
	if (memcmp(buf, magic, n) != 0)
		return errmsg(err, errlen, "not an ELF file (bad magic)");
	if (len < EI_NIDENT)
		return errmsg(err, errlen, "truncated: file is %zu bytes, ELF identification needs %u",
			    len, EI_NIDENT);
	if (buf[4] != ELFCLASS32 && buf[4] != ELFCLASS64)
		return errmsg(err, errlen, "EI_CLASS %u is not ELFCLASS32 (1) or ELFCLASS64 (2)", buf[4]);
	if (buf[5] != ELFDATA2LSB)
		return errmsg(err, errlen, "EI_DATA %u is not little-endian (ELFDATA2LSB, 1)%s", buf[5],
			    buf[5] == 2 ? ": big-endian images are not supported" : "");
	if (buf[6] != EV_CURRENT)
		return errmsg(err, errlen, "EI_VERSION %u is not EV_CURRENT (1)", buf[6]);
	*lay = &layouts[buf[4] == ELFCLASS64];
	if (len < (*lay)->ehsize)
		return errmsg(err, errlen, "truncated: file is %zu bytes, %s header needs %u",
			    len, (*lay)->name, (*lay)->ehsize);
	return 0;
}

static int read_header(const uint8_t *buf, size_t len, struct elf_file *f, char *err, size_t errlen)
{
	const struct elf_layout *lay = NULL;
	uint64_t type, machine, version, ehsize, phentsize, phnum, table;

	if (check_ident(buf, len, &lay, err, errlen))
		return -1;
	f->lay = lay;
	type = rd(buf, lay->e_type);
	machine = rd(buf, lay->e_machine);
	version = rd(buf, lay->e_version);
	/* uvmm does no relocation: it copies segments to the physical addresses
	 * the linker chose, so only ET_EXEC (fixed addresses) can be loaded. */
	if (type != ET_EXEC)
		return errmsg(err, errlen, "e_type %" PRIu64 " (%s) is not ET_EXEC: uvmm loads only "
			    "fixed-address executables (no relocation)", type,
			    type < sizeof(e_type_names) / sizeof(e_type_names[0]) ?
			    e_type_names[type] : "unknown");
	if (machine != lay->machine)
		return errmsg(err, errlen, "e_machine %" PRIu64 " does not match %s (expected %u, %s)",
			    machine, lay->name, lay->machine, lay->machine_name);
	if (version != EV_CURRENT)
		return errmsg(err, errlen, "e_version %" PRIu64 " is not EV_CURRENT (1)", version);
	ehsize = rd(buf, lay->e_ehsize);
	if (ehsize != lay->ehsize)
		return errmsg(err, errlen, "e_ehsize %" PRIu64 " is not %u (the %s header size)",
			    ehsize, lay->ehsize, lay->name);
	phentsize = rd(buf, lay->e_phentsize);
	if (phentsize != lay->phentsize)
		return errmsg(err, errlen, "e_phentsize %" PRIu64 " is not %u (the %s program header size)",
			    phentsize, lay->phentsize, lay->name);
	phnum = rd(buf, lay->e_phnum);
	if (phnum == 0)
		return errmsg(err, errlen, "e_phnum is 0: no program headers");
	if (phnum > MAX_PHNUM)
		return errmsg(err, errlen, "e_phnum %" PRIu64 " exceeds the limit of %u", phnum, MAX_PHNUM);
	f->phoff = rd(buf, lay->e_phoff);
	f->entry = rd(buf, lay->e_entry);
	f->phnum = (unsigned)phnum;
	table = phnum * phentsize; /* both small: cannot overflow */
	if (f->phoff > UINT64_MAX - table)
		return errmsg(err, errlen, "e_phoff 0x%" PRIx64 " + program header table size 0x%" PRIx64
			    " overflows", f->phoff, table);
	if (f->phoff + table > len)
		return errmsg(err, errlen, "program header table [0x%" PRIx64 ", 0x%" PRIx64 ") is outside "
			    "the file (%zu bytes)", f->phoff, f->phoff + table, len);
	for (unsigned i = 0; i < f->phnum; i++) {
		const uint8_t *p = buf + f->phoff + (uint64_t)i * phentsize;
		struct phdr *ph = &f->ph[i];

		ph->type = (uint32_t)rd(p, lay->p_type);
		ph->flags = (uint32_t)rd(p, lay->p_flags);
		ph->offset = rd(p, lay->p_offset);
		ph->paddr = rd(p, lay->p_paddr);
		ph->filesz = rd(p, lay->p_filesz);
		ph->memsz = rd(p, lay->p_memsz);
		ph->align = rd(p, lay->p_align);
	}
	return 0;
}

static int check_file_range(unsigned i, const struct phdr *ph, size_t len, char *err, size_t errlen)
{
	if (ph->offset > UINT64_MAX - ph->filesz)
		return errmsg(err, errlen, "program header %u: p_offset 0x%" PRIx64 " + p_filesz 0x%" PRIx64
			    " overflows", i, ph->offset, ph->filesz);
	if (ph->offset + ph->filesz > len)
		return errmsg(err, errlen, "program header %u: file range [0x%" PRIx64 ", 0x%" PRIx64
			    ") is outside the file (%zu bytes)", i, ph->offset,
			    ph->offset + ph->filesz, len);
	return 0;
}

static int check_load(const struct elf_file *f, unsigned i, size_t len, const struct guest_mem *m,
		      char *err, size_t errlen)
{
	const struct phdr *ph = &f->ph[i];
	uint64_t end;
	char ram[32];

	if (ph->filesz > ph->memsz)
		return errmsg(err, errlen, "program header %u: p_filesz 0x%" PRIx64 " > p_memsz 0x%" PRIx64,
			    i, ph->filesz, ph->memsz);
	if (check_file_range(i, ph, len, err, errlen))
		return -1;
	end = ph->paddr + ph->memsz;
	if (end < ph->paddr || (f->lay->addr_limit && end > f->lay->addr_limit))
		return errmsg(err, errlen, "program header %u: p_paddr 0x%" PRIx64 " + p_memsz 0x%" PRIx64
			    " wraps around the %s address space", i, ph->paddr, ph->memsz,
			    f->lay->cls == 32 ? "32-bit" : "64-bit");
	/* Segments go to p_paddr (as QEMU and PVH loaders do): guests run
	 * identity-mapped, and the physical address is where the bytes must be. */
	if (m && !gpa_to_hva(m, ph->paddr, ph->memsz)) {
		fmt_size(m->size, ram, sizeof(ram));
		return errmsg(err, errlen, "segment %u [0x%" PRIx64 ", 0x%" PRIx64 ") is outside guest RAM (%s)",
			    i, ph->paddr, end, ram);
	}
	/* W^X keeps guest code from being overwritten through a data mapping. */
	if ((ph->flags & (PF_W | PF_X)) == (PF_W | PF_X))
		return errmsg(err, errlen, "segment %u is writable and executable (p_flags 0x%" PRIx32 ")",
			    i, ph->flags);
	return 0;
}

static int check_overlaps(const struct elf_file *f, char *err, size_t errlen)
{
	for (unsigned i = 0; i < f->phnum; i++) {
		const struct phdr *a = &f->ph[i];

		if (a->type != PT_LOAD || a->memsz == 0)
			continue;
		for (unsigned j = i + 1; j < f->phnum; j++) {
			const struct phdr *b = &f->ph[j];

			if (b->type != PT_LOAD || b->memsz == 0)
				continue;
			/* Ends cannot wrap: check_load ran first. */
			if (a->paddr < b->paddr + b->memsz && b->paddr < a->paddr + a->memsz)
				return errmsg(err, errlen, "segments %u and %u overlap at 0x%" PRIx64, i, j,
					    a->paddr > b->paddr ? a->paddr : b->paddr);
		}
	}
	return 0;
}

static int parse_notes(const uint8_t *buf, size_t len, const struct elf_file *f,
		       struct elf_notes *notes, char *err, size_t errlen)
{
	for (unsigned i = 0; i < f->phnum; i++) {
		const struct phdr *ph = &f->ph[i];
		unsigned align;

		if (ph->type != PT_NOTE)
			continue;
		/* 0 and 1 mean "no constraint"; notes are at least 4-aligned. */
		if (ph->align > 8 || (ph->align & (ph->align - 1)))
			return errmsg(err, errlen, "program header %u: PT_NOTE p_align %" PRIu64
				    " is not 4 or 8", i, ph->align);
		align = ph->align == 8 ? 8 : 4;
		if (ph->offset % align)
			return errmsg(err, errlen, "program header %u: PT_NOTE p_offset 0x%" PRIx64
				    " is not %u-byte aligned", i, ph->offset, align);
		if (check_file_range(i, ph, len, err, errlen))
			return -1;
		if (elf_notes_parse(buf + ph->offset, (size_t)ph->filesz, align, i, ph->offset, notes,
				    err, errlen))
			return -1;
	}
	return 0;
}

static int in_exec_segment(const struct elf_file *f, uint64_t addr)
{
	for (unsigned i = 0; i < f->phnum; i++) {
		const struct phdr *ph = &f->ph[i];

		if (ph->type == PT_LOAD && (ph->flags & PF_X) &&
		    addr >= ph->paddr && addr - ph->paddr < ph->memsz)
			return 1;
	}
	return 0;
}

static int check_segments(size_t len, const struct elf_file *f, const struct guest_mem *m,
			  char *err, size_t errlen)
{
	unsigned loads = 0;

	for (unsigned i = 0; i < f->phnum; i++) {
		if (f->ph[i].type != PT_LOAD)
			continue;
		if (check_load(f, i, len, m, err, errlen))
			return -1;
		loads += f->ph[i].memsz > 0;
	}
	if (loads == 0)
		return errmsg(err, errlen, "no PT_LOAD segment with p_memsz > 0: nothing to load");
	return check_overlaps(f, err, errlen);
}

static int copy_segments(const uint8_t *buf, const struct elf_file *f, struct guest_mem *m,
			 struct image_info *info, char *err, size_t errlen)
{
	info->lowest = UINT64_MAX;
	info->highest = 0;
	for (unsigned i = 0; i < f->phnum; i++) {
		const struct phdr *ph = &f->ph[i];
		uint8_t *bss;

		if (ph->type != PT_LOAD || ph->memsz == 0)
			continue;
		bss = gpa_to_hva(m, ph->paddr + ph->filesz, ph->memsz - ph->filesz);
		/* Validated already; a failure here is a loader bug, not a bad image. */
		if (guest_write(m, ph->paddr, buf + ph->offset, ph->filesz) || !bss)
			return errmsg(err, errlen, "internal error: segment %u no longer fits guest RAM", i);
		memset(bss, 0, ph->memsz - ph->filesz);
		if (ph->paddr < info->lowest)
			info->lowest = ph->paddr;
		if (ph->paddr + ph->memsz > info->highest)
			info->highest = ph->paddr + ph->memsz;
	}
	return 0;
}

/* Everything but the copy. Without m (elf_peek_options: RAM does not exist
 * yet) the guest-RAM fit is the only rule left unchecked. */
static int validate(const uint8_t *buf, size_t len, struct elf_file *f, const struct guest_mem *m,
		    struct elf_notes *notes, char *err, size_t errlen)
{
	if (read_header(buf, len, f, err, errlen) ||
	    check_segments(len, f, m, err, errlen) ||
	    parse_notes(buf, len, f, notes, err, errlen))
		return -1;
	if (!in_exec_segment(f, f->entry))
		return errmsg(err, errlen, "entry point 0x%" PRIx64 " is not inside an executable "
			    "PT_LOAD segment", f->entry);
	if (notes->has_pvh && !in_exec_segment(f, notes->pvh_entry))
		return errmsg(err, errlen, "PVH entry point 0x%" PRIx64 " (Xen PHYS32_ENTRY note) is not "
			    "inside an executable PT_LOAD segment", notes->pvh_entry);
	return 0;
}

int elf_load(const uint8_t *buf, size_t len, struct guest_mem *m,
	     struct image_info *info, char *err, size_t errlen)
{
	/* The header plus 64 decoded program headers: too big for a small stack frame. */
	struct elf_file *f = calloc(1, sizeof(*f));
	struct elf_notes notes = { 0 };
	int rc = -1;

	memset(info, 0, sizeof(*info));
	if (!f)
		return errmsg(err, errlen, "out of memory");
	/* Only after everything is validated is guest RAM touched. */
	if (validate(buf, len, f, m, &notes, err, errlen) ||
	    copy_segments(buf, f, m, info, err, errlen))
		goto out;
	info->elf_class = f->lay->cls;
	info->entry = f->entry;
	info->has_pvh = notes.has_pvh;
	info->pvh_entry = notes.pvh_entry;
	info->has_multiboot = multiboot_find(buf, len, &info->multiboot_flags);
	info->expect_text = notes.expect.text;
	info->expect_len = notes.expect.len;
	info->options_text = notes.options.text;
	info->expect_end_text = notes.expect_end.text;
	info->expect_end_len = notes.expect_end.len;
	memset(&notes, 0, sizeof(notes)); /* ownership moved to info */
	rc = 0;
out:
	if (rc)
		memset(info, 0, sizeof(*info));
	elf_notes_free(&notes);
	free(f);
	return rc;
}

int elf_peek_options(const uint8_t *buf, size_t len, char **options, char *err, size_t errlen)
{
	struct elf_file *f = calloc(1, sizeof(*f));
	struct elf_notes notes = { 0 };
	int rc;

	*options = NULL;
	if (!f)
		return errmsg(err, errlen, "out of memory");
	rc = validate(buf, len, f, NULL, &notes, err, errlen);
	if (rc == 0) {
		*options = notes.options.text;
		notes.options.text = NULL;
	}
	elf_notes_free(&notes);
	free(f);
	return rc;
}

int flat_load(const uint8_t *buf, size_t len, uint64_t load_addr, struct guest_mem *m,
	      struct image_info *info, char *err, size_t errlen)
{
	char ram[32];

	memset(info, 0, sizeof(*info));
	if (len == 0)
		return errmsg(err, errlen, "flat image is empty (0 bytes)");
	if (load_addr > UINT64_MAX - len)
		return errmsg(err, errlen, "flat image load address 0x%" PRIx64 " + size 0x%zx overflows",
			    load_addr, len);
	if (!gpa_to_hva(m, load_addr, len)) {
		fmt_size(m->size, ram, sizeof(ram));
		return errmsg(err, errlen, "flat image [0x%" PRIx64 ", 0x%" PRIx64 ") is outside guest RAM (%s)",
			    load_addr, load_addr + len, ram);
	}
	if (guest_write(m, load_addr, buf, len))
		return errmsg(err, errlen, "internal error: flat image no longer fits guest RAM");
	info->entry = load_addr;
	info->lowest = load_addr;
	info->highest = load_addr + len;
	return 0;
}

void image_info_free(struct image_info *info)
{
	free(info->expect_text);
	free(info->options_text);
	free(info->expect_end_text);
	memset(info, 0, sizeof(*info));
}
