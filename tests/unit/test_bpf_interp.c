/* The eBPF interpreter: RFC 9669 semantics at their edges (division and
 * modulo by zero, signed overflow, masked shifts, sign extension, byte swaps,
 * 32-bit zero-extension, jmp32), memory windows, atomics, calls, budget. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "bpf/bpf.h"
#include "bpf_util.h"

#define RO_ADDR 0x1000u
#define RW_ADDR 0x2000u
#define LEN 64u
#define CANARY 0xa5

/* Each region lies inside a larger buffer whose other bytes are canaries. */
static uint8_t ro_buf[LEN * 3], rw_buf[LEN * 3], ctx_buf[LEN * 3];
static struct ebpf_memmap mm;

static int sum_helper(void *env, const struct ebpf_call *c, uint64_t *r0)
{
	const uint8_t *p = c->mem[0];
	uint64_t s = 0;

	(void)env;
	for (uint64_t k = 0; p && k < c->arg[1]; k++)
		s += p[k];
	*r0 = s;
	return 0;
}

static int fill_helper(void *env, const struct ebpf_call *c, uint64_t *r0)
{
	(void)env;
	if (c->mem[0])
		memset(c->mem[0], (int)c->arg[2], c->arg[1]);
	*r0 = c->arg[1];
	return 0;
}

static int failing_helper(void *env, const struct ebpf_call *c, uint64_t *r0)
{
	(void)env;
	(void)c;
	(void)r0;
	return -1;
}

static int env_helper(void *env, const struct ebpf_call *c, uint64_t *r0)
{
	(void)c;
	*r0 = *(const uint64_t *)env;
	return 0;
}

static const struct ebpf_helper helpers[] = {
	{ .id = 1, .name = "sum", .fn = sum_helper, .arg = { EBPF_ARG_MEM_R, EBPF_ARG_LEN } },
	{ .id = 2, .name = "fill", .fn = fill_helper, .arg = { EBPF_ARG_MEM_W, EBPF_ARG_LEN, EBPF_ARG_SCALAR } },
	{ .id = 3, .name = "fail", .fn = failing_helper },
	{ .id = 4, .name = "env", .fn = env_helper },
};

static int setup(void **state)
{
	struct ebpf_region r[] = {
		{ RO_ADDR, LEN, ro_buf + LEN, EBPF_READ, "ro" },
		{ RW_ADDR, LEN, rw_buf + LEN, EBPF_READ | EBPF_WRITE, "rw" },
	};
	char err[128];

	(void)state;
	memset(ro_buf, CANARY, sizeof(ro_buf));
	memset(rw_buf, CANARY, sizeof(rw_buf));
	memset(ctx_buf, CANARY, sizeof(ctx_buf));
	for (unsigned k = 0; k < LEN; k++) {
		ro_buf[LEN + k] = (uint8_t)k;
		rw_buf[LEN + k] = 0;
		ctx_buf[LEN + k] = (uint8_t)(0x80 + k);
	}
	return ebpf_memmap_init(&mm, r, 2, err, sizeof(err));
}

static void canaries_intact(void)
{
	for (unsigned k = 0; k < LEN; k++) {
		assert_int_equal(ro_buf[k], CANARY);
		assert_int_equal(ro_buf[2 * LEN + k], CANARY);
		assert_int_equal(rw_buf[k], CANARY);
		assert_int_equal(rw_buf[2 * LEN + k], CANARY);
		assert_int_equal(ctx_buf[k], CANARY);
		assert_int_equal(ctx_buf[2 * LEN + k], CANARY);
	}
	for (unsigned k = 0; k < LEN; k++)
		assert_int_equal(ro_buf[LEN + k], (uint8_t)k);
}

static int run_env(const char *text, struct ebpf_env *env, struct ebpf_result *res)
{
	struct ebpf_load_opts o = { .helpers = helpers, .nhelpers = 4 };
	struct ebpf_refusal why;
	size_t n;
	const struct ebpf_insn *code = bpf_asm_ok(text, &n);
	struct ebpf_prog *p = ebpf_prog_load(code, n, &o, &why);
	int rc;

	if (!p)
		fail_msg("refused: %s\n%s", why.msg, text);
	rc = ebpf_run(p, env, res);
	ebpf_prog_free(p);
	canaries_intact();
	return rc;
}

/* r1 = RW_ADDR, r2 = RO_ADDR, r3 = context address; context writable. */
static int run(const char *text, struct ebpf_result *res)
{
	struct ebpf_env env = { .mem = &mm, .ctx = ctx_buf + LEN, .ctx_len = LEN,
				.ctx_perm = EBPF_READ | EBPF_WRITE, .r = { RW_ADDR, RO_ADDR, EBPF_CTX_ADDR } };

	return run_env(text, &env, res);
}

static uint64_t r0_of(const char *text)
{
	struct ebpf_result res;
	char msg[160];

	if (run(text, &res) < 0) {
		ebpf_result_format(&res, msg, sizeof(msg));
		fail_msg("%s\n%s", msg, text);
	}
	return res.r0;
}

static const struct {
	const char *text;
	uint64_t r0;
} cases[] = {
	/* Immediates: sign-extended for ALU64, zero-extended results for ALU. */
	{ "mov %r0, -1\nexit", 0xffffffffffffffffull },
	{ "mov32 %r0, -1\nexit", 0xffffffffull },
	{ "lddw %r0, 0xffffffff00000005\nadd32 %r0, 1\nexit", 6 },
	{ "lddw %r0, 0x1ffffffff\nmov32 %r0, %r0\nexit", 0xffffffffull },
	{ "lddw %r0, 0xffffffff00000000\nor32 %r0, 0\nexit", 0 },
	{ "mov %r0, 1\nadd %r0, -2\nexit", 0xffffffffffffffffull },
	{ "mov32 %r0, 0x7fffffff\nmul32 %r0, 2\nexit", 0xfffffffeull },
	/* Division and modulo by zero. */
	{ "mov %r0, 7\nmov %r1, 0\ndiv %r0, %r1\nexit", 0 },
	{ "mov %r0, 7\ndiv %r0, 0\nexit", 0 },
	{ "lddw %r0, 0x1234567800000009\nmov32 %r1, 0\ndiv32 %r0, %r1\nexit", 0 },
	{ "lddw %r0, 0x1234567800000009\nmov %r1, 0\nmod %r0, %r1\nexit", 0x1234567800000009ull },
	{ "lddw %r0, 0x1234567800000009\nmod %r0, 0\nexit", 0x1234567800000009ull },
	{ "lddw %r0, 0x1234567800000009\nmov %r1, 0\nmod32 %r0, %r1\nexit", 9 },
	{ "lddw %r0, 0x1234567800000009\nmod32 %r0, 0\nexit", 9 },
	{ "lddw %r0, 0x12345678fffffff3\nsmod32 %r0, 0\nexit", 0xfffffff3ull },
	{ "mov %r0, -5\nsdiv %r0, 0\nexit", 0 },
	{ "mov %r0, -5\nsmod %r0, 0\nexit", 0xfffffffffffffffbull },
	/* Unsigned division: the 64-bit imm is sign-extended, the 32-bit one is not. */
	{ "mov %r0, -1\ndiv %r0, -1\nexit", 1 },
	{ "mov32 %r0, -1\ndiv32 %r0, -1\nexit", 1 },
	{ "mov %r0, -1\ndiv %r0, 0x80000000\nexit", 1 },
	{ "mov32 %r0, 10\ndiv32 %r0, 3\nexit", 3 },
	{ "mov %r0, 10\nmod %r0, 3\nexit", 1 },
	/* Signed division truncates; INT_MIN / -1 wraps, INT_MIN % -1 is 0. */
	{ "mov %r0, -7\nsdiv %r0, 2\nexit", (uint64_t)-3 },
	{ "mov %r0, -13\nsmod %r0, 3\nexit", (uint64_t)-1 },
	{ "mov %r0, 13\nsmod %r0, -3\nexit", 1 },
	{ "mov32 %r0, -13\nsmod32 %r0, 3\nexit", 0xffffffffull },
	{ "mov32 %r0, -7\nsdiv32 %r0, 2\nexit", 0xfffffffdull },
	{ "lddw %r0, 0x8000000000000000\nsdiv %r0, -1\nexit", 0x8000000000000000ull },
	{ "lddw %r0, 0x8000000000000000\nmov %r1, -1\nsdiv %r0, %r1\nexit", 0x8000000000000000ull },
	{ "lddw %r0, 0x8000000000000000\nsmod %r0, -1\nexit", 0 },
	{ "mov32 %r0, 0x80000000\nsdiv32 %r0, -1\nexit", 0x80000000ull },
	{ "mov32 %r0, 0x80000000\nmov32 %r1, -1\nsmod32 %r0, %r1\nexit", 0 },
	{ "lddw %r0, 0xffffffff80000000\nsdiv32 %r0, 2\nexit", 0xc0000000ull },
	/* Shifts are masked to the operand width. */
	{ "mov %r0, 1\nlsh %r0, 65\nexit", 2 },
	{ "mov %r0, 1\nmov %r1, 65\nlsh %r0, %r1\nexit", 2 },
	{ "mov %r0, 1\nlsh32 %r0, 33\nexit", 2 },
	{ "mov %r0, 1\nmov %r1, -1\nlsh32 %r0, %r1\nexit", 0x80000000ull },
	{ "lddw %r0, 0xffffffff80000000\nrsh32 %r0, 4\nexit", 0x08000000ull },
	{ "lddw %r0, 0x8000000000000000\nrsh %r0, 63\nexit", 1 },
	{ "mov32 %r0, 0x80000000\narsh32 %r0, 4\nexit", 0xf8000000ull },
	{ "mov32 %r0, 0x80000000\narsh32 %r0, 36\nexit", 0xf8000000ull },
	{ "mov %r0, -16\narsh %r0, 2\nexit", (uint64_t)-4 },
	{ "mov %r0, -16\nmov %r1, 66\narsh %r0, %r1\nexit", (uint64_t)-4 },
	/* Negation. */
	{ "mov %r0, 1\nneg %r0\nexit", (uint64_t)-1 },
	{ "lddw %r0, 0x100000001\nneg32 %r0\nexit", 0xffffffffull },
	{ "mov32 %r0, 0x80000000\nneg32 %r0\nexit", 0x80000000ull },
	/* Sign-extending moves. */
	{ "mov %r1, 0x80\nmovsx864 %r0, %r1\nexit", 0xffffffffffffff80ull },
	{ "mov %r1, 0x180\nmovsx832 %r0, %r1\nexit", 0xffffff80ull },
	{ "mov %r1, 0x8000\nmovsx1664 %r0, %r1\nexit", 0xffffffffffff8000ull },
	{ "mov %r1, 0x8000\nmovsx1632 %r0, %r1\nexit", 0xffff8000ull },
	{ "mov32 %r1, 0x80000000\nmovsx3264 %r0, %r1\nexit", 0xffffffff80000000ull },
	{ "mov %r1, 0x7f\nmovsx864 %r0, %r1\nexit", 0x7f },
	/* Byte swaps: le truncates on this host, be and bswap swap. */
	{ "lddw %r0, 0x1122334455667788\nbswap16 %r0\nexit", 0x8877 },
	{ "lddw %r0, 0x1122334455667788\nbswap32 %r0\nexit", 0x88776655ull },
	{ "lddw %r0, 0x1122334455667788\nbswap64 %r0\nexit", 0x8877665544332211ull },
	{ "lddw %r0, 0x1122334455667788\nbe16 %r0\nexit", 0x8877 },
	{ "lddw %r0, 0x1122334455667788\nbe32 %r0\nexit", 0x88776655ull },
	{ "lddw %r0, 0x1122334455667788\nbe64 %r0\nexit", 0x8877665544332211ull },
	{ "lddw %r0, 0x1122334455667788\nle16 %r0\nexit", 0x7788 },
	{ "lddw %r0, 0x1122334455667788\nle32 %r0\nexit", 0x55667788ull },
	{ "lddw %r0, 0x1122334455667788\nle64 %r0\nexit", 0x1122334455667788ull },
	/* Jumps: jmp32 compares the low halves, signedness per opcode, imm sign-extended. */
	{ "lddw %r1, 0x100000000\nmov %r0, 1\njeq32 %r1, 0, +1\nmov %r0, 2\nexit", 1 },
	{ "lddw %r1, 0x100000000\nmov %r0, 1\njeq %r1, 0, +1\nmov %r0, 2\nexit", 2 },
	{ "mov %r1, -1\nmov %r0, 1\njsgt %r1, 0, +1\nmov %r0, 2\nexit", 2 },
	{ "mov %r1, -1\nmov %r0, 1\njgt %r1, 0, +1\nmov %r0, 2\nexit", 1 },
	{ "mov32 %r1, -1\nmov %r0, 1\njsgt32 %r1, 0, +1\nmov %r0, 2\nexit", 2 },
	{ "mov32 %r1, -1\nmov %r0, 1\njsgt %r1, 0, +1\nmov %r0, 2\nexit", 1 },
	{ "mov %r1, 5\nmov %r0, 1\njlt %r1, -1, +1\nmov %r0, 2\nexit", 1 },
	{ "mov %r1, 5\nmov %r0, 1\njslt %r1, -1, +1\nmov %r0, 2\nexit", 2 },
	{ "lddw %r1, 0x100000006\nmov %r0, 1\njset32 %r1, 8, +1\nmov %r0, 2\nexit", 2 },
	{ "lddw %r1, 0x100000006\nmov %r0, 1\njset %r1, %r1, +1\nmov %r0, 2\nexit", 1 },
	{ "mov %r0, 1\nja32 +1\nmov %r0, 2\nexit", 1 },
	{ "mov %r1, 3\nmov %r2, 3\nmov %r0, 1\njsge32 %r1, %r2, +1\nmov %r0, 2\nexit", 1 },
	/* Registers at entry: r1..r5 from the caller, r10 the frame top, others 0. */
	{ "mov %r0, %r10\nexit", EBPF_STACK_ADDR + EBPF_STACK_SIZE },
	{ "mov %r0, %r1\nexit", RW_ADDR },
	{ "mov %r0, %r6\nor %r0, %r7\nor %r0, %r8\nor %r0, %r9\nexit", 0 },
};

static void test_alu_and_jumps(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		uint64_t got = r0_of(cases[k].text);

		if (got != cases[k].r0)
			fail_msg("r0 = 0x%llx, expected 0x%llx:\n%s", (unsigned long long)got,
				 (unsigned long long)cases[k].r0, cases[k].text);
	}
}

static void test_loads_and_stores(void **state)
{
	struct ebpf_result res;
	(void)state;

	/* The read-only region holds 0, 1, 2, ...; loads are little-endian. */
	assert_int_equal(r0_of("ldxw %r0, [%r2+4]\nexit"), 0x07060504);
	assert_int_equal(r0_of("ldxdw %r0, [%r2+56]\nexit"), 0x3f3e3d3c3b3a3938ull);
	assert_int_equal(r0_of("ldxb %r0, [%r3+0]\nexit"), 0x80);
	assert_int_equal(r0_of("ldxsb %r0, [%r3+0]\nexit"), 0xffffffffffffff80ull);
	assert_int_equal(r0_of("ldxsh %r0, [%r3+0]\nexit"), 0xffffffffffff8180ull);
	assert_int_equal(r0_of("ldxsw %r0, [%r3+0]\nexit"), 0xffffffff83828180ull);
	assert_int_equal(r0_of("ldxh %r0, [%r3+0]\nexit"), 0x8180);
	/* Stores: the immediate of stdw is sign-extended, narrower ones truncate. */
	assert_int_equal(r0_of("stdw [%r1+8], -2\nldxdw %r0, [%r1+8]\nexit"), 0xfffffffffffffffeull);
	assert_int_equal(r0_of("stdw [%r1+8], 0\nstw [%r1+8], -2\nldxdw %r0, [%r1+8]\nexit"), 0xfffffffeull);
	assert_int_equal(r0_of("stdw [%r1+8], 0\nsth [%r1+8], 0x12345\nldxdw %r0, [%r1+8]\nexit"), 0x2345);
	assert_int_equal(r0_of("lddw %r4, 0x1122334455667788\nstxb [%r1+63], %r4\nldxb %r0, [%r1+63]\nexit"), 0x88);
	assert_int_equal(rw_buf[LEN + 63], 0x88);
	/* Through a computed pointer into the live frame. */
	assert_int_equal(r0_of("stdw [%r10-16], 77\nmov %r4, %r10\nadd %r4, -16\nldxdw %r0, [%r4]\nexit"), 77);
	/* The stack starts zeroed on every run. */
	assert_int_equal(r0_of("stdw [%r10-8], 9\nexit"), 0);
	assert_int_equal(r0_of("ldxdw %r0, [%r10-8]\nexit"), 0);

	/* Out of bounds: one byte past the end, straddling it, before the start. */
	assert_int_equal(run("ldxb %r0, [%r1+64]\nexit", &res), -1);
	assert_int_equal(res.status, EBPF_ERR_BOUNDS);
	assert_int_equal(res.addr, RW_ADDR + 64);
	assert_int_equal(res.size, 1);
	assert_int_equal(res.pc, 0);
	assert_int_equal(res.access, EBPF_READ);
	assert_int_equal(run("mov %r0, 0\nstxdw [%r1+60], %r0\nexit", &res), -1);
	assert_int_equal(res.status, EBPF_ERR_BOUNDS);
	assert_int_equal(res.addr, RW_ADDR + 60);
	assert_int_equal(res.size, 8);
	assert_int_equal(res.pc, 1);
	assert_int_equal(res.access, EBPF_WRITE);
	assert_int_equal(run("ldxb %r0, [%r2-1]\nexit", &res), -1);
	assert_int_equal(res.status, EBPF_ERR_BOUNDS);
	/* A read-only region refuses a write, naming the permission. */
	assert_int_equal(run("stb [%r2+0], 1\nexit", &res), -1);
	assert_int_equal(res.status, EBPF_ERR_PERM);
	assert_int_equal(res.addr, RO_ADDR);
	/* A wrapping address is no way round the check. */
	assert_int_equal(run("lddw %r4, 0xffffffffffffffff\nldxdw %r0, [%r4+0]\nexit", &res), -1);
	assert_int_equal(res.status, EBPF_ERR_BOUNDS);
	assert_int_equal(run("mov %r4, 0\nldxdw %r0, [%r4-8]\nexit", &res), -1);
	assert_int_equal(res.status, EBPF_ERR_BOUNDS);
}

/* Pointer arithmetic on r10 reaches only the live frames. */
static void test_stack_window(void **state)
{
	struct ebpf_result res;
	(void)state;

	assert_int_equal(run("mov %r4, %r10\nldxb %r0, [%r4+0]\nexit", &res), -1);
	assert_int_equal(res.status, EBPF_ERR_BOUNDS);
	assert_int_equal(res.addr, EBPF_STACK_ADDR + EBPF_STACK_SIZE);
	assert_int_equal(run("mov %r4, %r10\nadd %r4, -513\nldxb %r0, [%r4+0]\nexit", &res), -1);
	assert_int_equal(res.status, EBPF_ERR_BOUNDS);
	assert_int_equal(run("mov %r4, %r10\nadd %r4, 1000\nstdw [%r4+0], 1\nexit", &res), -1);
	assert_int_equal(res.status, EBPF_ERR_BOUNDS);
	/* A callee's frame is gone after it returns. */
	assert_int_equal(run("call local f\nldxdw %r0, [%r0+0]\nexit\n"
			     "f:\nstdw [%r10-8], 5\nmov %r0, %r10\nadd %r0, -8\nexit", &res), -1);
	assert_int_equal(res.status, EBPF_ERR_BOUNDS);
	assert_int_equal(res.pc, 1);
	assert_int_equal(res.addr, EBPF_STACK_ADDR + 2 * EBPF_STACK_SIZE - 8);
}

static void test_context(void **state)
{
	struct ebpf_env env = { .ctx = ctx_buf + LEN, .ctx_len = LEN, .ctx_perm = EBPF_READ,
				.r = { EBPF_CTX_ADDR } };
	struct ebpf_result res;
	(void)state;

	assert_int_equal(run_env("ldxw %r0, [%r1+60]\nexit", &env, &res), 0);
	assert_int_equal(res.r0, 0xbfbebdbcull);
	assert_int_equal(run_env("stw [%r1+0], 1\nexit", &env, &res), -1);
	assert_int_equal(res.status, EBPF_ERR_PERM);
	assert_int_equal(run_env("ldxw %r0, [%r1+61]\nexit", &env, &res), -1);
	assert_int_equal(res.status, EBPF_ERR_BOUNDS);
	/* No regions: the guest's addresses do not exist for this program. */
	assert_int_equal(run_env("mov %r2, 0x2000\nldxb %r0, [%r2+0]\nexit", &env, &res), -1);
	assert_int_equal(res.status, EBPF_ERR_BOUNDS);
	/* No context. */
	env.ctx = NULL;
	assert_int_equal(run_env("ldxb %r0, [%r1+0]\nexit", &env, &res), -1);
	assert_int_equal(res.status, EBPF_ERR_BOUNDS);
}

static void test_atomics(void **state)
{
	struct ebpf_result res;
	(void)state;

	assert_int_equal(r0_of("stdw [%r1+0], 5\nmov %r4, 3\nlock add [%r1+0], %r4\nldxdw %r0, [%r1+0]\nexit"), 8);
	assert_int_equal(r0_of("stdw [%r1+0], 5\nmov %r4, 3\nlock fetch add [%r1+0], %r4\nmov %r0, %r4\nexit"), 5);
	assert_int_equal(r0_of("stdw [%r10-8], 6\nmov %r4, 3\nlock fetch or [%r10-8], %r4\n"
			       "ldxdw %r0, [%r10-8]\nlsh %r0, 8\nor %r0, %r4\nexit"), 0x706);
	assert_int_equal(r0_of("stdw [%r1+0], 6\nmov %r4, 3\nlock and [%r1+0], %r4\nldxdw %r0, [%r1+0]\nexit"), 2);
	assert_int_equal(r0_of("stdw [%r1+0], 6\nmov %r4, 3\nlock fetch xor [%r1+0], %r4\nldxdw %r0, [%r1+0]\n"
			       "lsh %r0, 8\nor %r0, %r4\nexit"), 0x506);
	assert_int_equal(r0_of("stdw [%r1+0], 6\nmov %r4, 9\nlock xchg [%r1+0], %r4\nldxdw %r0, [%r1+0]\n"
			       "lsh %r0, 8\nor %r0, %r4\nexit"), 0x906);
	/* 32-bit: only the word changes, fetched values are zero-extended. */
	assert_int_equal(r0_of("stdw [%r1+0], -1\nmov %r4, 1\nlock add32 [%r1+0], %r4\nldxdw %r0, [%r1+0]\nexit"),
			 0xffffffff00000000ull);
	assert_int_equal(r0_of("stdw [%r1+0], -1\nmov %r4, 0\nlock fetch and32 [%r1+0], %r4\nmov %r0, %r4\nexit"),
			 0xffffffffull);
	assert_int_equal(r0_of("stw [%r1+4], 7\nmov %r4, -1\nlock xchg32 [%r1+4], %r4\nmov %r0, %r4\nexit"), 7);
	/* cmpxchg: r0 gets the old value whether or not it matched. */
	assert_int_equal(r0_of("stdw [%r1+0], 5\nmov %r0, 5\nmov %r4, 9\nlock cmpxchg [%r1+0], %r4\n"
			       "ldxdw %r4, [%r1+0]\nlsh %r4, 8\nor %r0, %r4\nexit"), 0x905);
	assert_int_equal(r0_of("stdw [%r1+0], 5\nmov %r0, 4\nmov %r4, 9\nlock cmpxchg [%r1+0], %r4\n"
			       "ldxdw %r4, [%r1+0]\nlsh %r4, 8\nor %r0, %r4\nexit"), 0x505);
	assert_int_equal(r0_of("stdw [%r1+0], -1\nlddw %r0, 0xdeadbeefffffffff\nmov %r4, 1\n"
			       "lock cmpxchg32 [%r1+0], %r4\nexit"), 0xffffffffull);
	assert_int_equal(r0_of("stdw [%r1+0], -1\nlddw %r0, 0xdeadbeefffffffff\nmov %r4, 1\n"
			       "lock cmpxchg32 [%r1+0], %r4\nldxdw %r0, [%r1+0]\nexit"), 0xffffffff00000001ull);
	/* Misaligned, read-only, outside. */
	assert_int_equal(run("mov %r4, 1\nlock add [%r1+4], %r4\nexit", &res), -1);
	assert_int_equal(res.status, EBPF_ERR_ALIGN);
	assert_int_equal(res.addr, RW_ADDR + 4);
	assert_int_equal(run("mov %r4, 1\nlock add32 [%r1+2], %r4\nexit", &res), -1);
	assert_int_equal(res.status, EBPF_ERR_ALIGN);
	assert_int_equal(run("mov %r4, 1\nlock add [%r2+0], %r4\nexit", &res), -1);
	assert_int_equal(res.status, EBPF_ERR_PERM);
	assert_int_equal(run("mov %r4, 1\nlock add [%r1+64], %r4\nexit", &res), -1);
	assert_int_equal(res.status, EBPF_ERR_BOUNDS);
}

static void test_local_calls(void **state)
{
	struct ebpf_result res;
	(void)state;

	/* Callee-saved r6..r9 survive, r0 returns, each frame starts zeroed and
	 * has its own r10; a pointer into the caller's frame still works. */
	assert_int_equal(r0_of("mov %r6, 6\nmov %r9, 9\nstdw [%r10-8], 5\nmov %r1, %r10\nadd %r1, -8\n"
			       "call local f\nadd %r0, %r6\nadd %r0, %r9\nexit\n"
			       "f:\nmov %r6, 0\nmov %r9, 0\nldxdw %r0, [%r10-8]\nldxdw %r2, [%r1+0]\n"
			       "add %r0, %r2\nmov %r3, %r10\nsub %r3, %r1\nadd %r0, %r3\nexit"),
			 0 + 5 + (EBPF_STACK_SIZE + 8) + 6 + 9);
	assert_int_equal(run("mov %r0, 1\ncall local f\nexit\nf:\ncall local g\nexit\ng:\nmov %r0, 3\nexit", &res), 0);
	assert_int_equal(res.r0, 3);
	assert_int_equal(res.max_depth, 3);
	/* Unbounded recursion stops at the frame limit. */
	assert_int_equal(run("f:\ncall local f\nexit", &res), -1);
	assert_int_equal(res.status, EBPF_ERR_DEPTH);
	assert_int_equal(res.max_depth, EBPF_MAX_FRAMES);
	assert_int_equal(res.pc, 0);
}

static void test_budget(void **state)
{
	struct ebpf_env env = { .mem = &mm, .budget = 1000 };
	struct ebpf_result res;
	(void)state;

	assert_int_equal(run_env("mov %r0, 0\nloop:\nja loop", &env, &res), -1);
	assert_int_equal(res.status, EBPF_ERR_BUDGET);
	assert_int_equal(res.insns, 1000);
	assert_int_equal(res.pc, 1);
	/* Exactly the budget completes; one more instruction does not. */
	env.budget = 3;
	assert_int_equal(run_env("mov %r0, 1\nlddw %r1, 5\nexit", &env, &res), 0);
	assert_int_equal(res.insns, 3);
	env.budget = 2;
	assert_int_equal(run_env("mov %r0, 1\nlddw %r1, 5\nexit", &env, &res), -1);
	assert_int_equal(res.status, EBPF_ERR_BUDGET);
	/* The default budget stops an infinite loop too. */
	env.budget = 0;
	assert_int_equal(run_env("loop:\nja loop", &env, &res), -1);
	assert_int_equal(res.insns, EBPF_DEFAULT_BUDGET);
}

static void test_helpers(void **state)
{
	uint64_t token = 0xfeed;
	struct ebpf_env env = { .mem = &mm, .helper_env = &token, .r = { RW_ADDR, RO_ADDR } };
	struct ebpf_result res;
	(void)state;

	/* The helper gets host pointers to buffers checked against the windows. */
	assert_int_equal(r0_of("mov %r1, %r2\nmov %r2, 4\ncall 1\nexit"), 0 + 1 + 2 + 3);
	assert_int_equal(r0_of("stdw [%r10-8], 0x0101\nmov %r1, %r10\nadd %r1, -8\nmov %r2, 8\ncall 1\nexit"), 2);
	assert_int_equal(r0_of("mov %r2, 64\nmov %r3, 7\ncall 2\nldxb %r0, [%r1+63]\nexit"), 7);
	/* Zero length: no pointer, no check. */
	assert_int_equal(r0_of("mov %r1, 0\nmov %r2, 0\ncall 1\nexit"), 0);
	/* A buffer running past the region, or a write buffer in a read-only one. */
	assert_int_equal(run("mov %r1, %r2\nmov %r2, 65\ncall 1\nexit", &res), -1);
	assert_int_equal(res.status, EBPF_ERR_BOUNDS);
	assert_int_equal(res.pc, 2);
	assert_int_equal(res.addr, RO_ADDR);
	assert_int_equal(res.size, 65);
	assert_int_equal(run("mov %r1, %r2\nmov %r2, 1\ncall 2\nexit", &res), -1);
	assert_int_equal(res.status, EBPF_ERR_PERM);
	assert_int_equal(run("lddw %r2, 0xffffffffffffffff\ncall 1\nexit", &res), -1);
	assert_int_equal(res.status, EBPF_ERR_BOUNDS);
	assert_int_equal(run("call 3\nexit", &res), -1);
	assert_int_equal(res.status, EBPF_ERR_HELPER);
	assert_int_equal(res.pc, 0);
	assert_int_equal(run_env("call 4\ncall 4\nexit", &env, &res), 0);
	assert_int_equal(res.r0, 0xfeed);
	assert_int_equal(res.helper_calls, 2);
	assert_int_equal(res.insns, 3);
}

static void test_memmap(void **state)
{
	static uint8_t b[16];
	struct ebpf_memmap m;
	struct ebpf_region r[EBPF_MAX_REGIONS + 1];
	char err[200];
	(void)state;

	for (unsigned k = 0; k <= EBPF_MAX_REGIONS; k++)
		r[k] = (struct ebpf_region){ 0x1000ull * (k + 1), 16, b, EBPF_READ, NULL };
	assert_int_equal(ebpf_memmap_init(&m, r, EBPF_MAX_REGIONS, err, sizeof(err)), 0);
	assert_int_equal(ebpf_memmap_init(&m, r, EBPF_MAX_REGIONS + 1, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "9 regions, at most 8"));
	r[1].addr = 0x1008;
	assert_int_equal(ebpf_memmap_init(&m, r, 2, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "region 1 [0x1008, +0x10) overlaps region 0 [0x1000, +0x10)"));
	r[1] = (struct ebpf_region){ 0xfffffffffffffff8ull, 16, b, EBPF_READ, "g" };
	assert_int_equal(ebpf_memmap_init(&m, r, 2, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "g 1: [0xfffffffffffffff8, +0x10) wraps"));
	r[1] = (struct ebpf_region){ EBPF_RESERVED_ADDR - 8, 16, b, EBPF_READ, NULL };
	assert_int_equal(ebpf_memmap_init(&m, r, 2, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "reserved"));
	r[1] = (struct ebpf_region){ 0x8000, 0, b, EBPF_READ, NULL };
	assert_int_equal(ebpf_memmap_init(&m, r, 2, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "empty"));
	r[1] = (struct ebpf_region){ 0x8000, 16, b, 4, NULL };
	assert_int_equal(ebpf_memmap_init(&m, r, 2, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "permission 0x4"));
}

static void test_result_format(void **state)
{
	struct ebpf_result res;
	char msg[200];
	(void)state;

	run("ldxdw %r0, [%r1+60]\nexit", &res);
	ebpf_result_format(&res, msg, sizeof(msg));
	assert_string_equal(msg, "insn 0: out of bounds: read of 8 bytes at 0x203c is outside every region");
	run("stb [%r2+3], 1\nexit", &res);
	ebpf_result_format(&res, msg, sizeof(msg));
	assert_string_equal(msg, "insn 0: permission denied: write of 1 bytes at 0x1003: the region does not allow it");
	run("mov %r0, 2\nexit", &res);
	ebpf_result_format(&res, msg, sizeof(msg));
	assert_string_equal(msg, "r0 = 0x2 (2 instructions)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alu_and_jumps), cmocka_unit_test(test_loads_and_stores),
		cmocka_unit_test(test_stack_window),  cmocka_unit_test(test_context),
		cmocka_unit_test(test_atomics),       cmocka_unit_test(test_local_calls),
		cmocka_unit_test(test_budget),        cmocka_unit_test(test_helpers),
		cmocka_unit_test(test_memmap),        cmocka_unit_test(test_result_format),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
