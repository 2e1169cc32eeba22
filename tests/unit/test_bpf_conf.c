/* bpf_conformance files: the reader takes every section and refuses
 * malformed ones by line; the runner passes, fails, skips and expects
 * errors as the format means; the ELF reader finds executable sections. */
#include <elf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "bpf/bpf_conf.h"
#include "bpf/bpf_conf_run.h"
#include "bpf/bpf_elf.h"

static int parse(const char *text, struct ebpf_conf_file *f, char *err, size_t errlen)
{
	return ebpf_conf_parse("t.data", text, strlen(text), f, err, errlen);
}

static void test_sections(void **state)
{
	struct ebpf_conf_file f;
	char err[256];
	(void)state;

	assert_int_equal(parse("# Copyright\n# SPDX\n-- asm\nmov %r0, %r2 # len\nexit\n-- mem\n"
			       "aa bb 1 cc\ndd # more\n-- result\n0x8\n-- no register offset\nanything here\n",
			       &f, err, sizeof(err)), 0);
	assert_string_equal(f.asm_text, "mov %r0, %r2 # len\nexit\n");
	assert_int_equal(f.asm_line, 4);
	assert_int_equal(f.mem_len, 5);
	assert_memory_equal(f.mem, "\xaa\xbb\x01\xcc\xdd", 5);
	assert_true(f.has_result);
	assert_int_equal(f.result, 8);
	assert_null(f.error);
	ebpf_conf_free(&f);

	assert_int_equal(parse("-- raw\n0x5566778800000018 0x1122334400000000\n149\n-- result\n-1\n", &f, err,
			       sizeof(err)), 0);
	assert_int_equal(f.nraw, 3);
	assert_int_equal(ebpf_insn_word(&f.raw[0]), 0x5566778800000018ull);
	assert_int_equal(f.raw[2].code, 0x95);
	assert_int_equal(f.result, UINT64_MAX);
	ebpf_conf_free(&f);

	assert_int_equal(parse("-- c\nint main(void) { return 0; }\n-- asm\nexit\n-- error\n  r10 read-only  \n",
			       &f, err, sizeof(err)), 0);
	assert_string_equal(f.error, "r10 read-only");
	assert_false(f.has_result);
	ebpf_conf_free(&f);

	/* CRLF line ends. */
	assert_int_equal(parse("-- asm\r\nexit\r\n-- result\r\n12\r\n", &f, err, sizeof(err)), 0);
	assert_int_equal(f.result, 12);
	ebpf_conf_free(&f);
}

static void bad(const char *text, const char *part)
{
	struct ebpf_conf_file f;
	char err[256];

	if (ebpf_conf_parse("t.data", text, strlen(text), &f, err, sizeof(err)) == 0)
		fail_msg("parsed: %s", text);
	ebpf_conf_free(&f);
	if (!strstr(err, part))
		fail_msg("error '%s' lacks '%s'", err, part);
}

static void test_malformed(void **state)
{
	(void)state;
	bad("-- asm\nexit\n-- memory\n00\n-- result\n0\n", "t.data:3: unknown section '-- memory'");
	bad("-- asm\nexit\n-- mem\n00 1g\n-- result\n0\n", "t.data:4: mem: '1g' is not a hex byte");
	bad("-- asm\nexit\n-- mem\n100\n-- result\n0\n", "mem: '100' is not a hex byte");
	bad("-- asm\nexit\n-- raw\nzz\n-- result\n0\n", "t.data:4: raw: 'zz' is not a 64-bit instruction word");
	bad("-- asm\nexit\n-- result\nten\n", "t.data:4: result: 'ten' is not a number");
	bad("-- asm\nexit\n-- result\n1\n2\n", "t.data:5: result: a second value '2'");
	bad("-- asm\nexit\n-- result\n0x10000000000000000\n", "is not a number");
	bad("-- asm\nexit\n-- asm\nexit\n-- result\n1\n", "t.data:3: a second '-- asm' section");
	bad("-- mem\n00\n-- result\n1\n", "t.data:5: no program");
	bad("-- asm\nexit\n", "no '-- result' or '-- error'");
	bad("-- asm\nexit\n-- result\n1\n-- error\nx\n", "both '-- result' and '-- error'");
	bad("mov %r0, 1\n-- asm\nexit\n-- result\n1\n", "t.data:1: 'mov %r0, 1' outside any section");
	{
		static const char nul[] = "-- asm\nex\0it\n-- result\n1\n";
		struct ebpf_conf_file f;
		char err[256];

		assert_int_equal(ebpf_conf_parse("t.data", nul, sizeof(nul) - 1, &f, err, sizeof(err)), -1);
		assert_non_null(strstr(err, "t.data:2: a NUL byte"));
		ebpf_conf_free(&f);
	}
}

static enum ebpf_conf_verdict run(const char *text, char *msg, size_t len)
{
	struct ebpf_conf_file f;
	struct ebpf_conf_outcome o;
	char err[256];

	if (ebpf_conf_parse("t.data", text, strlen(text), &f, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	ebpf_conf_run(&f, &o);
	ebpf_conf_free(&f);
	snprintf(msg, len, "%s", o.msg);
	return o.verdict;
}

#define VERDICT(text, v, part) do { \
		char m_[400]; \
		enum ebpf_conf_verdict got_ = run(text, m_, sizeof(m_)); \
		if (got_ != (v) || !strstr(m_, part)) \
			fail_msg("verdict %d '%s', expected %d containing '%s'", got_, m_, v, part); \
	} while (0)

static void test_runner(void **state)
{
	(void)state;
	/* r1 is the memory, r2 its length; the memory is writable. */
	VERDICT("-- asm\nmov %r0, %r2\nexit\n-- mem\n00 01 02 03 04 05 06 07\n-- result\n0x8\n", EBPF_CONF_PASS, "");
	VERDICT("-- asm\nstb [%r1+1], 9\nldxh %r0, [%r1]\nexit\n-- mem\n01 02\n-- result\n0x901\n", EBPF_CONF_PASS, "");
	VERDICT("-- asm\nmov %r0, 1\nexit\n-- result\n2\n", EBPF_CONF_FAIL, "r0 = 0x1, expected 0x2");
	VERDICT("-- raw\n0x00000001000000b7\n0x0000000000000095\n-- result\n1\n", EBPF_CONF_PASS, "");
	/* Both: they must agree. */
	VERDICT("-- asm\nmov %r0, 2\nexit\n-- raw\n0x00000001000000b7\n0x95\n-- result\n1\n", EBPF_CONF_BAD,
		"-- asm and -- raw differ at slot 0");
	VERDICT("-- asm\nmov %r0, 1\nfrob\nexit\n-- result\n1\n", EBPF_CONF_BAD, "asm: line 3: unknown mnemonic 'frob'");
	VERDICT("-- asm\nmov %r2, 1\ncall %r2\nexit\n-- result\n1\n", EBPF_CONF_SKIP,
		"group callx is not implemented by uvmm");
	/* Helper 5 is Linux's ktime_get_ns. */
	VERDICT("-- asm\ncall 5\nmov %r0, 2\nexit\n-- result\n2\n", EBPF_CONF_PASS, "");
	VERDICT("-- asm\ncall 6\nexit\n-- result\n0\n", EBPF_CONF_FAIL, "refused: insn 0 (call): helper: helper 6");
	/* Expected errors: from the assembler, the verifier or the run. */
	VERDICT("-- asm\nmov %r10, 1\nexit\n-- error\nr10 read-only\n", EBPF_CONF_PASS, "");
	VERDICT("-- asm\nmov %r10, 1\nexit\n-- error\nunknown opcode\n", EBPF_CONF_FAIL,
		"refused: 'insn 0 (mov): r10 read-only: writes r10, the frame pointer', expected an error containing 'unknown opcode'");
	VERDICT("-- asm\nldxb %r0, [%r1+8]\nexit\n-- mem\n00\n-- error\nout of bounds\n", EBPF_CONF_PASS, "");
	VERDICT("-- asm\nldxb %r0, [%r1+8]\nexit\n-- mem\n00\n-- result\n0\n", EBPF_CONF_FAIL,
		"run: insn 0: out of bounds: read of 1 bytes");
	VERDICT("-- asm\nloop:\nja loop\n-- error\ninstruction budget exhausted\n", EBPF_CONF_PASS, "");
	VERDICT("-- asm\nmov %r0, 1\nexit\n-- error\nanything\n", EBPF_CONF_FAIL,
		"returned r0 = 0x1, expected an error containing 'anything'");
	VERDICT("-- asm\nmov %r0, %r16\nexit\n-- error\n'%r16' is not a register\n", EBPF_CONF_PASS, "");
	/* A program over the hyperupcall limit is refused. */
	{
		static char text[5000 * 6 + 64];
		size_t len = (size_t)snprintf(text, sizeof(text), "-- asm\n");

		for (int k = 0; k < 4100; k++)
			len += (size_t)snprintf(text + len, sizeof(text) - len, "exit\n");
		snprintf(text + len, sizeof(text) - len, "-- error\nthe limit is 4096\n");
		VERDICT(text, EBPF_CONF_PASS, "");
	}
}

/* An EM_BPF relocatable: null section, .text (code), .data, .shstrtab. */
static size_t build_elf(uint8_t *img, size_t cap, uint16_t machine, uint64_t text_off_shift)
{
	static const char names[] = "\0.text\0.data\0.shstrtab\0prog/x";
	const uint64_t code[] = { 0x00000001000000b7ull, 0x95 };
	Elf64_Ehdr eh = { .e_type = ET_REL, .e_machine = machine, .e_version = EV_CURRENT,
			  .e_ehsize = sizeof(Elf64_Ehdr), .e_shentsize = sizeof(Elf64_Shdr), .e_shnum = 5,
			  .e_shstrndx = 3 };
	Elf64_Shdr sh[5] = { { 0 } };
	size_t off = sizeof(eh);

	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	memset(img, 0, cap);
	memcpy(img + off, code, sizeof(code));
	sh[1] = (Elf64_Shdr){ .sh_name = 1, .sh_type = SHT_PROGBITS, .sh_flags = SHF_ALLOC | SHF_EXECINSTR,
			      .sh_offset = off + text_off_shift, .sh_size = sizeof(code) };
	sh[4] = (Elf64_Shdr){ .sh_name = 23, .sh_type = SHT_PROGBITS, .sh_flags = SHF_ALLOC | SHF_EXECINSTR,
			      .sh_offset = off, .sh_size = 8 };
	off += sizeof(code);
	sh[2] = (Elf64_Shdr){ .sh_name = 7, .sh_type = SHT_PROGBITS, .sh_flags = SHF_ALLOC | SHF_WRITE,
			      .sh_offset = off, .sh_size = 8 };
	off += 8;
	memcpy(img + off, names, sizeof(names));
	sh[3] = (Elf64_Shdr){ .sh_name = 13, .sh_type = SHT_STRTAB, .sh_offset = off, .sh_size = sizeof(names) };
	off += sizeof(names);
	off = (off + 7) & ~(size_t)7;
	eh.e_shoff = off;
	memcpy(img, &eh, sizeof(eh));
	memcpy(img + off, sh, sizeof(sh));
	return off + sizeof(sh);
}

static void test_elf(void **state)
{
	static uint8_t img[4096];
	struct ebpf_elf_section s[4];
	char err[200];
	unsigned n;
	size_t len = build_elf(img, sizeof(img), EM_BPF, 0);
	(void)state;

	assert_true(ebpf_elf_is(img, len));
	assert_int_equal(ebpf_elf_sections(img, len, s, 4, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 2);
	assert_string_equal(s[0].name, ".text");
	assert_int_equal(s[0].size, 16);
	assert_int_equal(s[0].data[0], 0xb7);
	assert_string_equal(s[1].name, "prog/x");
	assert_int_equal(ebpf_elf_sections(img, len, s, 1, &n, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "more than 1 executable sections"));
	/* Truncated: the section headers are past the end. */
	assert_int_equal(ebpf_elf_sections(img, len - 1, s, 4, &n, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "section headers outside the file"));
	len = build_elf(img, sizeof(img), EM_X86_64, 0);
	assert_int_equal(ebpf_elf_sections(img, len, s, 4, &n, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "machine 62 is not EM_BPF (247)"));
	len = build_elf(img, sizeof(img), EM_BPF, 1ull << 40);
	assert_int_equal(ebpf_elf_sections(img, len, s, 4, &n, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "section 1 lies outside the file"));
	assert_false(ebpf_elf_is((const uint8_t *)"\x7f" "EL", 3));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sections), cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_runner),   cmocka_unit_test(test_elf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
