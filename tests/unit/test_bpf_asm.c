/* The eBPF assembler and disassembler: the conformance syntax encodes as
 * the suite means it, every error names its line, and disassembly of any
 * slots whatever assembles back to the same slots. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bpf/bpf_asm.h"
#include "bpf/bpf_ops.h"
#include "bpf_util.h"

#define I(c, d, s, o, i) ((struct ebpf_insn)EBPF_INSN(c, d, s, o, i))

static void encodes(const char *text, const struct ebpf_insn *want, size_t nwant)
{
	size_t n;
	const struct ebpf_insn *got = bpf_asm_ok(text, &n);

	if (n != nwant)
		fail_msg("'%s': %zu slots, expected %zu", text, n, nwant);
	for (size_t k = 0; k < n; k++)
		if (ebpf_insn_word(&got[k]) != ebpf_insn_word(&want[k]))
			fail_msg("'%s' slot %zu: 0x%016llx, expected 0x%016llx", text, k,
				 (unsigned long long)ebpf_insn_word(&got[k]), (unsigned long long)ebpf_insn_word(&want[k]));
}

#define ENC(text, ...) encodes(text, (const struct ebpf_insn[]){ __VA_ARGS__ }, \
	sizeof((const struct ebpf_insn[]){ __VA_ARGS__ }) / sizeof(struct ebpf_insn))

static void test_syntax(void **state)
{
	(void)state;
	ENC("mov %r0, 1", I(0xb7, 0, 0, 0, 1));
	ENC("mov64 %r0, 1", I(0xb7, 0, 0, 0, 1));
	ENC("mov32 %r0, -1", I(0xb4, 0, 0, 0, -1));
	ENC("add32 %r1, 0xffffffff", I(0x04, 1, 0, 0, -1));
	ENC("add %r1, %r2", I(0x0f, 1, 2, 0, 0));
	ENC("sdiv32 %r1, %r2", I(0x3c, 1, 2, 1, 0));
	ENC("smod %r1, -3", I(0x97, 1, 0, 1, -3));
	ENC("movsx1664 %r1, %r2", I(0xbf, 1, 2, 16, 0));
	ENC("movsx832 %r1, %r2", I(0xbc, 1, 2, 8, 0));
	ENC("neg32 %r3", I(0x84, 3, 0, 0, 0));
	ENC("le16 %r3", I(0xd4, 3, 0, 0, 16));
	ENC("be64 %r3", I(0xdc, 3, 0, 0, 64));
	ENC("bswap32 %r3", I(0xd7, 3, 0, 0, 32));
	ENC("swap16 %r3", I(0xd7, 3, 0, 0, 16));
	ENC("ldxh %r0, [%r1+0x2]", I(0x69, 0, 1, 2, 0));
	ENC("ldxsw %r0, [%r1]", I(0x81, 0, 1, 0, 0));
	ENC("ldxdw %r0, [%r10-8]", I(0x79, 0, 10, -8, 0));
	ENC("ldxb %r0, [ %r1 + 0x10 ]", I(0x71, 0, 1, 16, 0));
	ENC("stb [%r10-1], 0x80", I(0x72, 10, 0, -1, 0x80));
	ENC("stxw [%r1+4], %r2", I(0x63, 1, 2, 4, 0));
	ENC("lock add [%r10-8], %r1", I(0xdb, 10, 1, -8, 0x00));
	ENC("lock fetch xor32 [%r1+4], %r3", I(0xc3, 1, 3, 4, 0xa1));
	ENC("lock xchg [%r1], %r3", I(0xdb, 1, 3, 0, 0xe1));
	ENC("lock cmpxchg32 [%r1], %r3", I(0xc3, 1, 3, 0, 0xf1));
	ENC("ja +3", I(0x05, 0, 0, 3, 0));
	ENC("ja -1", I(0x05, 0, 0, -1, 0));
	ENC("ja32 +70000", I(0x06, 0, 0, 0, 70000));
	ENC("jeq %r1, 5, +2", I(0x15, 1, 0, 2, 5));
	ENC("jsgt32 %r1, %r2, -4", I(0x6e, 1, 2, -4, 0));
	ENC("call 5", I(0x85, 0, 0, 0, 5));
	ENC("call helper 5", I(0x85, 0, 0, 0, 5));
	ENC("call local +2", I(0x85, 0, 1, 0, 2));
	ENC("call runtime 7", I(0x85, 0, 2, 0, 7));
	ENC("call %r2", I(0x8d, 2, 0, 0, 0));
	ENC("exit", I(0x95, 0, 0, 0, 0));
	ENC("lddw %r0, 0x1122334455667788", I(0x18, 0, 0, 0, 0x55667788), I(0, 0, 0, 0, 0x11223344));
	ENC("lddw %r1, -2", I(0x18, 1, 0, 0, -2), I(0, 0, 0, 0, -1));
	ENC("ldabsh 12", I(0x28, 0, 0, 0, 12));
	ENC("ldindb %r3, 4", I(0x50, 0, 3, 0, 4));
	ENC(".raw 0x0000000100000095", I(0x95, 0, 0, 0, 1));
	ENC("mov %r15, 1", I(0xb7, 15, 0, 0, 1));
	ENC("  mov %r0, 1   # comment\n\n# only a comment\nexit", I(0xb7, 0, 0, 0, 1), I(0x95, 0, 0, 0, 0));
}

static void test_labels(void **state)
{
	(void)state;
	/* Labels count slots: a lddw is two. */
	ENC("ja L\nlddw %r0, 1\nL:\nexit", I(0x05, 0, 0, 2, 0), I(0x18, 0, 0, 0, 1), I(0, 0, 0, 0, 0),
	    I(0x95, 0, 0, 0, 0));
	ENC("top:\nmov %r0, 0\njne %r0, 1, top\nexit", I(0xb7, 0, 0, 0, 0), I(0x55, 0, 0, -2, 1), I(0x95, 0, 0, 0, 0));
	ENC("call local f\nexit\nf:\nexit", I(0x85, 0, 1, 0, 1), I(0x95, 0, 0, 0, 0), I(0x95, 0, 0, 0, 0));
	ENC("ja32 L\nmov %r0, 1\nL:\nexit", I(0x06, 0, 0, 0, 1), I(0xb7, 0, 0, 0, 1), I(0x95, 0, 0, 0, 0));
	/* The first exit is the label "exit" unless the program defines it. */
	ENC("jeq %r1, 0, exit\nmov %r0, 1\nexit\nexit", I(0x15, 1, 0, 1, 0), I(0xb7, 0, 0, 0, 1),
	    I(0x95, 0, 0, 0, 0), I(0x95, 0, 0, 0, 0));
	ENC("ja exit\nexit\nexit:\nexit", I(0x05, 0, 0, 1, 0), I(0x95, 0, 0, 0, 0), I(0x95, 0, 0, 0, 0));
}

static void refuses(const char *text, const char *part)
{
	struct ebpf_insn out[8];
	char err[256];
	size_t n;

	if (ebpf_asm(text, 10, out, 8, &n, err, sizeof(err)) == 0)
		fail_msg("'%s' assembled", text);
	if (!strstr(err, part))
		fail_msg("'%s': error '%s' lacks '%s'", text, err, part);
}

static void test_errors(void **state)
{
	(void)state;
	refuses("mov %r0, 1\nfrob %r0", "line 11: unknown mnemonic 'frob'");
	refuses("add %r0", "line 10: add takes %dst, imm or %src, not 1 operand");
	refuses("exit %r0", "exit takes no operands, not 1 operand");
	refuses("mov %r0, 0x100000000", "'0x100000000' is not a number that fits in 32 bits");
	refuses("mov %r0, -2147483649", "fits in 32 bits");
	refuses("mov %r16, 1", "'%r16' is not a register");
	refuses("mov r1, 1", "'r1' is not a register");
	refuses("ldxw %r0, [%r1+70000]", "'+70000' is not an offset that fits in 16 bits");
	refuses("ldxw %r0, %r1", "'%r1' is not a memory operand");
	refuses("ja +40000", "jump offset '+40000' does not fit in 16 bits");
	refuses("ja nowhere", "line 10: undefined label 'nowhere'");
	refuses("a:\nexit\na:\nexit", "line 12: label 'a' is defined twice (first at line 10)");
	refuses("1a:\nexit", "'1a' is not a label name");
	refuses("lddw %r0, 0x10000000000000000", "fits in 64 bits");
	refuses("mov %r0, 1,", "empty operand");
	refuses(".raw 12, 3", ".raw takes one 64-bit instruction word");
	refuses("exit\nexit\nexit\nexit\nexit\nexit\nexit\nexit\nexit", "more than 8 instruction slots");
	refuses("lddw %r0, 1\nexit\nexit\nexit\nexit\nexit\nexit\nexit", "more than 8 instruction slots");
}

static void test_far_label(void **state)
{
	static char text[40000 * 5 + 64];
	static struct ebpf_insn out[40010];
	char err[200];
	size_t n, len = 0;
	(void)state;

	len += (size_t)snprintf(text + len, sizeof(text) - len, "ja far\n");
	for (int k = 0; k < 40000; k++)
		len += (size_t)snprintf(text + len, sizeof(text) - len, "exit\n");
	snprintf(text + len, sizeof(text) - len, "far:\nexit\n");
	assert_int_equal(ebpf_asm(text, 1, out, 40010, &n, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "line 1: 'far' is 40000 slots away, more than a 16-bit offset reaches"));
	text[1] = 'a';  /* ja32 reaches */
	memmove(text + 4, text + 2, strlen(text + 2) + 1);
	memcpy(text, "ja32", 4);
	assert_int_equal(ebpf_asm(text, 1, out, 40010, &n, err, sizeof(err)), 0);
	assert_int_equal(out[0].imm, 40000);
}

static void dis_is(const struct ebpf_insn *p, size_t n, const char *want)
{
	char buf[160];

	ebpf_disasm_insn(p, n, 0, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

static void test_disasm_text(void **state)
{
	struct ebpf_insn lddw[] = { I(0x18, 1, 0, 0, 0x55667788), I(0, 0, 0, 0, 0x11223344) };
	struct ebpf_insn one[1];
	(void)state;

	dis_is(lddw, 2, "lddw %r1, 0x1122334455667788");
	assert_int_equal(ebpf_disasm_insn(lddw, 2, 0, (char[64]){ 0 }, 64), 2);
	dis_is(lddw, 1, ".raw 0x5566778800000118  # lddw without a valid second half");
#define D(insn, text) do { one[0] = insn; dis_is(one, 1, text); } while (0)
	D(I(0xb7, 0, 0, 0, -1), "mov %r0, -1");
	D(I(0xb7, 0, 0, 0, 9), "mov %r0, 9");
	D(I(0xb7, 0, 0, 0, 10), "mov %r0, 0xa");
	D(I(0x69, 0, 1, 2, 0), "ldxh %r0, [%r1+2]");
	D(I(0x7b, 10, 1, -8, 0), "stxdw [%r10-8], %r1");
	D(I(0x72, 1, 0, 0, 0x80), "stb [%r1], 0x80");
	D(I(0xc3, 1, 3, 4, 0xa1), "lock fetch xor32 [%r1+4], %r3");
	D(I(0x55, 3, 0, -4, 0x81), "jne %r3, 0x81, -4");
	D(I(0x85, 0, 1, 0, 3), "call local +3");
	D(I(0x8d, 2, 0, 0, 0), "call %r2");
	D(I(0xbf, 1, 2, 32, 0), "movsx3264 %r1, %r2");
	D(I(0xd7, 1, 0, 0, 64), "bswap64 %r1");
	D(I(0x95, 0, 0, 0, 0), "exit");
	D(I(0x8e, 0, 0, 0, 0), ".raw 0x000000000000008e  # undefined opcode 0x8e");
	D(I(0x95, 0, 0, 0, 5), ".raw 0x0000000500000095  # exit with a non-zero unused field");
	D(I(0x34, 0, 0, 3, 1), ".raw 0x0000000100030034  # opcode 0x34: its off/imm/src selects no instruction");
	D(I(0x18, 1, 1, 0, 1), ".raw 0x0000000100001118  # lddw src 1");
#undef D
}

static char *dis_to_text(const struct ebpf_insn *p, size_t n)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	assert_int_equal(ebpf_disasm(f, p, n), 0);
	fclose(f);
	return text;
}

static void round_trips(const struct ebpf_insn *p, size_t n)
{
	static struct ebpf_insn back[BPF_TEST_MAX];
	char *text = dis_to_text(p, n), err[256];
	size_t m;

	if (ebpf_asm(text, 1, back, BPF_TEST_MAX, &m, err, sizeof(err)) < 0)
		fail_msg("disassembly does not assemble: %s\n%s", err, text);
	if (m != n)
		fail_msg("%zu slots back from %zu:\n%s", m, n, text);
	for (size_t k = 0; k < n; k++)
		if (ebpf_insn_word(&back[k]) != ebpf_insn_word(&p[k]))
			fail_msg("slot %zu: 0x%016llx back from 0x%016llx:\n%s", k,
				 (unsigned long long)ebpf_insn_word(&back[k]), (unsigned long long)ebpf_insn_word(&p[k]), text);
	free(text);
}

static void test_labels_in_disasm(void **state)
{
	size_t n;
	const struct ebpf_insn *p = bpf_asm_ok("mov %r0, 0\njeq %r1, 0, done\nlddw %r2, 5\nja +1\n"
					       "ja done\nadd %r0, 1\ndone:\nexit", &n);
	char *text = dis_to_text(p, n);
	(void)state;

	assert_string_equal(text, "mov %r0, 0\njeq %r1, 0, L7\nlddw %r2, 0x5\nja L6\nja L7\nL6:\nadd %r0, 1\n"
			    "L7:\nexit\n");
	free(text);
	/* A target inside a lddw or outside the program keeps its offset. */
	p = bpf_asm_ok("ja +1\nlddw %r1, 3\nja -100\nexit", &n);
	text = dis_to_text(p, n);
	assert_string_equal(text, "ja +1\nlddw %r1, 0x3\nja -100\nexit\n");
	free(text);
}

/* Every table row, with fields set, survives the round trip. */
static void test_round_trip_rows(void **state)
{
	(void)state;
	for (size_t k = 0; k < ebpf_nops; k++) {
		const struct ebpf_op *op = &ebpf_ops[k];
		const struct ebpf_form_use *u = ebpf_form_use(op->form);
		struct ebpf_insn p[2] = { I(op->code, u->dst ? 3 : 0, u->src ? 7 : 0, u->off ? -5 : 0,
					     u->imm ? 0x12345 : 0), I(0, 0, 0, 0, 0x777) };

		if (op->sel == EBPF_SEL_OFF)
			p[0].off = (int16_t)op->sel_val;
		if (op->sel == EBPF_SEL_IMM)
			p[0].imm = op->sel_val;
		if (op->sel == EBPF_SEL_SRC)
			p[0].regs = ebpf_regs(ebpf_dst(&p[0]), (unsigned)op->sel_val);
		round_trips(p, op->form == EBPF_F_LDDW ? 2 : 1);
	}
}

/* Arbitrary slots (random words, and words biased towards real opcodes
 * with small fields) round-trip exactly, as .raw where they must. */
static void test_round_trip_random(void **state)
{
	static struct ebpf_insn p[64];
	uint64_t x = 0x9e3779b97f4a7c15ull;
	(void)state;

	for (int prog = 0; prog < 3000; prog++) {
		size_t n = 1 + (size_t)(x % 64);

		for (size_t k = 0; k < n; k++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			p[k] = ebpf_insn_from_word(x);
			if (prog % 2) {
				const struct ebpf_op *op = &ebpf_ops[(x >> 8) % ebpf_nops];

				p[k].code = op->code;
				p[k].off = (int16_t)((int)(x >> 40) % 8 - 4);
				if (op->sel == EBPF_SEL_OFF)
					p[k].off = (int16_t)op->sel_val;
				if (op->sel == EBPF_SEL_IMM)
					p[k].imm = op->sel_val;
				if ((x >> 20) & 1)
					p[k].regs = 0;
			}
		}
		round_trips(p, n);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_syntax),           cmocka_unit_test(test_labels),
		cmocka_unit_test(test_errors),           cmocka_unit_test(test_far_label),
		cmocka_unit_test(test_disasm_text),      cmocka_unit_test(test_labels_in_disasm),
		cmocka_unit_test(test_round_trip_rows),  cmocka_unit_test(test_round_trip_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
