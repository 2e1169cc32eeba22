/* The eBPF verifier: every rule refuses its bad program at the right
 * instruction with its message, and accepts the good program next to it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "bpf/bpf.h"
#include "bpf/bpf_ops.h"
#include "bpf_util.h"

#define I(c, d, s, o, i) ((struct ebpf_insn)EBPF_INSN(c, d, s, o, i))
#define EXIT I(0x95, 0, 0, 0, 0)
#define MOV0 I(0xb7, 0, 0, 0, 0)
#define P(...) ((const struct ebpf_insn[]){ __VA_ARGS__ }), \
	(sizeof((const struct ebpf_insn[]){ __VA_ARGS__ }) / sizeof(struct ebpf_insn))

static int nop_helper(void *env, const struct ebpf_call *c, uint64_t *r0)
{
	(void)env;
	(void)c;
	*r0 = 0;
	return 0;
}

static const struct ebpf_helper helpers[] = {
	{ .id = 5, .name = "five", .fn = nop_helper },
	{ .id = 9, .name = "buf", .fn = nop_helper, .arg = { EBPF_ARG_MEM_R, EBPF_ARG_LEN } },
};
static const struct ebpf_load_opts with_helpers = { .helpers = helpers, .nhelpers = 2 };

static void refuses(const struct ebpf_insn *p, size_t n, const struct ebpf_load_opts *o,
		    enum ebpf_rule rule, int pc, const char *part)
{
	struct ebpf_refusal why;
	struct ebpf_prog *prog = ebpf_prog_load(p, n, o, &why);

	if (prog) {
		ebpf_prog_free(prog);
		fail_msg("accepted, expected a refusal by rule '%s'", ebpf_rule_name(rule));
	}
	if (why.rule != rule || why.pc != pc || !strstr(why.msg, part))
		fail_msg("refused as rule '%s' at %d: '%s'; expected rule '%s' at %d containing '%s'",
			 ebpf_rule_name(why.rule), why.pc, why.msg, ebpf_rule_name(rule), pc, part);
	/* One line, naming the instruction or the program. */
	assert_null(strchr(why.msg, '\n'));
	assert_true(!strncmp(why.msg, "insn ", 5) || !strncmp(why.msg, "program: ", 9));
}

static void accepts(const struct ebpf_insn *p, size_t n, const struct ebpf_load_opts *o)
{
	struct ebpf_refusal why;
	struct ebpf_prog *prog = ebpf_prog_load(p, n, o, &why);

	if (!prog)
		fail_msg("refused: %s", why.msg);
	ebpf_prog_free(prog);
}

static void refuses_asm(const char *text, const struct ebpf_load_opts *o, enum ebpf_rule rule, int pc,
			const char *part)
{
	size_t n;
	const struct ebpf_insn *p = bpf_asm_ok(text, &n);

	refuses(p, n, o, rule, pc, part);
}

static void accepts_asm(const char *text, const struct ebpf_load_opts *o)
{
	size_t n;
	const struct ebpf_insn *p = bpf_asm_ok(text, &n);

	accepts(p, n, o);
}

static void test_length(void **state)
{
	static struct ebpf_insn big[EBPF_MAX_INSNS + 1];
	struct ebpf_load_opts four = { .max_insns = 4 };
	(void)state;

	refuses(big, 0, NULL, EBPF_RULE_LENGTH, -1, "program: length: no instructions");
	for (size_t k = 0; k < EBPF_MAX_INSNS + 1; k++)
		big[k] = MOV0;
	big[EBPF_MAX_INSNS] = EXIT;
	refuses(big, EBPF_MAX_INSNS + 1, NULL, EBPF_RULE_LENGTH, -1, "4097 instruction slots, the limit is 4096");
	big[EBPF_MAX_INSNS - 1] = EXIT;
	accepts(big, EBPF_MAX_INSNS, NULL);
	/* The limit counts slots: a lddw is two. */
	refuses(P(I(0x18, 0, 0, 0, 1), I(0, 0, 0, 0, 0), MOV0, MOV0, EXIT), &four, EBPF_RULE_LENGTH, -1,
		"5 instruction slots, the limit is 4");
	accepts(P(I(0x18, 0, 0, 0, 1), I(0, 0, 0, 0, 0), MOV0, EXIT), &four);
}

static void test_opcode(void **state)
{
	(void)state;
	refuses(P(I(0x8e, 0, 0, 0, 0), EXIT), NULL, EBPF_RULE_OPCODE, 0,
		"insn 0: opcode: 0x8e is not an RFC 9669 opcode");
	refuses(P(MOV0, I(0x00, 0, 0, 0, 0), EXIT), NULL, EBPF_RULE_OPCODE, 1,
		"0x00 is not an instruction (it fills only the second half of a lddw)");
	/* {MEMSX, DW, LDX} and {ST, MEMSX} do not exist; {MEMSX, W, LDX} does. */
	refuses(P(I(0x99, 0, 1, 0, 0), EXIT), NULL, EBPF_RULE_OPCODE, 0, "0x99");
	refuses(P(I(0x82, 1, 0, 0, 0), EXIT), NULL, EBPF_RULE_OPCODE, 0, "0x82");
	accepts(P(I(0x81, 0, 10, -8, 0), EXIT), NULL);
}

/* Every one of the 256 opcodes the table does not hold is refused by name;
 * every one it holds is not refused as an unknown opcode. */
static void test_opcode_all_256(void **state)
{
	(void)state;
	for (unsigned c = 0; c < 256; c++) {
		struct ebpf_insn p[] = { I((uint8_t)c, 0, 0, 0, 0), I(0, 0, 0, 0, 0), EXIT };
		struct ebpf_refusal why;
		struct ebpf_prog *prog = ebpf_prog_load(p, 3, NULL, &why);
		size_t rows;

		if (!ebpf_ops_for((uint8_t)c, &rows)) {
			assert_null(prog);
			assert_int_equal(why.rule, EBPF_RULE_OPCODE);
			assert_int_equal(why.pc, 0);
		} else if (!prog) {
			assert_false(why.rule == EBPF_RULE_OPCODE && why.pc == 0);
		}
		ebpf_prog_free(prog);
	}
}

static void test_encoding(void **state)
{
	(void)state;
	refuses(P(I(0x34, 0, 0, 2, 3), EXIT), NULL, EBPF_RULE_ENCODING, 0,
		"insn 0: encoding: opcode 0x34 with off 2 is no instruction (off 0: div32, 1: sdiv32)");
	refuses(P(I(0xd4, 0, 0, 0, 24), EXIT), NULL, EBPF_RULE_ENCODING, 0, "with imm 24 is no instruction");
	refuses(P(I(0xdb, 10, 1, -8, 0x02), EXIT), NULL, EBPF_RULE_ENCODING, 0, "opcode 0xdb with imm 2");
	refuses(P(I(0x18, 0, 7, 0, 0), I(0, 0, 0, 0, 0), EXIT), NULL, EBPF_RULE_ENCODING, 0, "with src 7");
	refuses(P(I(0x85, 0, 3, 0, 5), EXIT), NULL, EBPF_RULE_ENCODING, 0, "with src 3");
	/* 32-bit movsx has no 32-bit source width; the 64-bit one has. */
	refuses(P(I(0xbc, 0, 1, 32, 0), EXIT), NULL, EBPF_RULE_ENCODING, 0, "opcode 0xbc with off 32");
	accepts(P(I(0xbf, 0, 1, 32, 0), EXIT), NULL);
	accepts(P(I(0x34, 0, 0, 1, 3), I(0xd4, 0, 0, 0, 16), I(0xdb, 10, 1, -8, 0xa1), EXIT), NULL);
}

static void test_group(void **state)
{
	struct ebpf_load_opts base = { .groups = EBPF_G_BASE32 | EBPF_G_BASE64 };
	(void)state;
	refuses_asm("mov %r2, 5\ncall %r2\nexit", NULL, EBPF_RULE_GROUP, 1,
		    "insn 1 (call): group: opcode 0x8d is in group callx, which uvmm does not implement");
	refuses(P(I(0x20, 0, 0, 0, 4), EXIT), NULL, EBPF_RULE_GROUP, 0, "(ldabsw): group: opcode 0x20 is in group packet");
	refuses(P(I(0x40, 0, 1, 0, 4), EXIT), NULL, EBPF_RULE_GROUP, 0, "in group packet");
	/* Supported but not allowed for this program. */
	refuses_asm("mov %r1, 1\nlock add [%r10-8], %r1\nexit", &base, EBPF_RULE_GROUP, 1,
		    "insn 1 (lock add): group: group atomic64 is not allowed here (allowed: base32 base64)");
	refuses_asm("mov %r0, 6\ndiv %r0, 3\nexit", &base, EBPF_RULE_GROUP, 1, "group divmul64 is not allowed");
	accepts_asm("mov %r1, 1\nlock add [%r10-8], %r1\nmov %r0, 6\ndiv %r0, 3\nexit", NULL);
	accepts_asm("mov %r0, 6\nadd %r0, 3\nexit", &base);
}

static void test_unsupported(void **state)
{
	(void)state;
	refuses(P(I(0x18, 1, 1, 0, 3), I(0, 0, 0, 0, 0), EXIT), NULL, EBPF_RULE_UNSUPPORTED, 0,
		"insn 0 (lddw): unsupported: lddw src 1 (map_by_fd): uvmm has no maps");
	for (int src = 2; src <= 6; src++)
		refuses(P(I(0x18, 1, src, 0, 3), I(0, 0, 0, 0, 0), EXIT), NULL, EBPF_RULE_UNSUPPORTED, 0, "lddw src");
	refuses(P(I(0x85, 0, 2, 0, 5), EXIT), NULL, EBPF_RULE_UNSUPPORTED, 0, "call by BTF id (src 2)");
	accepts(P(I(0x18, 1, 0, 0, 3), I(0, 0, 0, 0, 0), EXIT), NULL);
}

static void test_unused_field(void **state)
{
	(void)state;
	refuses(P(I(0x04, 0, 1, 0, 3), EXIT), NULL, EBPF_RULE_UNUSED_FIELD, 0,
		"insn 0 (add32): unused field: src must be 0, is 1");
	refuses(P(I(0x0c, 0, 1, 0, 3), EXIT), NULL, EBPF_RULE_UNUSED_FIELD, 0, "(add32): unused field: imm must be 0, is 3");
	refuses(P(I(0xb7, 0, 0, 1, 3), EXIT), NULL, EBPF_RULE_UNUSED_FIELD, 0, "(mov): unused field: off must be 0, is 1");
	refuses(P(MOV0, I(0x95, 0, 0, 0, 1)), NULL, EBPF_RULE_UNUSED_FIELD, 1, "(exit): unused field: imm must be 0");
	refuses(P(MOV0, I(0x95, 1, 0, 0, 0)), NULL, EBPF_RULE_UNUSED_FIELD, 1, "(exit): unused field: dst must be 0, is 1");
	refuses(P(I(0x05, 0, 0, 0, 1), EXIT), NULL, EBPF_RULE_UNUSED_FIELD, 0, "(ja): unused field: imm must be 0");
	refuses(P(I(0x06, 0, 0, 1, 0), EXIT), NULL, EBPF_RULE_UNUSED_FIELD, 0, "(ja32): unused field: off must be 0");
	refuses(P(I(0x61, 0, 10, -4, 1), EXIT), NULL, EBPF_RULE_UNUSED_FIELD, 0, "(ldxw): unused field: imm must be 0");
	refuses(P(I(0x62, 10, 1, -4, 1), EXIT), NULL, EBPF_RULE_UNUSED_FIELD, 0, "(stw): unused field: src must be 0");
	refuses(P(I(0x87, 0, 0, 0, 1), EXIT), NULL, EBPF_RULE_UNUSED_FIELD, 0, "(neg): unused field: imm must be 0");
	refuses(P(I(0xdc, 0, 1, 0, 16), EXIT), NULL, EBPF_RULE_UNUSED_FIELD, 0, "(be16): unused field: src must be 0");
	refuses(P(I(0x85, 1, 0, 0, 5), EXIT), &with_helpers, EBPF_RULE_UNUSED_FIELD, 0, "(call): unused field: dst must be 0");
	refuses(P(I(0x15, 0, 3, 0, 0), EXIT), NULL, EBPF_RULE_UNUSED_FIELD, 0, "(jeq): unused field: src must be 0");
	accepts(P(I(0x04, 0, 0, 0, 3), I(0x0c, 0, 1, 0, 0), I(0x61, 0, 10, -4, 0), I(0x62, 10, 0, -4, 1),
		  I(0x85, 0, 0, 0, 5), I(0x15, 0, 0, 0, 0), EXIT), &with_helpers);
}

static void test_register(void **state)
{
	(void)state;
	refuses(P(I(0xb7, 11, 0, 0, 1), EXIT), NULL, EBPF_RULE_REGISTER, 0,
		"insn 0 (mov): register: dst r11 does not exist (r0..r10)");
	refuses(P(I(0xbf, 0, 12, 0, 0), EXIT), NULL, EBPF_RULE_REGISTER, 0, "(mov): register: src r12 does not exist");
	refuses(P(I(0x79, 0, 15, 0, 0), EXIT), NULL, EBPF_RULE_REGISTER, 0, "(ldxdw): register: src r15");
	refuses(P(I(0x7b, 13, 0, 0, 0), EXIT), NULL, EBPF_RULE_REGISTER, 0, "(stxdw): register: dst r13");
	accepts(P(I(0xbf, 9, 10, 0, 0), I(0xb7, 0, 0, 0, 1), EXIT), NULL);
}

static void test_r10_read_only(void **state)
{
	(void)state;
	refuses_asm("mov %r10, 1\nexit", NULL, EBPF_RULE_R10, 0, "insn 0 (mov): r10 read-only: writes r10, the frame pointer");
	refuses_asm("add %r10, 8\nexit", NULL, EBPF_RULE_R10, 0, "(add): r10 read-only");
	refuses_asm("neg32 %r10\nexit", NULL, EBPF_RULE_R10, 0, "(neg32): r10 read-only");
	refuses_asm("be16 %r10\nexit", NULL, EBPF_RULE_R10, 0, "(be16): r10 read-only");
	refuses_asm("ldxdw %r10, [%r10-8]\nexit", NULL, EBPF_RULE_R10, 0, "(ldxdw): r10 read-only");
	refuses_asm("lddw %r10, 5\nexit", NULL, EBPF_RULE_R10, 0, "(lddw): r10 read-only");
	refuses_asm("lock fetch add [%r10-8], %r10\nexit", NULL, EBPF_RULE_R10, 0,
		    "(lock fetch add): r10 read-only: fetches the old value into r10");
	refuses_asm("lock xchg32 [%r10-8], %r10\nexit", NULL, EBPF_RULE_R10, 0, "(lock xchg32): r10 read-only");
	/* Reading r10, storing it, and a non-fetching atomic from it are fine. */
	accepts_asm("mov %r1, %r10\nstxdw [%r10-8], %r10\nlock add [%r10-8], %r10\n"
		    "lock cmpxchg [%r10-8], %r10\nmov %r0, 0\nexit", NULL);
}

static void test_jump(void **state)
{
	(void)state;
	refuses(P(MOV0, I(0x05, 0, 0, 100, 0), EXIT), NULL, EBPF_RULE_JUMP, 1,
		"insn 1 (ja): jump: target 102 is outside the program (0..2)");
	refuses(P(I(0x15, 0, 0, -2, 0), EXIT), NULL, EBPF_RULE_JUMP, 0, "(jeq): jump: target -1 is outside");
	refuses(P(I(0x06, 0, 0, 0, 3), EXIT), NULL, EBPF_RULE_JUMP, 0, "(ja32): jump: target 4 is outside");
	refuses(P(I(0x85, 0, 1, 0, -2), EXIT), NULL, EBPF_RULE_JUMP, 0, "(call local): jump: target -1 is outside");
	/* Into the middle of a lddw, from before and from after it. */
	refuses(P(I(0x05, 0, 0, 1, 0), I(0x18, 0, 0, 0, 1), I(0, 0, 0, 0, 0), EXIT), NULL, EBPF_RULE_JUMP, 0,
		"(ja): jump: target 2 is the second half of the lddw at 1");
	refuses(P(I(0x18, 0, 0, 0, 1), I(0, 0, 0, 0, 0), I(0x1d, 0, 0, -2, 0), EXIT), NULL, EBPF_RULE_JUMP, 2,
		"(jeq): jump: target 1 is the second half of the lddw at 0");
	refuses(P(I(0x85, 0, 1, 0, 2), EXIT, I(0x18, 0, 0, 0, 1), I(0, 0, 0, 0, 0), EXIT), NULL, EBPF_RULE_JUMP, 0,
		"(call local): jump: target 3 is the second half of the lddw at 2");
	/* A backward jump is allowed (the budget bounds it). */
	accepts(P(MOV0, I(0x05, 0, 0, -2, 0)), NULL);
	accepts(P(I(0x05, 0, 0, 2, 0), I(0x18, 0, 0, 0, 1), I(0, 0, 0, 0, 0), EXIT), NULL);
}

static void test_lddw(void **state)
{
	(void)state;
	refuses(P(MOV0, I(0x18, 0, 0, 0, 1)), NULL, EBPF_RULE_LDDW, 1,
		"insn 1 (lddw): lddw: the second half is missing (end of program)");
	refuses(P(I(0x18, 0, 0, 0, 1), I(0x95, 0, 0, 0, 0), EXIT), NULL, EBPF_RULE_LDDW, 0,
		"the second half (insn 1) must have opcode, registers and offset 0 (has 0x95, 0x00, 0)");
	refuses(P(I(0x18, 0, 0, 0, 1), I(0, 1, 0, 0, 0), EXIT), NULL, EBPF_RULE_LDDW, 0, "(has 0x00, 0x01, 0)");
	refuses(P(I(0x18, 0, 0, 0, 1), I(0, 0, 0, 4, 0), EXIT), NULL, EBPF_RULE_LDDW, 0, "(has 0x00, 0x00, 4)");
	/* next_imm may be anything. */
	accepts(P(I(0x18, 0, 0, 0, 1), I(0, 0, 0, 0, -1), EXIT), NULL);
}

static void test_fallthrough(void **state)
{
	(void)state;
	refuses(P(MOV0), NULL, EBPF_RULE_FALLTHROUGH, 0,
		"insn 0 (mov): fall-through: execution can continue past the last instruction");
	refuses(P(MOV0, I(0x15, 0, 0, -2, 0)), NULL, EBPF_RULE_FALLTHROUGH, 1, "(jeq): fall-through");
	refuses(P(MOV0, I(0x85, 0, 0, 0, 5)), &with_helpers, EBPF_RULE_FALLTHROUGH, 1, "(call): fall-through");
	refuses(P(I(0x85, 0, 1, 0, -1)), NULL, EBPF_RULE_FALLTHROUGH, 0, "(call local): fall-through");
	accepts(P(MOV0, I(0x15, 0, 0, -2, 0), EXIT), NULL);
	accepts(P(MOV0, I(0x06, 0, 0, 0, -2)), NULL);
}

static void test_helper(void **state)
{
	(void)state;
	refuses(P(I(0x85, 0, 0, 0, 7), EXIT), &with_helpers, EBPF_RULE_HELPER, 0,
		"insn 0 (call): helper: helper 7 is not in this program's helper table (2 helpers)");
	refuses(P(I(0x85, 0, 0, 0, 5), EXIT), NULL, EBPF_RULE_HELPER, 0, "(0 helpers)");
	accepts(P(I(0x85, 0, 0, 0, 5), I(0x85, 0, 0, 0, 9), EXIT), &with_helpers);
}

static void test_stack(void **state)
{
	(void)state;
	refuses_asm("ldxdw %r0, [%r10-520]\nexit", NULL, EBPF_RULE_STACK, 0,
		    "insn 0 (ldxdw): stack: [r10-520] (8 bytes) is outside the 512-byte frame [r10-512, r10)");
	refuses_asm("stxdw [%r10-4], %r1\nexit", NULL, EBPF_RULE_STACK, 0, "(stxdw): stack: [r10-4] (8 bytes)");
	refuses_asm("stb [%r10+0], 1\nexit", NULL, EBPF_RULE_STACK, 0, "(stb): stack: [r10+0] (1 bytes)");
	refuses_asm("lock add32 [%r10-513], %r1\nexit", NULL, EBPF_RULE_STACK, 0, "(lock add32): stack");
	refuses_asm("lock add [%r10-12], %r1\nexit", NULL, EBPF_RULE_STACK, 0,
		    "(lock add): stack: [r10-12] is not 8-byte aligned (atomics must be)");
	accepts_asm("ldxdw %r0, [%r10-512]\nstb [%r10-1], 1\nlock add32 [%r10-12], %r1\nexit", NULL);
	/* Through another register it is the interpreter's job (test_bpf_interp). */
	accepts_asm("mov %r1, %r10\nldxdw %r0, [%r1+600]\nexit", NULL);
}

static void test_helper_table(void **state)
{
	static const struct ebpf_helper dup[] = {
		{ .id = 1, .name = "a", .fn = nop_helper }, { .id = 1, .name = "b", .fn = nop_helper },
	};
	static const struct ebpf_helper nolen[] = {
		{ .id = 1, .name = "a", .fn = nop_helper, .arg = { EBPF_ARG_MEM_W, EBPF_ARG_SCALAR } },
	};
	static const struct ebpf_helper lonelen[] = {
		{ .id = 1, .name = "a", .fn = nop_helper, .arg = { EBPF_ARG_LEN } },
	};
	static const struct ebpf_helper nofn[] = { { .id = 1, .name = "a" } };
	struct ebpf_load_opts o = { .helpers = dup, .nhelpers = 2 };
	(void)state;

	refuses(P(EXIT), &o, EBPF_RULE_HELPERS, -1, "program: helper table: helper id 1 is listed twice");
	o = (struct ebpf_load_opts){ .helpers = nolen, .nhelpers = 1 };
	refuses(P(EXIT), &o, EBPF_RULE_HELPERS, -1, "helper a: argument 1 is MEM_W but argument 2 is not LEN");
	o = (struct ebpf_load_opts){ .helpers = lonelen, .nhelpers = 1 };
	refuses(P(EXIT), &o, EBPF_RULE_HELPERS, -1, "argument 1 is LEN without a buffer before it");
	o = (struct ebpf_load_opts){ .helpers = nofn, .nhelpers = 1 };
	refuses(P(EXIT), &o, EBPF_RULE_HELPERS, -1, "no name or no function");
	o = (struct ebpf_load_opts){ .nhelpers = 3 };
	refuses(P(EXIT), &o, EBPF_RULE_HELPERS, -1, "program: helper table: 3 helpers but no table");
	accepts(P(EXIT), &with_helpers);
}

/* Each supported table row, in a minimal program with its fields legal,
 * is accepted; each row uvmm does not implement is refused by name. */
static void test_every_row(void **state)
{
	(void)state;
	for (size_t k = 0; k < ebpf_nops; k++) {
		const struct ebpf_op *op = &ebpf_ops[k];
		const struct ebpf_form_use *u = ebpf_form_use(op->form);
		struct ebpf_insn p[4] = { I(op->code, 0, 0, 0, 0), EXIT, EXIT, EXIT };
		size_t n = 2;
		struct ebpf_refusal why;
		struct ebpf_prog *prog;

		if (u->dst)
			p[0].regs = ebpf_regs(op->form == EBPF_F_LDX || u->writes_dst ? 1 : 10, 0);
		if (u->src)
			p[0].regs = ebpf_regs(ebpf_dst(&p[0]), op->form == EBPF_F_LDX ? 10 : 2);
		if (op->size && (op->form == EBPF_F_LDX ? ebpf_src(&p[0]) : ebpf_dst(&p[0])) == EBPF_FP)
			p[0].off = -8;
		if (op->sel == EBPF_SEL_OFF)
			p[0].off = (int16_t)op->sel_val;
		if (op->sel == EBPF_SEL_IMM)
			p[0].imm = op->sel_val;
		if (op->sel == EBPF_SEL_SRC)
			p[0].regs = ebpf_regs(ebpf_dst(&p[0]), (unsigned)op->sel_val);
		if (op->form == EBPF_F_CALL && !op->sel_val)
			p[0].imm = 5;
		if (op->form == EBPF_F_LDDW) {
			p[1] = I(0, 0, 0, 0, 0);
			n = 3;
		}
		prog = ebpf_prog_load(p, n, &with_helpers, &why);
		if ((op->group & EBPF_GROUPS_SUPPORTED) && !op->unsupported) {
			if (!prog)
				fail_msg("row %s (0x%02x): %s", op->name, op->code, why.msg);
		} else {
			assert_null(prog);
			assert_true(why.rule == EBPF_RULE_GROUP || why.rule == EBPF_RULE_UNSUPPORTED);
		}
		ebpf_prog_free(prog);
	}
}

static void test_table_sorted(void **state)
{
	(void)state;
	for (size_t k = 1; k < ebpf_nops; k++) {
		const struct ebpf_op *a = &ebpf_ops[k - 1], *b = &ebpf_ops[k];

		assert_true(a->code < b->code || (a->code == b->code && a->sel == b->sel && a->sel_val < b->sel_val));
	}
	assert_int_equal(ebpf_nops, 171);
}

static void test_loop_free(void **state)
{
	struct ebpf_refusal why;
	struct ebpf_prog *p;
	(void)state;

	p = ebpf_prog_load(P(I(0x15, 0, 0, 1, 0), MOV0, EXIT), NULL, &why);
	assert_non_null(p);
	assert_true(ebpf_prog_loop_free(p));
	ebpf_prog_free(p);
	p = ebpf_prog_load(P(MOV0, I(0x15, 0, 0, -2, 0), EXIT), NULL, &why);
	assert_false(ebpf_prog_loop_free(p));
	ebpf_prog_free(p);
	p = ebpf_prog_load(P(I(0x85, 0, 1, 0, 1), EXIT, EXIT), NULL, &why);
	assert_false(ebpf_prog_loop_free(p));
	ebpf_prog_free(p);
}

/* The hyperupcall policy: what loop_free would report becomes a refusal at
 * the first backward jump or local call; forward code is still accepted. */
static void test_rule_loop(void **state)
{
	static const struct ebpf_load_opts lf = { .loop_free = 1 };
	(void)state;

	accepts(P(I(0x15, 0, 0, 1, 0), MOV0, EXIT), &lf);
	refuses(P(I(0x05, 0, 0, -1, 0), EXIT), &lf, EBPF_RULE_LOOP, 0,
		"insn 0 (ja): loop: jumps back to insn 0; this program must be loop-free (unroll the loop)");
	refuses(P(MOV0, MOV0, I(0x15, 0, 0, -2, 0), EXIT), &lf, EBPF_RULE_LOOP, 2, "jumps back to insn 1");
	refuses(P(MOV0, I(0x06, 0, 0, 0, -2), EXIT), &lf, EBPF_RULE_LOOP, 1, "(ja32): loop:");
	refuses(P(I(0x85, 0, 1, 0, 1), EXIT, EXIT), &lf, EBPF_RULE_LOOP, 0,
		"insn 0 (call local): loop: program-local calls are not allowed in a loop-free program");
	/* Without the option the same programs load. */
	accepts(P(MOV0, MOV0, I(0x15, 0, 0, -2, 0), EXIT), NULL);
}

/* The program object keeps its own copy: the caller's buffer may change. */
static void test_copy(void **state)
{
	struct ebpf_insn code[] = { I(0xb7, 0, 0, 0, 7), EXIT };
	struct ebpf_refusal why;
	struct ebpf_prog *p = ebpf_prog_load(code, 2, NULL, &why);
	const struct ebpf_insn *kept;
	size_t n;
	(void)state;

	code[0] = I(0x8e, 0, 0, 0, 0);
	kept = ebpf_prog_insns(p, &n);
	assert_int_equal(n, 2);
	assert_int_equal(kept[0].code, 0xb7);
	ebpf_prog_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_length),         cmocka_unit_test(test_opcode),
		cmocka_unit_test(test_opcode_all_256), cmocka_unit_test(test_encoding),
		cmocka_unit_test(test_group),          cmocka_unit_test(test_unsupported),
		cmocka_unit_test(test_unused_field),   cmocka_unit_test(test_register),
		cmocka_unit_test(test_r10_read_only),  cmocka_unit_test(test_jump),
		cmocka_unit_test(test_lddw),           cmocka_unit_test(test_fallthrough),
		cmocka_unit_test(test_helper),         cmocka_unit_test(test_stack),
		cmocka_unit_test(test_helper_table),   cmocka_unit_test(test_every_row),
		cmocka_unit_test(test_table_sorted),   cmocka_unit_test(test_loop_free),
		cmocka_unit_test(test_rule_loop),
		cmocka_unit_test(test_copy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
