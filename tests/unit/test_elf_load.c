/* Unit tests for the guest image loader: every validation rule rejects its
 * defect with a precise message and leaves guest RAM untouched; valid ELF32,
 * ELF64 and flat images load byte-exactly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf_bad_cases.h"
#include "elf_builder.h"
#include "loader/elf_load.h"
#include "loader/image_file.h"
#include "machine/guest_mem.h"
#include "uvmm/abi.h"

#define RAM_FILL 0xcc

static struct guest_mem ram;
static uint8_t *ram_pattern; /* what untouched RAM looks like */

static void ram_reset(void)
{
	memset(ram.host, RAM_FILL, ram.size);
}

static int ram_untouched(void)
{
	return memcmp(ram.host, ram_pattern, ram.size) == 0 && guest_mem_canary_ok(&ram);
}

static int all_bytes(uint64_t gpa, uint64_t len, uint8_t v)
{
	const uint8_t *p = gpa_to_hva(&ram, gpa, len);

	if (!p)
		return 0;
	for (uint64_t i = 0; i < len; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

static int group_setup(void **state)
{
	(void)state;
	if (guest_mem_init(&ram, BAD_RAM_SIZE) != 0)
		return -1;
	ram_pattern = malloc(ram.size);
	if (!ram_pattern)
		return -1;
	memset(ram_pattern, RAM_FILL, ram.size);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	free(ram_pattern);
	guest_mem_free(&ram);
	return 0;
}

static int per_test_setup(void **state)
{
	(void)state;
	ram_reset();
	return 0;
}

/* A rejected image: -1, the expected words in a one-line message, no side effects. */
static void assert_rejected(int rc, const char *err, const struct image_info *info, const char *want)
{
	if (rc != -1 || !strstr(err, want))
		print_error("rc %d, message \"%s\", wanted \"%s\"\n", rc, err, want);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(err, want));
	assert_null(strchr(err, '\n'));
	assert_null(info->expect_text);
	assert_null(info->options_text);
	assert_int_equal(info->has_pvh, 0);
	assert_true(ram_untouched());
}

static int load_spec(const struct eb_spec *s, struct image_info *info, char *err, size_t errlen)
{
	struct eb_image img;
	int rc;

	assert_int_equal(eb_build(s, &img), 0);
	rc = elf_load(img.buf, img.len, &ram, info, err, errlen);
	eb_free(&img);
	return rc;
}

/* ---------------------------------------------------------------- bad images */

static void test_bad_case(void **state)
{
	const struct bad_case *c = *state;
	struct eb_image img;
	struct image_info info;
	char err[256] = "";
	int rc;

	char *options = (char *)1;

	assert_int_equal(bad_case_build(c, &img), 0);
	rc = elf_load(img.buf, img.len, &ram, &info, err, sizeof(err));
	assert_rejected(rc, err, &info, c->expect);

	/* The pre-RAM check refuses the same images with the same words. */
	err[0] = '\0';
	rc = elf_peek_options(img.buf, img.len, &options, err, sizeof(err));
	eb_free(&img);
	assert_null(options);
	if (c->ram_only) {
		assert_int_equal(rc, 0);
		return;
	}
	assert_int_equal(rc, -1);
	assert_non_null(strstr(err, c->expect));
}

/* The exact wording for a segment beyond RAM names the RAM size the user chose. */
static void test_outside_ram_message(void **state)
{
	struct eb_spec s;
	struct image_info info;
	char err[256];

	(void)state;
	eb_default(&s, 64);
	s.seg[1].paddr = 0xfff000;
	s.seg[1].memsz = 0x2000;
	assert_rejected(load_spec(&s, &info, err, sizeof(err)), err, &info,
			"segment 1 [0xfff000, 0x1001000) is outside guest RAM (16 MiB)");
}

/* A segment ending exactly at the top of RAM is inside; one byte more is not. */
static void test_segment_at_ram_top(void **state)
{
	struct eb_spec s;
	struct image_info info;
	char err[256];

	(void)state;
	eb_default(&s, 64);
	s.seg[1].paddr = BAD_RAM_SIZE - 0x1000;
	assert_int_equal(load_spec(&s, &info, err, sizeof(err)), 0);
	assert_int_equal(info.highest, BAD_RAM_SIZE);
	image_info_free(&info);
	ram_reset();
	s.seg[1].memsz = 0x1001;
	assert_rejected(load_spec(&s, &info, err, sizeof(err)), err, &info, "outside guest RAM");
}

/* Overlap reporting uses the first byte both segments claim. */
static void test_overlap_reports_later_start(void **state)
{
	struct eb_spec s;
	struct image_info info;
	char err[256];

	(void)state;
	eb_default(&s, 32);
	s.seg[1].paddr = 0xff000;
	s.seg[1].memsz = 0x1100;
	assert_rejected(load_spec(&s, &info, err, sizeof(err)), err, &info,
			"segments 0 and 1 overlap at 0x100000");
}

/* A long error still fits and stays one line when the buffer is short. */
static void test_short_error_buffer(void **state)
{
	struct eb_spec s;
	struct image_info info;
	char err[16];

	(void)state;
	eb_default(&s, 64);
	s.entry = 0x5000;
	assert_int_equal(load_spec(&s, &info, err, sizeof(err)), -1);
	assert_string_equal(err, "entry point 0x5");
	assert_true(ram_untouched());
}

/* ---------------------------------------------------------------- valid images */

static void check_default_loaded(const struct image_info *info, int cls)
{
	assert_int_equal(info->elf_class, cls);
	assert_int_equal(info->entry, 0x100000);
	assert_int_equal(info->lowest, 0x100000);
	assert_int_equal(info->highest, 0x103000);
	assert_true(all_bytes(0x100000, 0x200, 0x90));     /* code */
	assert_true(all_bytes(0x102000, 0x80, 0xd5));      /* data from the file */
	assert_true(all_bytes(0x102080, 0xf80, 0));        /* bss zeroed */
	assert_true(all_bytes(0x100200, 0x1e00, RAM_FILL)); /* gap untouched */
	assert_true(all_bytes(0, 0x100000, RAM_FILL));
	assert_true(all_bytes(0x103000, BAD_RAM_SIZE - 0x103000, RAM_FILL));
	assert_true(guest_mem_canary_ok(&ram));
}

static void load_default(int cls)
{
	struct eb_spec s;
	struct image_info info;
	char err[256] = "";

	eb_default(&s, cls);
	assert_int_equal(load_spec(&s, &info, err, sizeof(err)), 0);
	check_default_loaded(&info, cls);
	assert_int_equal(info.has_pvh, 0);
	assert_null(info.expect_text);
	assert_int_equal(info.expect_len, 0);
	assert_null(info.options_text);
	image_info_free(&info);
}

static void test_elf64_valid(void **state)
{
	(void)state;
	load_default(64);
}

static void test_elf32_valid(void **state)
{
	(void)state;
	load_default(32);
}

/* Segment types other than PT_LOAD/PT_NOTE are not looked at, however odd. */
static void test_other_segments_ignored(void **state)
{
	struct eb_spec s;
	struct image_info info;
	char err[256] = "";

	(void)state;
	eb_default(&s, 64);
	s.seg[2] = (struct eb_seg){ .type = EB_PT_GNU_STACK, .flags = EB_PF_R | EB_PF_W | EB_PF_X,
				    .paddr = 0xfffffffffffff000ull, .memsz = 0x10000 };
	s.nseg = 3;
	assert_int_equal(load_spec(&s, &info, err, sizeof(err)), 0);
	check_default_loaded(&info, 64);
	image_info_free(&info);
}

static void test_notes_concatenated_in_order(void **state)
{
	static const char expect1[] = "pio.out 0x80:1 = 1\n";
	static const char build_id[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	static const char opt2[] = "irqchip=1\0\0";
	static const char want_expect[] = "pio.out 0x80:1 = 1\nhlt\nshutdown";
	struct eb_spec s;
	struct image_info info;
	char err[256] = "";

	(void)state;
	eb_default(&s, 64);
	eb_add_note(&s, "GNU", 3, build_id, sizeof(build_id));
	eb_add_note(&s, UVMM_NOTE_NAME, UVMM_NOTE_EXPECT, expect1, sizeof(expect1));
	eb_add_note(&s, UVMM_NOTE_NAME, UVMM_NOTE_OPTIONS, "mem=32M", 7);
	eb_add_note(&s, UVMM_NOTE_NAME, UVMM_NOTE_EXPECT, "hlt", 3);
	eb_add_note(&s, UVMM_NOTE_NAME, UVMM_NOTE_OPTIONS, opt2, sizeof(opt2));
	eb_add_note(&s, UVMM_NOTE_NAME, UVMM_NOTE_EXPECT, "", 0);
	eb_add_note(&s, UVMM_NOTE_NAME, UVMM_NOTE_EXPECT, "shutdown\0", 9);
	assert_int_equal(load_spec(&s, &info, err, sizeof(err)), 0);
	check_default_loaded(&info, 64);
	assert_string_equal(info.expect_text, want_expect);
	assert_int_equal(info.expect_len, sizeof(want_expect) - 1);
	assert_string_equal(info.options_text, "mem=32M irqchip=1");
	image_info_free(&info);
	assert_null(info.expect_text);
}

static void test_peek_options(void **state)
{
	struct eb_spec s;
	struct eb_image img;
	char err[256] = "", *options = (char *)1;

	(void)state;
	eb_default(&s, 32);
	assert_int_equal(eb_build(&s, &img), 0);
	assert_int_equal(elf_peek_options(img.buf, img.len, &options, err, sizeof(err)), 0);
	assert_null(options);
	eb_free(&img);

	eb_add_note(&s, UVMM_NOTE_NAME, UVMM_NOTE_EXPECT, "hlt", 3);
	eb_add_note(&s, UVMM_NOTE_NAME, UVMM_NOTE_OPTIONS, "mem=32M\0", 8);
	eb_add_note(&s, UVMM_NOTE_NAME, UVMM_NOTE_OPTIONS, "irqchip=1", 9);
	/* Beyond this RAM but maybe not beyond the RAM the options ask for. */
	s.seg[1].paddr = 0x1800000;
	assert_int_equal(eb_build(&s, &img), 0);
	assert_int_equal(elf_peek_options(img.buf, img.len, &options, err, sizeof(err)), 0);
	assert_string_equal(options, "mem=32M irqchip=1");
	free(options);
	eb_free(&img);
	assert_true(ram_untouched());
}

/* Exactly IMAGE_MAX_NOTE_TEXT bytes is allowed. */
static void test_note_text_at_limit(void **state)
{
	static char text[IMAGE_MAX_NOTE_TEXT];
	struct eb_spec s;
	struct image_info info;
	char err[256] = "";

	(void)state;
	memset(text, 'x', sizeof(text));
	text[sizeof(text) / 2 - 1] = '\n';
	eb_default(&s, 64);
	eb_add_note(&s, UVMM_NOTE_NAME, UVMM_NOTE_EXPECT, text, sizeof(text) / 2);
	eb_add_note(&s, UVMM_NOTE_NAME, UVMM_NOTE_EXPECT, text + sizeof(text) / 2, sizeof(text) / 2);
	assert_int_equal(load_spec(&s, &info, err, sizeof(err)), 0);
	assert_int_equal(info.expect_len, IMAGE_MAX_NOTE_TEXT);
	image_info_free(&info);
	ram_reset();
	eb_add_note(&s, UVMM_NOTE_NAME, UVMM_NOTE_EXPECT, "y", 1);
	assert_rejected(load_spec(&s, &info, err, sizeof(err)), err, &info, "exceed 65536 bytes");
}

static void load_pvh(int cls, const void *desc, uint32_t descsz, unsigned align)
{
	struct eb_spec s;
	struct image_info info;
	char err[256] = "";

	eb_default(&s, cls);
	s.note_align = align;
	eb_add_note(&s, "Xen", 18, desc, descsz);
	eb_add_note(&s, UVMM_NOTE_NAME, UVMM_NOTE_EXPECT, "hlt", 3);
	assert_int_equal(load_spec(&s, &info, err, sizeof(err)), 0);
	check_default_loaded(&info, cls);
	assert_int_equal(info.has_pvh, 1);
	assert_int_equal(info.pvh_entry, 0x100040);
	assert_string_equal(info.expect_text, "hlt");
	image_info_free(&info);
}

static void test_pvh_4_byte_elf32(void **state)
{
	static const uint8_t d[4] = { 0x40, 0x00, 0x10, 0x00 };

	(void)state;
	load_pvh(32, d, 4, 4);
}

static void test_pvh_8_byte_elf64(void **state)
{
	static const uint8_t d[8] = { 0x40, 0x00, 0x10, 0x00, 0, 0, 0, 0 };

	(void)state;
	load_pvh(64, d, 8, 4);
}

static void test_pvh_8_byte_note_align_8(void **state)
{
	static const uint8_t d[8] = { 0x40, 0x00, 0x10, 0x00, 0, 0, 0, 0 };

	(void)state;
	load_pvh(64, d, 8, 8);
}

/* ---------------------------------------------------------------- flat images */

static void test_flat_valid(void **state)
{
	uint8_t bin[0x300];
	struct image_info info;
	char err[256] = "";

	(void)state;
	memset(bin, 0x5a, sizeof(bin));
	assert_int_equal(flat_load(bin, sizeof(bin), 0x200000, &ram, &info, err, sizeof(err)), 0);
	assert_int_equal(info.elf_class, 0);
	assert_int_equal(info.entry, 0x200000);
	assert_int_equal(info.lowest, 0x200000);
	assert_int_equal(info.highest, 0x200300);
	assert_null(info.expect_text);
	assert_true(all_bytes(0x200000, 0x300, 0x5a));
	assert_true(all_bytes(0x200300, 0x1000, RAM_FILL));
	assert_true(all_bytes(0x1ff000, 0x1000, RAM_FILL));
	image_info_free(&info);
}

static void test_flat_bad(void **state)
{
	static const struct {
		size_t len;
		uint64_t addr;
		const char *want;
	} cases[] = {
		{ 0, 0x100000, "flat image is empty (0 bytes)" },
		{ 0x2000, 0xfff000, "flat image [0xfff000, 0x1001000) is outside guest RAM (16 MiB)" },
		{ 0x10, 0x100000000ull, "flat image [0x100000000, 0x100000010) is outside guest RAM" },
		{ 0x10, UINT64_MAX - 4, "flat image load address 0xfffffffffffffffb + size 0x10 overflows" },
	};
	uint8_t bin[0x2000];
	struct image_info info;
	char err[256];

	(void)state;
	memset(bin, 0x5a, sizeof(bin));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err[0] = '\0';
		assert_rejected(flat_load(bin, cases[i].len, cases[i].addr, &ram, &info, err,
					  sizeof(err)), err, &info, cases[i].want);
	}
}

/* ---------------------------------------------------------------- robustness */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Random byte corruption of valid images (headers and notes mostly): the loader
 * must either accept or refuse with one line, never touching RAM on refusal.
 * Under SANITIZE=1 this also proves no read outside the buffer. */
static void test_random_corruption(void **state)
{
	static const uint32_t pvh = 0x100010;
	struct eb_spec s[2];
	struct eb_image base[2];
	unsigned accepted = 0, refused = 0;

	(void)state;
	for (int k = 0; k < 2; k++) {
		eb_default(&s[k], k ? 64 : 32);
		eb_add_note(&s[k], "Xen", 18, &pvh, 4);
		eb_add_note(&s[k], UVMM_NOTE_NAME, UVMM_NOTE_EXPECT, "hlt\n", 5);
		eb_add_note(&s[k], UVMM_NOTE_NAME, UVMM_NOTE_OPTIONS, "mem=4M", 6);
		assert_int_equal(eb_build(&s[k], &base[k]), 0);
	}
	for (unsigned iter = 0; iter < 4000; iter++) {
		const struct eb_image *b = &base[iter & 1];
		size_t hot = b->seg_off[0]; /* headers and notes */
		size_t len = b->len;
		/* An exact-size copy, so ASan sees any read past the end. */
		uint8_t *buf = malloc(len);
		struct image_info info;
		char err[256] = "";
		unsigned flips = 1 + rng() % 4;

		assert_non_null(buf);
		memcpy(buf, b->buf, len);
		for (unsigned f = 0; f < flips; f++)
			buf[rng() % hot] = (uint8_t)rng();
		if (rng() % 8 == 0)
			len = rng() % (len + 1);
		if (elf_load(buf, len, &ram, &info, err, sizeof(err)) == 0) {
			accepted++;
			image_info_free(&info);
			ram_reset();
		} else {
			refused++;
			assert_true(err[0] != '\0');
			assert_null(strchr(err, '\n'));
			assert_true(ram_untouched());
		}
		free(buf);
	}
	eb_free(&base[0]);
	eb_free(&base[1]);
	assert_true(accepted > 0);
	assert_true(refused > 0);
}

/* ---------------------------------------------------------------- image files */

static char tmpdir[64];

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void test_read_file(void **state)
{
	static const char data[] = "\x7f" "ELF and some more bytes";
	char path[128], err[256] = "";
	uint8_t *buf;
	size_t len;

	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_elf_load.XXXXXX");
	assert_non_null(mkdtemp(tmpdir));

	snprintf(path, sizeof(path), "%s/guest.elf", tmpdir);
	write_file(path, data, sizeof(data));
	assert_int_equal(image_read_file(path, &buf, &len, err, sizeof(err)), 0);
	assert_int_equal(len, sizeof(data));
	assert_memory_equal(buf, data, len);
	free(buf);
	unlink(path);

	snprintf(path, sizeof(path), "%s/empty.bin", tmpdir);
	write_file(path, "", 0);
	assert_int_equal(image_read_file(path, &buf, &len, err, sizeof(err)), 0);
	assert_int_equal(len, 0);
	free(buf);
	unlink(path);
	rmdir(tmpdir);
}

static void expect_read_error(const char *path, const char *want)
{
	char err[512] = "";
	uint8_t *buf = (uint8_t *)1;
	size_t len = 1;

	assert_int_equal(image_read_file(path, &buf, &len, err, sizeof(err)), -1);
	if (!strstr(err, want))
		print_error("message \"%s\", wanted \"%s\"\n", err, want);
	assert_non_null(strstr(err, want));
	assert_null(strchr(err, '\n'));
	assert_null(buf);
	assert_int_equal(len, 0);
}

static void test_read_file_errors(void **state)
{
	char path[128];
	int fd;

	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_elf_load.XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	snprintf(path, sizeof(path), "%s/guest.elf", tmpdir);
	{
		char want[160];

		snprintf(want, sizeof(want), "%s: No such file or directory", path);
		expect_read_error(path, want);
	}
	expect_read_error(tmpdir, "is a directory, not a regular file");
	expect_read_error("/dev/null", "/dev/null: is a character device, not a regular file");

	snprintf(path, sizeof(path), "%s/fifo", tmpdir);
	assert_int_equal(mkfifo(path, 0600), 0);
	expect_read_error(path, "is a FIFO, not a regular file");
	unlink(path);

	/* Sparse: costs no disk space. */
	snprintf(path, sizeof(path), "%s/huge.elf", tmpdir);
	fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (256 << 20) + 1), 0);
	close(fd);
	expect_read_error(path, "huge.elf: file is 268435457 bytes, more than the 256 MiB limit");
	unlink(path);
	rmdir(tmpdir);
}

/* The guests this repository builds must pass the loader's checks. */
static void test_real_guest_images(void **state)
{
	glob_t g;
	struct guest_mem big;
	unsigned loaded = 0;

	(void)state;
	if (glob("build/guest/*.elf", 0, NULL, &g) != 0) {
		print_message("no build/guest/*.elf: skipped (build the guests first)\n");
		skip();
	}
	assert_int_equal(guest_mem_init(&big, 256ull << 20), 0);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		uint8_t *buf;
		size_t len;
		struct image_info info;
		char err[256] = "";

		assert_int_equal(image_read_file(g.gl_pathv[i], &buf, &len, err, sizeof(err)), 0);
		if (elf_load(buf, len, &big, &info, err, sizeof(err)) != 0)
			print_error("%s: %s\n", g.gl_pathv[i], err);
		else
			loaded++;
		free(buf);
		image_info_free(&info);
	}
	assert_int_equal(loaded, g.gl_pathc);
	print_message("loaded %u guest images\n", loaded);
	guest_mem_free(&big);
	globfree(&g);
}

#define T(f) cmocka_unit_test_setup(f, per_test_setup)

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		T(test_outside_ram_message),
		T(test_segment_at_ram_top),
		T(test_overlap_reports_later_start),
		T(test_short_error_buffer),
		T(test_elf64_valid),
		T(test_elf32_valid),
		T(test_other_segments_ignored),
		T(test_notes_concatenated_in_order),
		T(test_peek_options),
		T(test_note_text_at_limit),
		T(test_pvh_4_byte_elf32),
		T(test_pvh_8_byte_elf64),
		T(test_pvh_8_byte_note_align_8),
		T(test_flat_valid),
		T(test_flat_bad),
		T(test_random_corruption),
		T(test_read_file),
		T(test_read_file_errors),
		T(test_real_guest_images),
	};
	enum { NFIXED = sizeof(fixed) / sizeof(fixed[0]) };
	static struct CMUnitTest tests[NFIXED + BAD_CASE_COUNT];
	static char names[BAD_CASE_COUNT][80];

	/* One named test per entry of the bad-image catalogue. */
	for (size_t i = 0; i < BAD_CASE_COUNT; i++) {
		snprintf(names[i], sizeof(names[i]), "bad image: %s", bad_cases[i].name);
		tests[i] = (struct CMUnitTest){ .name = names[i], .test_func = test_bad_case,
						.setup_func = per_test_setup,
						.initial_state = (void *)&bad_cases[i] };
	}
	memcpy(tests + BAD_CASE_COUNT, fixed, sizeof(fixed));
	return _cmocka_run_group_tests("elf_load", tests, NFIXED + BAD_CASE_COUNT,
				       group_setup, group_teardown);
}
