/* The line-number state machine of DWARF 5 section 6.2, written from the
 * standard. Each unit is parsed inside its own unit_length; any read past it
 * marks the unit bad and parsing resumes at the next one. */
#include "loader/dwarf_line.h"

#include <stdlib.h>
#include <string.h>

#include "loader/reader.h"
#include "util/sort.h"

#define DW_LNS_copy 1
#define DW_LNS_advance_pc 2
#define DW_LNS_advance_line 3
#define DW_LNS_set_file 4
#define DW_LNS_const_add_pc 8
#define DW_LNS_fixed_advance_pc 9
#define DW_LNE_end_sequence 1
#define DW_LNE_set_address 2

#define DW_LNCT_path 1
#define DW_LNCT_directory_index 2
#define DW_FORM_block 0x09
#define DW_FORM_data1 0x0b
#define DW_FORM_data2 0x05
#define DW_FORM_data4 0x06
#define DW_FORM_data8 0x07
#define DW_FORM_data16 0x1e
#define DW_FORM_string 0x08
#define DW_FORM_strp 0x0e
#define DW_FORM_line_strp 0x1f
#define DW_FORM_udata 0x0f
#define DW_FORM_sdata 0x0d

#define MAX_FORMATS 16

struct unit {
	int version, offset64;
	uint8_t min_inst, line_range, opcode_base;
	int8_t line_base;
	const uint8_t *std_lengths;
	uint32_t file_base;  /* index of this unit's first file in d->files */
	uint32_t nfiles;
	int first_file;      /* 0 (DWARF 5) or 1: the number of the first entry */
};

/* Doubles *cap (from 16) until n + 1 entries of size fit. */
static int grow(void **arr, size_t *cap, size_t n, size_t size)
{
	void *p;
	size_t c;

	if (n < *cap)
		return 0;
	c = *cap ? *cap * 2 : 16;
	p = realloc(*arr, c * size);
	if (!p)
		return -1;
	*arr = p;
	*cap = c;
	return 0;
}

/* A relative directory is kept (guest/tests + hello.c); an absolute one
 * (the compilation directory, system headers) is left out of reports. */
static int add_file(struct dwarf_lines *d, const char *dir, const char *name)
{
	if (d->nfiles == DWARF_LINE_MAX_FILES)
		return 0; /* names beyond the cap print as "?" */
	if (grow((void **)&d->files, &d->cap_files, d->nfiles, sizeof(*d->files)) < 0)
		return -1;
	if (!name || *name == '/' || !dir || !*dir || *dir == '/')
		dir = NULL;
	d->files[d->nfiles++] = (struct dwarf_file){ dir, name ? name : "?" };
	return 0;
}

/* The unit's directory table, for its file entries. */
struct dirs {
	const char **v;
	size_t n, cap;
};

static int add_dir(struct dirs *ds, const char *dir)
{
	if (grow((void **)&ds->v, &ds->cap, ds->n, sizeof(*ds->v)) < 0)
		return -1;
	ds->v[ds->n++] = dir;
	return 0;
}

static const char *dir_at(const struct dirs *ds, uint64_t i)
{
	return i < ds->n ? ds->v[i] : NULL;
}

static int add_range(struct dwarf_lines *d, uint64_t start, uint64_t end, uint32_t file,
		     uint32_t line)
{
	if (end <= start || d->nranges == DWARF_LINE_MAX_RANGES)
		return 0;
	if (grow((void **)&d->ranges, &d->cap_ranges, d->nranges, sizeof(*d->ranges)) < 0)
		return -1;
	d->ranges[d->nranges++] = (struct dwarf_range){ start, end, file, line };
	return 0;
}

static const char *str_at(const uint8_t *sec, size_t len, uint64_t off)
{
	if (!sec || off >= len || !memchr(sec + off, 0, len - off))
		return NULL;
	return (const char *)sec + off;
}

/* One attribute of a DWARF 5 entry: a string (*str) or a number (returned). */
static uint64_t entry_form(struct reader *r, const struct unit *u, uint64_t form,
			   const struct dwarf_strings *s, const char **str)
{
	uint64_t off;

	switch (form) {
	case DW_FORM_string:
		*str = reader_cstr(r);
		return 0;
	case DW_FORM_strp:
	case DW_FORM_line_strp:
		off = reader_uint(r, u->offset64 ? 8 : 4);
		*str = form == DW_FORM_strp ? str_at(s->str, s->str_len, off)
					    : str_at(s->line_str, s->line_str_len, off);
		return 0;
	case DW_FORM_udata: return reader_uleb(r);
	case DW_FORM_sdata: return (uint64_t)reader_sleb(r);
	case DW_FORM_data1: return reader_uint(r, 1);
	case DW_FORM_data2: return reader_uint(r, 2);
	case DW_FORM_data4: return reader_uint(r, 4);
	case DW_FORM_data8: return reader_uint(r, 8);
	case DW_FORM_data16: reader_skip(r, 16); return 0;
	case DW_FORM_block: reader_skip(r, reader_uleb(r)); return 0;
	default: r->bad = 1; return 0; /* a form the table may not use */
	}
}

/* DWARF 5: an entry-format description, then count entries (directories
 * into ds, or files into d). */
static int v5_entries(struct reader *r, struct unit *u, struct dwarf_lines *d, struct dirs *ds,
		      int files, const struct dwarf_strings *s)
{
	uint64_t fmt[MAX_FORMATS][2], count;
	unsigned nfmt = (unsigned)reader_uint(r, 1);

	if (nfmt > MAX_FORMATS)
		return r->bad = 1, 0;
	for (unsigned i = 0; i < nfmt; i++) {
		fmt[i][0] = reader_uleb(r);
		fmt[i][1] = reader_uleb(r);
	}
	count = reader_uleb(r);
	if (count > reader_left(r))
		return r->bad = 1, 0; /* every entry takes at least a byte */
	for (uint64_t e = 0; e < count && !r->bad; e++) {
		const char *path = NULL, *str;
		uint64_t dir = UINT64_MAX, v;

		for (unsigned i = 0; i < nfmt; i++) {
			str = NULL;
			v = entry_form(r, u, fmt[i][1], s, &str);
			if (fmt[i][0] == DW_LNCT_path)
				path = str;
			else if (fmt[i][0] == DW_LNCT_directory_index)
				dir = v;
		}
		if (r->bad)
			break;
		if (!files) {
			if (add_dir(ds, path) < 0)
				return -1;
		} else {
			if (add_file(d, dir_at(ds, dir), path) < 0)
				return -1;
			u->nfiles++;
		}
	}
	return 0;
}

/* DWARF 2-4: include_directories, then file_names, each ended by "". */
static int v4_entries(struct reader *r, struct unit *u, struct dwarf_lines *d, struct dirs *ds)
{
	const char *s;
	uint64_t dir;

	/* Directory 0 is the compilation directory, not in the table. */
	if (add_dir(ds, NULL) < 0)
		return -1;
	while ((s = reader_cstr(r)) && *s)
		if (add_dir(ds, s) < 0)
			return -1;
	while ((s = reader_cstr(r)) && *s) {
		dir = reader_uleb(r);
		reader_uleb(r);
		reader_uleb(r);
		if (r->bad)
			break;
		if (add_file(d, dir_at(ds, dir), s) < 0)
			return -1;
		u->nfiles++;
	}
	return 0;
}

struct state {
	uint64_t addr;
	uint64_t file, line;
	int have_row;
	uint64_t row_addr, row_file, row_line;
};

static void state_reset(struct state *st)
{
	memset(st, 0, sizeof(*st));
	st->file = 1;
	st->line = 1;
}

static uint32_t global_file(const struct unit *u, uint64_t file)
{
	uint64_t i = file - (uint64_t)u->first_file;

	return file >= (uint64_t)u->first_file && i < u->nfiles ? u->file_base + (uint32_t)i
								 : UINT32_MAX;
}

/* A row ends the range the previous row opened. */
static int emit(struct dwarf_lines *d, const struct unit *u, struct state *st, int end_seq)
{
	if (st->have_row && add_range(d, st->row_addr, st->addr, global_file(u, st->row_file),
				      st->row_line > UINT32_MAX ? UINT32_MAX : (uint32_t)st->row_line) < 0)
		return -1;
	st->have_row = !end_seq;
	st->row_addr = st->addr;
	st->row_file = st->file;
	st->row_line = st->line;
	return 0;
}

static int extended(struct reader *r, struct dwarf_lines *d, const struct unit *u, struct state *st)
{
	uint64_t len = reader_uleb(r);
	struct reader op;
	unsigned code;

	if (!len || len > reader_left(r))
		return r->bad = 1, 0;
	op = reader_at(r->p, (size_t)len);
	reader_skip(r, len);
	code = (unsigned)reader_uint(&op, 1);
	if (code == DW_LNE_end_sequence) {
		if (emit(d, u, st, 1) < 0)
			return -1;
		state_reset(st);
	} else if (code == DW_LNE_set_address) {
		unsigned n = (unsigned)(len - 1);

		if (n != 4 && n != 8)
			return r->bad = 1, 0;
		st->addr = reader_uint(&op, n);
	}
	return 0; /* define_file, set_discriminator, vendor codes: skipped */
}

static int run_program(struct reader *r, struct dwarf_lines *d, const struct unit *u)
{
	struct state st;

	state_reset(&st);
	while (!r->bad && reader_left(r)) {
		unsigned op = (unsigned)reader_uint(r, 1);

		if (op >= u->opcode_base) {
			unsigned adj = op - u->opcode_base;

			st.addr += (uint64_t)(adj / u->line_range) * u->min_inst;
			st.line += (uint64_t)(int64_t)(u->line_base + (int)(adj % u->line_range));
			if (emit(d, u, &st, 0) < 0)
				return -1;
			continue;
		}
		switch (op) {
		case 0:
			if (extended(r, d, u, &st) < 0)
				return -1;
			break;
		case DW_LNS_copy:
			if (emit(d, u, &st, 0) < 0)
				return -1;
			break;
		case DW_LNS_advance_pc:
			st.addr += reader_uleb(r) * u->min_inst;
			break;
		case DW_LNS_advance_line:
			st.line += (uint64_t)reader_sleb(r);
			break;
		case DW_LNS_set_file:
			st.file = reader_uleb(r);
			break;
		case DW_LNS_const_add_pc:
			st.addr += (uint64_t)((255u - u->opcode_base) / u->line_range) * u->min_inst;
			break;
		case DW_LNS_fixed_advance_pc:
			st.addr += reader_uint(r, 2);
			break;
		default:
			/* Other standard opcodes: skip their declared ULEB operands. */
			for (unsigned i = 0; i < u->std_lengths[op - 1] && !r->bad; i++)
				reader_uleb(r);
			break;
		}
	}
	return 0;
}

/* One unit in r (exactly its unit_length). Returns -1 only when out of memory. */
static int parse_unit(struct reader *r, int offset64, struct dwarf_lines *d,
		      const struct dwarf_strings *s)
{
	struct unit u;
	struct dirs ds = { 0 };
	uint64_t header_len;
	struct reader prog;
	int rc;

	memset(&u, 0, sizeof(u));
	u.version = (int)reader_uint(r, 2);
	if (u.version < 2 || u.version > 5)
		return r->bad = 1, 0;
	if (u.version >= 5) {
		reader_uint(r, 1); /* address_size: set_address says it */
		reader_uint(r, 1); /* segment_selector_size */
	}
	u.offset64 = offset64;
	header_len = reader_uint(r, offset64 ? 8 : 4);
	if (header_len > reader_left(r))
		return r->bad = 1, 0;
	prog = reader_at(r->p + header_len, reader_left(r) - (size_t)header_len);
	u.min_inst = (uint8_t)reader_uint(r, 1);
	if (u.version >= 4)
		reader_uint(r, 1); /* maximum_operations_per_instruction (VLIW only) */
	reader_uint(r, 1);         /* default_is_stmt */
	u.line_base = (int8_t)reader_uint(r, 1);
	u.line_range = (uint8_t)reader_uint(r, 1);
	u.opcode_base = (uint8_t)reader_uint(r, 1);
	if (r->bad || !u.line_range || !u.opcode_base || u.opcode_base - 1u > reader_left(r))
		return r->bad = 1, 0;
	u.std_lengths = r->p;
	reader_skip(r, u.opcode_base - 1u);
	u.file_base = (uint32_t)d->nfiles;
	if (u.version >= 5) {
		u.first_file = 0;
		rc = v5_entries(r, &u, d, &ds, 0, s);
		if (rc == 0)
			rc = v5_entries(r, &u, d, &ds, 1, s);
	} else {
		u.first_file = 1;
		rc = v4_entries(r, &u, d, &ds);
	}
	free(ds.v); /* the file entries keep the directory strings themselves */
	if (rc < 0)
		return -1;
	if (r->bad)
		return 0;
	rc = run_program(&prog, d, &u);
	if (prog.bad)
		d->bad_units++;
	return rc;
}

static int by_start(const void *a, const void *b)
{
	const struct dwarf_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

int dwarf_lines_load(struct dwarf_lines *d, const uint8_t *line, size_t len,
		     const struct dwarf_strings *strs)
{
	static const struct dwarf_strings none;
	struct reader all = reader_at(line, len);

	memset(d, 0, sizeof(*d));
	if (!strs)
		strs = &none;
	while (reader_left(&all) >= 4) {
		uint64_t ulen = reader_uint(&all, 4);
		int offset64 = ulen == 0xffffffffull;
		struct reader unit_r;

		if (offset64)
			ulen = reader_uint(&all, 8);
		else if (ulen >= 0xfffffff0ull)
			break; /* reserved lengths: nothing after can be trusted */
		if (all.bad || ulen > reader_left(&all))
			break;
		unit_r = reader_at(all.p, (size_t)ulen);
		reader_skip(&all, ulen);
		if (parse_unit(&unit_r, offset64, d, strs) < 0)
			goto oom;
		if (unit_r.bad)
			d->bad_units++;
	}
	if (d->nranges)
		heap_sort(d->ranges, d->nranges, sizeof(d->ranges[0]), by_start);
	return 0;
oom:
	dwarf_lines_free(d);
	return -1;
}

void dwarf_lines_free(struct dwarf_lines *d)
{
	free(d->ranges);
	free(d->files);
	memset(d, 0, sizeof(*d));
}

const struct dwarf_range *dwarf_lines_find(const struct dwarf_lines *d, uint64_t addr)
{
	size_t lo = 0, hi = d->nranges;

	/* The last range starting at or below addr; ranges of different units
	 * do not overlap in a linked image, so it is the one if any is. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->ranges[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo || addr >= d->ranges[lo - 1].end)
		return NULL;
	return &d->ranges[lo - 1];
}
