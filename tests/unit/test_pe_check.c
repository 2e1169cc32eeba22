/* Unit tests for the UEFI image checker: a minimal valid PE32+ EFI
 * application passes, and each thing make efi must never ship is refused
 * with its own reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "xplat/pe_check.h"

#define PE_OFF 0x80
#define OPT (PE_OFF + 4 + 20)
#define OPT_SIZE (112 + 16 * 8)
#define SEC (OPT + OPT_SIZE)
#define FILE_SIZE 0x400

static uint8_t img[FILE_SIZE];

static void w16(size_t off, uint16_t v) { img[off] = (uint8_t)v; img[off + 1] = (uint8_t)(v >> 8); }
static void w32(size_t off, uint32_t v) { w16(off, (uint16_t)v); w16(off + 2, (uint16_t)(v >> 16)); }

static void section(unsigned i, const char *name, uint32_t va, uint32_t size, uint32_t raw_off,
		    uint32_t flags)
{
	size_t s = SEC + 40 * i;

	memcpy(img + s, name, strlen(name));
	w32(s + 8, size);
	w32(s + 12, va);
	w32(s + 16, size);
	w32(s + 20, raw_off);
	w32(s + 36, flags);
}

/* .text at 0x1000 (entry), .reloc at 0x2000 holding the relocation block. */
static void build(void)
{
	memset(img, 0, sizeof(img));
	img[0] = 'M';
	img[1] = 'Z';
	w32(0x3c, PE_OFF);
	memcpy(img + PE_OFF, "PE\0\0", 4);
	w16(PE_OFF + 4, 0x8664);
	w16(PE_OFF + 6, 2);
	w16(PE_OFF + 20, OPT_SIZE);
	w16(PE_OFF + 22, 0x0206);
	w16(OPT, 0x20b);
	w32(OPT + 16, 0x1000);
	w32(OPT + 56, 0x3000);
	w16(OPT + 68, 10);
	w32(OPT + 108, 16);
	w32(OPT + 112 + 5 * 8, 0x2000);
	w32(OPT + 112 + 5 * 8 + 4, 12);
	section(0, ".text", 0x1000, 0x100, 0x200, 0x60000020);
	section(1, ".reloc", 0x2000, 0x100, 0x300, 0x42000040);
}

static const char *check(void)
{
	static char err[256];

	return pe_check(img, sizeof(img), NULL, err, sizeof(err)) == 0 ? NULL : err;
}

static void a_valid_application_passes(void **state)
{
	struct pe_info pi;
	char err[256];

	(void)state;
	build();
	assert_int_equal(pe_check(img, sizeof(img), &pi, err, sizeof(err)), 0);
	assert_int_equal(pi.subsystem, 10);
	assert_int_equal(pi.entry_rva, 0x1000);
	assert_int_equal(pi.reloc_size, 12);
	assert_int_equal(pi.nsections, 2);
}

static void each_defect_has_its_reason(void **state)
{
	static const struct {
		size_t off;
		int width;
		uint32_t value;
		const char *reason;
	} cases[] = {
		{ 0, 1, 'X', "no DOS header (\"MZ\")" },
		{ 0x3c, 4, 0x10000, "no PE signature at e_lfanew 0x10000" },
		{ PE_OFF + 2, 1, 'X', "no PE signature at e_lfanew 0x80" },
		{ PE_OFF + 4, 2, 0x14c, "machine 0x14c, not x86-64 (0x8664)" },
		{ PE_OFF + 22, 2, 0x2206, "characteristics 0x2206: not an executable image" },
		{ PE_OFF + 20, 2, 64, "optional header of 64 bytes (a PE32+ one has at least 112)" },
		{ OPT, 2, 0x10b, "optional header magic 0x10b, not PE32+ (0x20b)" },
		{ OPT + 68, 2, 3, "subsystem 3, not an EFI application (10)" },
		{ OPT + 68, 2, 11, "subsystem 11, not an EFI application (10)" },
		{ OPT + 108, 4, 5, "no base relocation directory (5 data directories)" },
		{ OPT + 112 + 5 * 8 + 4, 4, 0, "no base relocations: the firmware could not move the image" },
		{ PE_OFF + 6, 2, 0, "no sections" },
		{ PE_OFF + 6, 2, 40, "40 section headers run past the end of the file" },
		{ SEC + 20, 4, 0x3f0, "section .text: its data runs past the end of the file" },
		{ OPT + 56, 4, 0x1800, "section .reloc ends past SizeOfImage 0x1800" },
		{ OPT + 16, 4, 0x2010, "entry point 0x2010 is in no executable section" },
		{ OPT + 112 + 5 * 8, 4, 0x5000, "the base relocations (0x5000, 12 bytes) are in no section" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *err;

		build();
		if (cases[i].width == 1)
			img[cases[i].off] = (uint8_t)cases[i].value;
		else if (cases[i].width == 2)
			w16(cases[i].off, (uint16_t)cases[i].value);
		else
			w32(cases[i].off, cases[i].value);
		err = check();
		if (!err || strcmp(err, cases[i].reason))
			fail_msg("case %zu: got '%s', want '%s'", i, err ? err : "(accepted)",
				 cases[i].reason);
	}
}

static void a_truncated_file_is_refused(void **state)
{
	char err[256];

	(void)state;
	build();
	for (size_t len = 0; len < SEC + 80; len += 7)
		assert_int_equal(pe_check(img, len, NULL, err, sizeof(err)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_valid_application_passes),
		cmocka_unit_test(each_defect_has_its_reason),
		cmocka_unit_test(a_truncated_file_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
