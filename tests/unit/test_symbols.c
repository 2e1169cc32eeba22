/* The symbolizer: ELF32/ELF64 symbol tables (functions, labels, what is
 * skipped), DWARF 4 and 5 line programs (directories, line_strp, special
 * and standard opcodes, 64-bit DWARF), malformed units skipped without
 * harm, and agreement with binutils' addr2line on a real guest image. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "loader/dwarf_line.h"
#include "loader/elf_load.h"
#include "loader/image_file.h"
#include "loader/symbols.h"

/* --- a byte buffer ------------------------------------------------------ */
struct buf {
	uint8_t b[8192];
	size_t n;
};

static void put(struct buf *b, uint64_t v, unsigned size)
{
	for (unsigned i = 0; i < size; i++) /* size may exceed 8: zeros above */
		b->b[b->n++] = i < 8 ? (uint8_t)(v >> (8 * i)) : 0;
}

static void put_str(struct buf *b, const char *s)
{
	size_t n = strlen(s) + 1;

	memcpy(b->b + b->n, s, n);
	b->n += n;
}

static void put_uleb(struct buf *b, uint64_t v)
{
	do {
		uint8_t c = v & 0x7f;

		v >>= 7;
		b->b[b->n++] = c | (v ? 0x80 : 0);
	} while (v);
}

static void put_sleb(struct buf *b, int64_t v)
{
	for (;;) {
		uint8_t c = v & 0x7f;

		v >>= 7;
		if ((v == 0 && !(c & 0x40)) || (v == -1 && (c & 0x40))) {
			b->b[b->n++] = c;
			return;
		}
		b->b[b->n++] = c | 0x80;
	}
}

static const uint8_t std_lengths[12] = { 0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1 };

static void put_header_common(struct buf *b)
{
	put(b, 1, 1);   /* minimum_instruction_length */
	put(b, 1, 1);   /* maximum_operations_per_instruction (v4+) */
	put(b, 1, 1);   /* default_is_stmt */
	put(b, (uint8_t)-5, 1);
	put(b, 14, 1);  /* line_range */
	put(b, 13, 1);  /* opcode_base */
	memcpy(b->b + b->n, std_lengths, 12);
	b->n += 12;
}

static void set_address(struct buf *b, uint64_t a)
{
	put(b, 0, 1);
	put_uleb(b, 9);
	put(b, 2, 1);
	put(b, a, 8);
}

static void end_sequence(struct buf *b)
{
	put(b, 0, 1);
	put_uleb(b, 1);
	put(b, 1, 1);
}

/* Patches the 4-byte length at off with the bytes after it up to b->n. */
static void patch_len(struct buf *b, size_t off)
{
	uint32_t n = (uint32_t)(b->n - off - 4);

	memcpy(b->b + off, &n, 4);
}

/* DWARF 4: src/a.c lines 10, 11, 16 at 0x1000, 0x1004, 0x100c, end 0x1010. */
static void unit_v4(struct buf *b)
{
	size_t len_at = b->n, hdr_at;

	put(b, 0, 4);
	put(b, 4, 2);
	hdr_at = b->n;
	put(b, 0, 4);
	put_header_common(b);
	put_str(b, "src");
	put(b, 0, 1);
	put_str(b, "a.c");
	put_uleb(b, 1);
	put_uleb(b, 0);
	put_uleb(b, 0);
	put(b, 0, 1);
	patch_len(b, hdr_at);
	set_address(b, 0x1000);
	put(b, 3, 1);              /* advance_line 9 -> 10 */
	put_sleb(b, 9);
	put(b, 1, 1);              /* copy */
	put(b, 13 + (1 + 5) + 14 * 4, 1); /* special: +4 bytes, +1 line */
	put(b, 9, 1);              /* fixed_advance_pc 8 */
	put(b, 8, 2);
	put(b, 3, 1);
	put_sleb(b, 5);
	put(b, 5, 1);              /* set_column: a ULEB operand to skip */
	put_uleb(b, 300);
	put(b, 1, 1);
	put(b, 2, 1);              /* advance_pc 4 */
	put_uleb(b, 4);
	end_sequence(b);
	patch_len(b, len_at);
}

/* DWARF 5 with line_strp names: lib/b.c line 5 at 0x1020..0x1030. */
static void unit_v5(struct buf *b, struct buf *line_str)
{
	size_t len_at = b->n, hdr_at;
	uint32_t comp = (uint32_t)line_str->n, lib, name;

	put_str(line_str, "/abs/comp");
	lib = (uint32_t)line_str->n;
	put_str(line_str, "lib");
	name = (uint32_t)line_str->n;
	put_str(line_str, "b.c");
	put(b, 0, 4);
	put(b, 5, 2);
	put(b, 8, 1);              /* address_size */
	put(b, 0, 1);
	hdr_at = b->n;
	put(b, 0, 4);
	put_header_common(b);
	put(b, 1, 1);              /* directory formats: path line_strp */
	put_uleb(b, 1);
	put_uleb(b, 0x1f);
	put_uleb(b, 2);
	put(b, comp, 4);
	put(b, lib, 4);
	put(b, 3, 1);              /* file formats: path, directory index, MD5 */
	put_uleb(b, 1);
	put_uleb(b, 0x1f);
	put_uleb(b, 2);
	put_uleb(b, 0x0b);
	put_uleb(b, 5);
	put_uleb(b, 0x1e);
	put_uleb(b, 2);
	for (int i = 0; i < 2; i++) {
		put(b, name, 4);
		put(b, 1, 1);
		memset(b->b + b->n, 0xaa, 16);
		b->n += 16;
	}
	patch_len(b, hdr_at);
	set_address(b, 0x1020);
	put(b, 3, 1);
	put_sleb(b, 4);
	put(b, 1, 1);
	put(b, 2, 1);
	put_uleb(b, 0x10);
	end_sequence(b);
	patch_len(b, len_at);
}

static void expect_line(const struct dwarf_lines *d, uint64_t addr, const char *dir,
			const char *name, unsigned line)
{
	const struct dwarf_range *r = dwarf_lines_find(d, addr);

	assert_non_null(r);
	assert_int_equal(r->line, line);
	assert_true(r->file < d->nfiles);
	assert_string_equal(d->files[r->file].name, name);
	if (dir)
		assert_string_equal(d->files[r->file].dir, dir);
	else
		assert_null(d->files[r->file].dir);
}

static void test_dwarf_v4_v5(void **state)
{
	static struct buf line, lstr;
	struct dwarf_strings s;
	struct dwarf_lines d;

	(void)state;
	line.n = lstr.n = 0;
	unit_v4(&line);
	unit_v5(&line, &lstr);
	s = (struct dwarf_strings){ NULL, lstr.b, 0, lstr.n };
	assert_int_equal(dwarf_lines_load(&d, line.b, line.n, &s), 0);
	assert_int_equal(d.bad_units, 0);
	expect_line(&d, 0x1000, "src", "a.c", 10);
	expect_line(&d, 0x1003, "src", "a.c", 10);
	expect_line(&d, 0x1004, "src", "a.c", 11);
	expect_line(&d, 0x100b, "src", "a.c", 11);
	expect_line(&d, 0x100c, "src", "a.c", 16);
	expect_line(&d, 0x100f, "src", "a.c", 16);
	assert_null(dwarf_lines_find(&d, 0x1010)); /* the end of the sequence */
	assert_null(dwarf_lines_find(&d, 0xfff));
	expect_line(&d, 0x1020, "lib", "b.c", 5);
	expect_line(&d, 0x102f, "lib", "b.c", 5);
	assert_null(dwarf_lines_find(&d, 0x1030));
	dwarf_lines_free(&d);
}

static void test_dwarf_malformed(void **state)
{
	static struct buf line, lstr;
	struct dwarf_strings s;
	struct dwarf_lines d;
	size_t bad_at;

	(void)state;
	line.n = lstr.n = 0;
	/* A unit with line_range 0 (a division by zero if trusted), then a
	 * good one: the bad one is skipped, the good one read. */
	bad_at = line.n;
	unit_v4(&line);
	line.b[bad_at + 4 + 2 + 4 + 4] = 0; /* line_range */
	unit_v4(&line);
	s = (struct dwarf_strings){ 0 };
	assert_int_equal(dwarf_lines_load(&d, line.b, line.n, &s), 0);
	assert_int_equal(d.bad_units, 1);
	expect_line(&d, 0x1004, "src", "a.c", 11);
	dwarf_lines_free(&d);
	/* Every truncation of a unit is survived (and yields nothing wrong). */
	line.n = 0;
	unit_v5(&line, &lstr);
	s = (struct dwarf_strings){ NULL, lstr.b, 0, lstr.n };
	for (size_t n = 0; n < line.n; n++) {
		assert_int_equal(dwarf_lines_load(&d, line.b, n, &s), 0);
		assert_null(dwarf_lines_find(&d, 0x1020));
		dwarf_lines_free(&d);
	}
	/* line_strp offsets past the string section: names become "?". */
	s.line_str_len = 2;
	assert_int_equal(dwarf_lines_load(&d, line.b, line.n, &s), 0);
	assert_string_equal(d.files[dwarf_lines_find(&d, 0x1020)->file].name, "?");
	dwarf_lines_free(&d);
	/* A reserved unit length ends the section; a huge file count is bad. */
	line.n = 0;
	put(&line, 0xfffffff0u, 4);
	put(&line, 0, 16);
	assert_int_equal(dwarf_lines_load(&d, line.b, line.n, &s), 0);
	assert_int_equal(d.nranges, 0);
	dwarf_lines_free(&d);
}

static void test_dwarf_64bit(void **state)
{
	static struct buf line, unit;
	struct dwarf_lines d;
	uint64_t n;
	uint32_t hlen;

	(void)state;
	unit.n = line.n = 0;
	unit_v4(&unit);
	/* Re-frame the v4 unit as 64-bit DWARF: 0xffffffff, 8-byte lengths. */
	put(&line, 0xffffffffu, 4);
	n = unit.n - 4 + 4;
	put(&line, n, 8);
	memcpy(line.b + line.n, unit.b + 4, 2);           /* version */
	line.n += 2;
	memcpy(&hlen, unit.b + 6, 4);
	put(&line, hlen, 8);                               /* header_length */
	memcpy(line.b + line.n, unit.b + 10, unit.n - 10);
	line.n += unit.n - 10;
	assert_int_equal(dwarf_lines_load(&d, line.b, line.n, NULL), 0);
	assert_int_equal(d.bad_units, 0);
	expect_line(&d, 0x100c, "src", "a.c", 16);
	dwarf_lines_free(&d);
}

/* --- a whole ELF with sections -------------------------------------------- */
struct sec {
	const char *name;
	uint32_t type, link;
	uint64_t flags, addr, entsize;
	const uint8_t *data;
	size_t size;
};

static size_t build_elf(uint8_t *img, size_t cap, int is64, struct sec *secs, unsigned n)
{
	struct buf shstr = { .n = 0 };
	size_t ehsize = is64 ? 64 : 52, shent = is64 ? 64 : 40, off = ehsize, shoff;
	uint32_t names[16];

	put(&shstr, 0, 1);
	for (unsigned i = 1; i < n; i++) {
		names[i] = (uint32_t)shstr.n;
		put_str(&shstr, secs[i].name);
	}
	names[n] = (uint32_t)shstr.n;
	put_str(&shstr, ".shstrtab");
	secs[n] = (struct sec){ ".shstrtab", 3, 0, 0, 0, 0, shstr.b, shstr.n };
	memset(img, 0, cap);
	memcpy(img, "\x7f" "ELF", 4);
	img[4] = is64 ? 2 : 1;
	img[5] = 1;
	img[6] = 1;
	for (unsigned i = 1; i <= n; i++) {
		memcpy(img + off, secs[i].data, secs[i].size);
		secs[i].addr = secs[i].addr; /* kept */
		names[0] = 0;
		off += secs[i].size;
	}
	shoff = (off + 7) & ~7ul;
	assert_true(shoff + (n + 1) * shent <= cap);
#define W(o, v, s) do { uint64_t v_ = (v); memcpy(img + (o), &v_, (s)); } while (0)
	W(is64 ? 40 : 32, shoff, is64 ? 8 : 4);
	W(is64 ? 58 : 46, shent, 2);
	W(is64 ? 60 : 48, n + 1, 2);
	W(is64 ? 62 : 50, n, 2);
	off = ehsize;
	for (unsigned i = 1; i <= n; i++) {
		uint8_t *h = img + shoff + i * shent;

		memcpy(h, &names[i], 4);
		W((size_t)(h - img) + 4, secs[i].type, 4);
		if (is64) {
			W((size_t)(h - img) + 8, secs[i].flags, 8);
			W((size_t)(h - img) + 16, secs[i].addr, 8);
			W((size_t)(h - img) + 24, off, 8);
			W((size_t)(h - img) + 32, secs[i].size, 8);
			W((size_t)(h - img) + 40, secs[i].link, 4);
			W((size_t)(h - img) + 56, secs[i].entsize, 8);
		} else {
			W((size_t)(h - img) + 8, secs[i].flags, 4);
			W((size_t)(h - img) + 12, secs[i].addr, 4);
			W((size_t)(h - img) + 16, off, 4);
			W((size_t)(h - img) + 20, secs[i].size, 4);
			W((size_t)(h - img) + 24, secs[i].link, 4);
			W((size_t)(h - img) + 36, secs[i].entsize, 4);
		}
		off += secs[i].size;
	}
#undef W
	return shoff + (n + 1) * shent;
}

static void put_sym(struct buf *b, int is64, uint32_t name, unsigned type, unsigned shndx,
		    uint64_t value, uint64_t size)
{
	put(b, name, 4);
	if (is64) {
		put(b, type, 1);
		put(b, 0, 1);
		put(b, shndx, 2);
		put(b, value, 8);
		put(b, size, 8);
	} else {
		put(b, value, 4);
		put(b, size, 4);
		put(b, type, 1);
		put(b, 0, 1);
		put(b, shndx, 2);
	}
}

static uint8_t img[32768];

static size_t make_image(int is64)
{
	static struct buf tab, str, line, lstr;
	static const uint8_t text[0x100];
	struct sec secs[8] = { { 0 } };
	size_t at;

	tab.n = str.n = line.n = lstr.n = 0;
	put(&str, 0, 1);
	put_sym(&tab, is64, 0, 0, 0, 0, 0);                 /* the null symbol */
#define NAME(s) (at = str.n, put_str(&str, s), (uint32_t)at)
	put_sym(&tab, is64, NAME("f_a"), 0x12, 1, 0x1000, 0x10);
	put_sym(&tab, is64, NAME("f_b"), 0x12, 1, 0x1020, 0x10);
	put_sym(&tab, is64, NAME("label"), 0x10, 1, 0x1040, 0);
	put_sym(&tab, is64, NAME(".Llocal"), 0x00, 1, 0x1050, 0);
	put_sym(&tab, is64, NAME("data_obj"), 0x11, 1, 0x1018, 4);
	put_sym(&tab, is64, NAME("undefined"), 0x12, 0, 0x1018, 0);
	put_sym(&tab, is64, NAME("absolute"), 0x12, 0xfff1, 0x1018, 0);
	put_sym(&tab, is64, 0xffffff, 0x12, 1, 0x1018, 4);  /* name past the table */
#undef NAME
	unit_v4(&line);
	unit_v5(&line, &lstr);
	secs[1] = (struct sec){ ".text", 1, 0, 0x6, 0x1000, 0, text, sizeof(text) };
	secs[2] = (struct sec){ ".symtab", 2, 3, 0, 0, is64 ? 24 : 16, tab.b, tab.n };
	secs[3] = (struct sec){ ".strtab", 3, 0, 0, 0, 0, str.b, str.n };
	secs[4] = (struct sec){ ".debug_line", 1, 0, 0, 0, 0, line.b, line.n };
	secs[5] = (struct sec){ ".debug_line_str", 1, 0, 0, 0, 0, lstr.b, lstr.n };
	return build_elf(img, sizeof(img), is64, secs, 6);
}

static void describes(const struct symbols *s, uint64_t addr, const char *want)
{
	char buf[256];

	symbols_describe(s, addr, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

static void test_symbols_elf(void **state)
{
	(void)state;
	for (int is64 = 0; is64 <= 1; is64++) {
		size_t len = make_image(is64);
		char err[128];
		struct symbols *s = symbols_load(img, len, err, sizeof(err));
		uint64_t a;

		assert_non_null(s);
		assert_int_equal(symbols_count(s), 3); /* f_a, f_b, label */
		describes(s, 0x1000, "f_a+0x0 (src/a.c:10)");
		describes(s, 0x1005, "f_a+0x5 (src/a.c:11)");
		describes(s, 0x100e, "f_a+0xe (src/a.c:16)");
		describes(s, 0x1018, "0x1018");            /* past f_a's size: no name */
		describes(s, 0x1025, "f_b+0x5 (lib/b.c:5)");
		describes(s, 0x1044, "label+0x4");
		describes(s, 0x1052, "label+0x12");        /* .L labels are not names */
		describes(s, 0x900, "0x900");
		assert_int_equal(symbols_address(s, "f_b", &a), 0);
		assert_int_equal(a, 0x1020);
		assert_int_equal(symbols_address(s, "data_obj", &a), -1);
		symbols_free(s);
	}
	describes(NULL, 0x1234, "0x1234");
}

static void test_symbols_bad_elf(void **state)
{
	size_t len = make_image(1);
	char err[128];
	struct symbols *s;

	(void)state;
	assert_null(symbols_load((const uint8_t *)"nope", 4, err, sizeof(err)));
	/* Section headers pointing outside the file: refused, not followed. */
	img[40] = 0xf0;
	img[41] = 0xff;
	assert_null(symbols_load(img, len, err, sizeof(err)));
	assert_non_null(strstr(err, "outside the file"));
	/* Every truncation of a good image: no crash, no name that is not there. */
	len = make_image(1);
	for (size_t n = 0; n < len; n += 7) {
		s = symbols_load(img, n, err, sizeof(err));
		symbols_free(s);
	}
}

/* The real thing: every function start of a guest image, named as
 * binutils' addr2line names its file and line. */
static void test_matches_addr2line(void **state)
{
	const char *path = "build/guest/gdb_target.elf";
	char err[256], cmd[512], want[256], got[256];
	uint64_t addrs[] = { 0, 0, 0 };
	const char *fns[] = { "tick", "add", "guest_main" };
	struct symbols *s;
	uint8_t *image;
	size_t len;

	(void)state;
	if (access(path, R_OK) != 0 || system("command -v addr2line >/dev/null") != 0) {
		skip();
		return;
	}
	assert_int_equal(image_read_file(path, &image, &len, err, sizeof(err)), 0);
	s = symbols_load(image, len, err, sizeof(err));
	assert_non_null(s);
	assert_true(symbols_line_count(s) > 100);
	for (unsigned i = 0; i < 3; i++) {
		FILE *p;
		char *nl, *base;

		assert_int_equal(symbols_address(s, fns[i], &addrs[i]), 0);
		snprintf(cmd, sizeof(cmd), "addr2line -e %s 0x%llx", path,
			 (unsigned long long)addrs[i] + 4);
		p = popen(cmd, "r");
		assert_non_null(p);
		assert_non_null(fgets(want, sizeof(want), p));
		pclose(p);
		nl = strchr(want, '\n');
		if (nl)
			*nl = 0;
		/* addr2line prints the absolute path; we print it relative. */
		base = strstr(want, "guest/tests/");
		assert_non_null(base);
		symbols_describe(s, addrs[i] + 4, got, sizeof(got));
		assert_non_null(strstr(got, base));
		assert_true(!strncmp(got, fns[i], strlen(fns[i])));
	}
	symbols_free(s);
	free(image);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dwarf_v4_v5),
		cmocka_unit_test(test_dwarf_malformed),
		cmocka_unit_test(test_dwarf_64bit),
		cmocka_unit_test(test_symbols_elf),
		cmocka_unit_test(test_symbols_bad_elf),
		cmocka_unit_test(test_matches_addr2line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
