/* The instruction table: RFC 9669 Appendix A row by row (opcode, the field
 * that selects among rows sharing it, group), plus callx and packet loads. */
#include <stdio.h>
#include <string.h>

#include "bpf/bpf_ops.h"

#define ROW(c, f, s, v, sz, g, nm) \
	{ .code = c, .form = EBPF_F_##f, .sel = EBPF_SEL_##s, .sel_val = v, .size = sz, \
	  .group = EBPF_G_##g, .name = nm }
#define K(c, g, nm) ROW(c, ALU_K, NONE, 0, 0, g, nm)
#define X(c, g, nm) ROW(c, ALU_X, NONE, 0, 0, g, nm)
#define KO(c, v, g, nm) ROW(c, ALU_K, OFF, v, 0, g, nm)    /* off selects (sdiv, smod) */
#define XO(c, v, g, nm) ROW(c, ALU_X, OFF, v, 0, g, nm)    /* off selects (sdiv, smod, movsx) */
#define JK(c, g, nm) ROW(c, JCC_K, NONE, 0, 0, g, nm)
#define JX(c, g, nm) ROW(c, JCC_X, NONE, 0, 0, g, nm)
#define LDX(c, sz, g, nm) ROW(c, LDX, NONE, 0, sz, g, nm)
#define LDXS(c, sz, g, nm) { .code = c, .form = EBPF_F_LDX, .size = sz, .group = EBPF_G_##g, \
			     .sign = 1, .name = nm }
#define ST(c, sz, g, nm) ROW(c, ST, NONE, 0, sz, g, nm)
#define STX(c, sz, g, nm) ROW(c, STX, NONE, 0, sz, g, nm)
#define END(c, w, g, nm) ROW(c, END, IMM, w, 0, g, nm)
#define ATOM(c, v, sz, g, nm) ROW(c, ATOMIC, IMM, v, sz, g, nm)
#define LDDW(v, why) { .code = 0x18, .form = EBPF_F_LDDW, .sel = EBPF_SEL_SRC, .sel_val = v, \
		       .group = EBPF_G_BASE64, .name = "lddw", .unsupported = why }
#define ABS(c, sz, nm) ROW(c, LDABS, NONE, 0, sz, PACKET, nm)
#define IND(c, sz, nm) ROW(c, LDIND, NONE, 0, sz, PACKET, nm)

const struct ebpf_op ebpf_ops[] = {
	K(0x04, BASE32, "add32"),       ROW(0x05, JA, NONE, 0, 0, BASE32, "ja"),
	ROW(0x06, JA32, NONE, 0, 0, BASE32, "ja32"),
	K(0x07, BASE64, "add"),         X(0x0c, BASE32, "add32"),       X(0x0f, BASE64, "add"),
	K(0x14, BASE32, "sub32"),       JK(0x15, BASE64, "jeq"),        JK(0x16, BASE32, "jeq32"),
	K(0x17, BASE64, "sub"),
	LDDW(0, NULL),
	LDDW(1, "lddw src 1 (map_by_fd): uvmm has no maps"),
	LDDW(2, "lddw src 2 (map value by fd): uvmm has no maps"),
	LDDW(3, "lddw src 3 (platform variable address): uvmm has no platform variables"),
	LDDW(4, "lddw src 4 (code address): uvmm has no indirect calls"),
	LDDW(5, "lddw src 5 (map_by_idx): uvmm has no maps"),
	LDDW(6, "lddw src 6 (map value by index): uvmm has no maps"),
	X(0x1c, BASE32, "sub32"),       JX(0x1d, BASE64, "jeq"),        JX(0x1e, BASE32, "jeq32"),
	X(0x1f, BASE64, "sub"),
	ABS(0x20, 4, "ldabsw"),
	K(0x24, DIVMUL32, "mul32"),     JK(0x25, BASE64, "jgt"),        JK(0x26, BASE32, "jgt32"),
	K(0x27, DIVMUL64, "mul"),
	ABS(0x28, 2, "ldabsh"),
	X(0x2c, DIVMUL32, "mul32"),     JX(0x2d, BASE64, "jgt"),        JX(0x2e, BASE32, "jgt32"),
	X(0x2f, DIVMUL64, "mul"),
	ABS(0x30, 1, "ldabsb"),
	KO(0x34, 0, DIVMUL32, "div32"), KO(0x34, 1, DIVMUL32, "sdiv32"),
	JK(0x35, BASE64, "jge"),        JK(0x36, BASE32, "jge32"),
	KO(0x37, 0, DIVMUL64, "div"),   KO(0x37, 1, DIVMUL64, "sdiv"),
	XO(0x3c, 0, DIVMUL32, "div32"), XO(0x3c, 1, DIVMUL32, "sdiv32"),
	JX(0x3d, BASE64, "jge"),        JX(0x3e, BASE32, "jge32"),
	XO(0x3f, 0, DIVMUL64, "div"),   XO(0x3f, 1, DIVMUL64, "sdiv"),
	IND(0x40, 4, "ldindw"),
	K(0x44, BASE32, "or32"),        JK(0x45, BASE64, "jset"),       JK(0x46, BASE32, "jset32"),
	K(0x47, BASE64, "or"),
	IND(0x48, 2, "ldindh"),
	X(0x4c, BASE32, "or32"),        JX(0x4d, BASE64, "jset"),       JX(0x4e, BASE32, "jset32"),
	X(0x4f, BASE64, "or"),
	IND(0x50, 1, "ldindb"),
	K(0x54, BASE32, "and32"),       JK(0x55, BASE64, "jne"),        JK(0x56, BASE32, "jne32"),
	K(0x57, BASE64, "and"),
	X(0x5c, BASE32, "and32"),       JX(0x5d, BASE64, "jne"),        JX(0x5e, BASE32, "jne32"),
	X(0x5f, BASE64, "and"),
	LDX(0x61, 4, BASE32, "ldxw"),   ST(0x62, 4, BASE32, "stw"),     STX(0x63, 4, BASE32, "stxw"),
	K(0x64, BASE32, "lsh32"),       JK(0x65, BASE64, "jsgt"),       JK(0x66, BASE32, "jsgt32"),
	K(0x67, BASE64, "lsh"),
	LDX(0x69, 2, BASE32, "ldxh"),   ST(0x6a, 2, BASE32, "sth"),     STX(0x6b, 2, BASE32, "stxh"),
	X(0x6c, BASE32, "lsh32"),       JX(0x6d, BASE64, "jsgt"),       JX(0x6e, BASE32, "jsgt32"),
	X(0x6f, BASE64, "lsh"),
	LDX(0x71, 1, BASE32, "ldxb"),   ST(0x72, 1, BASE32, "stb"),     STX(0x73, 1, BASE32, "stxb"),
	K(0x74, BASE32, "rsh32"),       JK(0x75, BASE64, "jsge"),       JK(0x76, BASE32, "jsge32"),
	K(0x77, BASE64, "rsh"),
	LDX(0x79, 8, BASE64, "ldxdw"),  ST(0x7a, 8, BASE64, "stdw"),    STX(0x7b, 8, BASE64, "stxdw"),
	X(0x7c, BASE32, "rsh32"),       JX(0x7d, BASE64, "jsge"),       JX(0x7e, BASE32, "jsge32"),
	X(0x7f, BASE64, "rsh"),
	LDXS(0x81, 4, BASE32, "ldxsw"),
	ROW(0x84, NEG, NONE, 0, 0, BASE32, "neg32"),
	ROW(0x85, CALL, SRC, 0, 0, BASE32, "call"),
	ROW(0x85, CALL_LOCAL, SRC, 1, 0, BASE32, "call local"),
	{ .code = 0x85, .form = EBPF_F_CALL, .sel = EBPF_SEL_SRC, .sel_val = 2, .group = EBPF_G_BASE32,
	  .name = "call runtime", .unsupported = "call by BTF id (src 2): uvmm has no BTF; call helpers by static id" },
	/* RFC 9669's table puts 64-bit neg in base32. */
	ROW(0x87, NEG, NONE, 0, 0, BASE32, "neg"),
	LDXS(0x89, 2, BASE32, "ldxsh"),
	ROW(0x8d, CALLX, NONE, 0, 0, CALLX, "call"),
	LDXS(0x91, 1, BASE32, "ldxsb"),
	KO(0x94, 0, DIVMUL32, "mod32"), KO(0x94, 1, DIVMUL32, "smod32"),
	ROW(0x95, EXIT, NONE, 0, 0, BASE32, "exit"),
	KO(0x97, 0, DIVMUL64, "mod"),   KO(0x97, 1, DIVMUL64, "smod"),
	XO(0x9c, 0, DIVMUL32, "mod32"), XO(0x9c, 1, DIVMUL32, "smod32"),
	XO(0x9f, 0, DIVMUL64, "mod"),   XO(0x9f, 1, DIVMUL64, "smod"),
	K(0xa4, BASE32, "xor32"),       JK(0xa5, BASE64, "jlt"),        JK(0xa6, BASE32, "jlt32"),
	K(0xa7, BASE64, "xor"),
	X(0xac, BASE32, "xor32"),       JX(0xad, BASE64, "jlt"),        JX(0xae, BASE32, "jlt32"),
	X(0xaf, BASE64, "xor"),
	K(0xb4, BASE32, "mov32"),       JK(0xb5, BASE64, "jle"),        JK(0xb6, BASE32, "jle32"),
	K(0xb7, BASE64, "mov"),
	XO(0xbc, 0, BASE32, "mov32"),   XO(0xbc, 8, BASE32, "movsx832"), XO(0xbc, 16, BASE32, "movsx1632"),
	JX(0xbd, BASE64, "jle"),        JX(0xbe, BASE32, "jle32"),
	XO(0xbf, 0, BASE64, "mov"),     XO(0xbf, 8, BASE64, "movsx864"), XO(0xbf, 16, BASE64, "movsx1664"),
	XO(0xbf, 32, BASE64, "movsx3264"),
	ATOM(0xc3, 0x00, 4, ATOMIC32, "lock add32"),  ATOM(0xc3, 0x01, 4, ATOMIC32, "lock fetch add32"),
	ATOM(0xc3, 0x40, 4, ATOMIC32, "lock or32"),   ATOM(0xc3, 0x41, 4, ATOMIC32, "lock fetch or32"),
	ATOM(0xc3, 0x50, 4, ATOMIC32, "lock and32"),  ATOM(0xc3, 0x51, 4, ATOMIC32, "lock fetch and32"),
	ATOM(0xc3, 0xa0, 4, ATOMIC32, "lock xor32"),  ATOM(0xc3, 0xa1, 4, ATOMIC32, "lock fetch xor32"),
	ATOM(0xc3, 0xe1, 4, ATOMIC32, "lock xchg32"), ATOM(0xc3, 0xf1, 4, ATOMIC32, "lock cmpxchg32"),
	K(0xc4, BASE32, "arsh32"),      JK(0xc5, BASE64, "jslt"),       JK(0xc6, BASE32, "jslt32"),
	K(0xc7, BASE64, "arsh"),
	X(0xcc, BASE32, "arsh32"),      JX(0xcd, BASE64, "jslt"),       JX(0xce, BASE32, "jslt32"),
	X(0xcf, BASE64, "arsh"),
	END(0xd4, 16, BASE32, "le16"),  END(0xd4, 32, BASE32, "le32"),  END(0xd4, 64, BASE64, "le64"),
	JK(0xd5, BASE64, "jsle"),       JK(0xd6, BASE32, "jsle32"),
	END(0xd7, 16, BASE32, "bswap16"), END(0xd7, 32, BASE32, "bswap32"), END(0xd7, 64, BASE64, "bswap64"),
	ATOM(0xdb, 0x00, 8, ATOMIC64, "lock add"),    ATOM(0xdb, 0x01, 8, ATOMIC64, "lock fetch add"),
	ATOM(0xdb, 0x40, 8, ATOMIC64, "lock or"),     ATOM(0xdb, 0x41, 8, ATOMIC64, "lock fetch or"),
	ATOM(0xdb, 0x50, 8, ATOMIC64, "lock and"),    ATOM(0xdb, 0x51, 8, ATOMIC64, "lock fetch and"),
	ATOM(0xdb, 0xa0, 8, ATOMIC64, "lock xor"),    ATOM(0xdb, 0xa1, 8, ATOMIC64, "lock fetch xor"),
	ATOM(0xdb, 0xe1, 8, ATOMIC64, "lock xchg"),   ATOM(0xdb, 0xf1, 8, ATOMIC64, "lock cmpxchg"),
	END(0xdc, 16, BASE32, "be16"),  END(0xdc, 32, BASE32, "be32"),  END(0xdc, 64, BASE64, "be64"),
	JX(0xdd, BASE64, "jsle"),       JX(0xde, BASE32, "jsle32"),
};
const size_t ebpf_nops = sizeof(ebpf_ops) / sizeof(ebpf_ops[0]);

/*                                 dst src off imm wdst joff jimm */
static const struct ebpf_form_use uses[] = {
	[EBPF_F_ALU_K] =      { 1, 0, 0, 1, 1, 0, 0 },
	[EBPF_F_ALU_X] =      { 1, 1, 0, 0, 1, 0, 0 },
	[EBPF_F_NEG] =        { 1, 0, 0, 0, 1, 0, 0 },
	[EBPF_F_END] =        { 1, 0, 0, 0, 1, 0, 0 },
	[EBPF_F_LDX] =        { 1, 1, 1, 0, 1, 0, 0 },
	[EBPF_F_ST] =         { 1, 0, 1, 1, 0, 0, 0 },
	[EBPF_F_STX] =        { 1, 1, 1, 0, 0, 0, 0 },
	[EBPF_F_ATOMIC] =     { 1, 1, 1, 0, 0, 0, 0 },
	[EBPF_F_JA] =         { 0, 0, 1, 0, 0, 1, 0 },
	[EBPF_F_JA32] =       { 0, 0, 0, 1, 0, 0, 1 },
	[EBPF_F_JCC_K] =      { 1, 0, 1, 1, 0, 1, 0 },
	[EBPF_F_JCC_X] =      { 1, 1, 1, 0, 0, 1, 0 },
	[EBPF_F_CALL] =       { 0, 0, 0, 1, 0, 0, 0 },
	[EBPF_F_CALL_LOCAL] = { 0, 0, 0, 1, 0, 0, 1 },
	[EBPF_F_CALLX] =      { 1, 0, 0, 0, 0, 0, 0 },
	[EBPF_F_EXIT] =       { 0, 0, 0, 0, 0, 0, 0 },
	[EBPF_F_LDDW] =       { 1, 0, 0, 1, 1, 0, 0 },
	[EBPF_F_LDABS] =      { 0, 0, 0, 1, 0, 0, 0 },
	[EBPF_F_LDIND] =      { 0, 1, 0, 1, 0, 0, 0 },
};

const struct ebpf_form_use *ebpf_form_use(enum ebpf_form f)
{
	return &uses[f];
}

/* The rows of opcode c are [first_row[c], first_row[c + 1]): built once at
 * start-up from the sorted table, so the verifier's lookup is two loads. */
static uint8_t first_row[257];
_Static_assert(sizeof(ebpf_ops) / sizeof(ebpf_ops[0]) < 256, "row indices fit in a byte");

__attribute__((constructor)) static void index_rows(void)
{
	size_t k = 0;

	for (unsigned c = 0; c <= 256; c++) {
		while (k < ebpf_nops && ebpf_ops[k].code < c)
			k++;
		first_row[c] = (uint8_t)k;
	}
}

const struct ebpf_op *ebpf_ops_for(uint8_t code, size_t *count)
{
	size_t lo = first_row[code], hi = first_row[code + 1];

	*count = hi - lo;
	return hi > lo ? &ebpf_ops[lo] : NULL;
}

int64_t ebpf_sel_value(const struct ebpf_insn *i, enum ebpf_sel sel)
{
	switch (sel) {
	case EBPF_SEL_OFF: return i->off;
	case EBPF_SEL_IMM: return i->imm;
	case EBPF_SEL_SRC: return ebpf_src(i);
	default: return 0;
	}
}

const struct ebpf_op *ebpf_op_lookup(const struct ebpf_insn *i)
{
	size_t n;
	const struct ebpf_op *rows = ebpf_ops_for(i->code, &n);

	for (size_t k = 0; k < n; k++)
		if (rows[k].sel == EBPF_SEL_NONE || ebpf_sel_value(i, rows[k].sel) == rows[k].sel_val)
			return &rows[k];
	return NULL;
}

static const char *const group_names[] = {
	"base32", "base64", "atomic32", "atomic64", "divmul32", "divmul64", "packet", "callx",
};

const char *ebpf_group_name(unsigned group)
{
	for (unsigned b = 0; b < sizeof(group_names) / sizeof(group_names[0]); b++)
		if (group & (1u << b))
			return group_names[b];
	return "none";
}

char *ebpf_groups_format(unsigned mask, char *buf, size_t len)
{
	size_t used = 0;

	if (len)
		buf[0] = 0;
	for (unsigned b = 0; b < sizeof(group_names) / sizeof(group_names[0]); b++) {
		if (!(mask & (1u << b)) || used >= len)
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? " " : "", group_names[b]);
	}
	return buf;
}

unsigned ebpf_groups_used(const struct ebpf_insn *insns, size_t n)
{
	unsigned mask = 0;

	for (size_t pc = 0; pc < n; pc++) {
		const struct ebpf_op *op = ebpf_op_lookup(&insns[pc]);

		if (op)
			mask |= op->group;
		if (insns[pc].code == EBPF_OPCODE_LDDW)
			pc++;
	}
	return mask;
}
