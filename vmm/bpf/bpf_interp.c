/* The interpreter: RFC 9669 semantics over a verified program. Memory goes
 * through the windows (stack, context, regions) one bounds check per access,
 * except [r10+off], which the verifier proved inside the frame. */
#include <stdint.h>
#include <string.h>

#include "bpf/bpf.h"
#include "bpf/bpf_prog.h"

struct window {
	uint64_t addr, len;
	uint8_t *host;
	unsigned perm;
};

/* Stack, context, then the regions: most accesses hit the first two. */
struct windows {
	struct window w[2 + EBPF_MAX_REGIONS];
	unsigned n;
};

/* The host pointer for [addr, addr+size) when one window holds all of it
 * with perm; NULL otherwise. No wrap: o < len and size <= len - o. */
static inline uint8_t *xlate(const struct windows *ws, uint64_t addr, uint64_t size, unsigned perm)
{
	for (unsigned k = 0; k < ws->n; k++) {
		const struct window *w = &ws->w[k];
		uint64_t o = addr - w->addr;

		if (o < w->len && size <= w->len - o)
			return (w->perm & perm) == perm ? w->host + o : NULL;
	}
	return NULL;
}

static int inside_some_window(const struct windows *ws, uint64_t addr, uint64_t size)
{
	return xlate(ws, addr, size, 0) != NULL;
}

static inline uint64_t sdiv64(uint64_t a, uint64_t b)
{
	if (!b)
		return 0;
	if ((int64_t)b == -1)
		return 0 - a;   /* INT64_MIN / -1 wraps to INT64_MIN */
	return (uint64_t)((int64_t)a / (int64_t)b);
}

static inline uint64_t smod64(uint64_t a, uint64_t b)
{
	if (!b)
		return a;
	if ((int64_t)b == -1)
		return 0;
	return (uint64_t)((int64_t)a % (int64_t)b);
}

static inline uint32_t sdiv32(uint32_t a, uint32_t b)
{
	if (!b)
		return 0;
	if ((int32_t)b == -1)
		return 0u - a;
	return (uint32_t)((int32_t)a / (int32_t)b);
}

static inline uint32_t smod32(uint32_t a, uint32_t b)
{
	if (!b)
		return a;
	if ((int32_t)b == -1)
		return 0;
	return (uint32_t)((int32_t)a % (int32_t)b);
}

/* off selects signed (1) or unsigned (0) division and modulo. */
static inline uint64_t div64(uint64_t a, uint64_t b, int s) { return s ? sdiv64(a, b) : b ? a / b : 0; }
static inline uint64_t mod64(uint64_t a, uint64_t b, int s) { return s ? smod64(a, b) : b ? a % b : a; }
static inline uint32_t div32(uint32_t a, uint32_t b, int s) { return s ? sdiv32(a, b) : b ? a / b : 0; }
static inline uint32_t mod32(uint32_t a, uint32_t b, int s) { return s ? smod32(a, b) : b ? a % b : a; }

static inline uint64_t movsx64(uint64_t v, int bits)
{
	switch (bits) {
	case 8: return (uint64_t)(int64_t)(int8_t)v;
	case 16: return (uint64_t)(int64_t)(int16_t)v;
	case 32: return (uint64_t)(int64_t)(int32_t)v;
	default: return v;
	}
}

static inline uint64_t swap(uint64_t v, int32_t width)
{
	switch (width) {
	case 16: return __builtin_bswap16((uint16_t)v);
	case 32: return __builtin_bswap32((uint32_t)v);
	default: return __builtin_bswap64(v);
	}
}

/* On this little-endian host, to-little-endian only truncates. */
static inline uint64_t trunc_le(uint64_t v, int32_t width)
{
	switch (width) {
	case 16: return (uint16_t)v;
	case 32: return (uint32_t)v;
	default: return v;
	}
}

struct frame {
	uint32_t ret;
	uint64_t saved[4];      /* r6..r9 of the caller */
};

static int windows_init(struct windows *ws, uint8_t *stack, const struct ebpf_env *env)
{
	ws->w[0] = (struct window){ EBPF_STACK_ADDR, EBPF_STACK_SIZE, stack, EBPF_READ | EBPF_WRITE };
	ws->w[1] = (struct window){ EBPF_CTX_ADDR, env->ctx ? env->ctx_len : 0, env->ctx, env->ctx_perm };
	ws->n = 2;
	if (env->ctx_len > EBPF_STACK_ADDR - EBPF_CTX_ADDR)
		return -1;
	if (env->mem)
		for (unsigned k = 0; k < env->mem->n && k < EBPF_MAX_REGIONS; k++) {
			const struct ebpf_region *r = &env->mem->r[k];

			ws->w[ws->n++] = (struct window){ r->addr, r->len, r->host, r->perm };
		}
	return 0;
}

#define DST reg[dst]
#define SRC reg[src]
#define IMM64 ((uint64_t)(int64_t)i->imm)
#define IMM32 ((uint32_t)i->imm)

/* h = host address of [base + off, +sz) or fail with the access recorded. */
#define ACCESS(h, base, sz, acc) do { \
		fa = reg[base] + (uint64_t)(int64_t)i->off; \
		if ((base) == EBPF_FP) { \
			h = fp + i->off; \
		} else { \
			fs = sz; \
			facc = acc; \
			h = xlate(&ws, fa, sz, acc); \
			if (!h) \
				goto fault; \
		} \
	} while (0)
#define LOADU(T) { T v; uint8_t *h; ACCESS(h, src, sizeof(T), EBPF_READ); memcpy(&v, h, sizeof(T)); \
		   DST = (uint64_t)v; break; }
#define LOADS(T) { T v; uint8_t *h; ACCESS(h, src, sizeof(T), EBPF_READ); memcpy(&v, h, sizeof(T)); \
		   DST = (uint64_t)(int64_t)v; break; }
#define STORE(T, val) { T v = (T)(val); uint8_t *h; ACCESS(h, dst, sizeof(T), EBPF_WRITE); \
			memcpy(h, &v, sizeof(T)); break; }
#define ALU64(ck, cx, OP) \
	case ck: DST = DST OP IMM64; break; \
	case cx: DST = DST OP SRC; break;
#define ALU32(ck, cx, OP) \
	case ck: DST = (uint32_t)((uint32_t)DST OP IMM32); break; \
	case cx: DST = (uint32_t)((uint32_t)DST OP (uint32_t)SRC); break;
#define JMP(ck, cx, T, OP) \
	case ck: if ((T)DST OP (T)IMM64) pc += i->off; break; \
	case cx: if ((T)DST OP (T)SRC) pc += i->off; break;
#define JMPS(ck, ck32, cx, cx32, OP) \
	JMP(ck, cx, int64_t, OP) \
	JMP(ck32, cx32, int32_t, OP)
#define JMPU(ck, ck32, cx, cx32, OP) \
	JMP(ck, cx, uint64_t, OP) \
	JMP(ck32, cx32, uint32_t, OP)
/* The atomic's host word, naturally aligned (the CPU's locked ops need it). */
#define ATOMIC(T) \
	T *word; { uint8_t *h; ACCESS(h, dst, sizeof(T), EBPF_READ | EBPF_WRITE); \
		if ((uintptr_t)h % sizeof(T)) { fs = sizeof(T); goto misaligned; } word = (T *)(void *)h; } \
	switch (i->imm) { \
	case 0x00: __atomic_fetch_add(word, (T)SRC, __ATOMIC_SEQ_CST); break; \
	case 0x01: SRC = __atomic_fetch_add(word, (T)SRC, __ATOMIC_SEQ_CST); break; \
	case 0x40: __atomic_fetch_or(word, (T)SRC, __ATOMIC_SEQ_CST); break; \
	case 0x41: SRC = __atomic_fetch_or(word, (T)SRC, __ATOMIC_SEQ_CST); break; \
	case 0x50: __atomic_fetch_and(word, (T)SRC, __ATOMIC_SEQ_CST); break; \
	case 0x51: SRC = __atomic_fetch_and(word, (T)SRC, __ATOMIC_SEQ_CST); break; \
	case 0xa0: __atomic_fetch_xor(word, (T)SRC, __ATOMIC_SEQ_CST); break; \
	case 0xa1: SRC = __atomic_fetch_xor(word, (T)SRC, __ATOMIC_SEQ_CST); break; \
	case 0xe1: SRC = __atomic_exchange_n(word, (T)SRC, __ATOMIC_SEQ_CST); break; \
	case 0xf1: { T old = (T)reg[0]; \
		__atomic_compare_exchange_n(word, &old, (T)SRC, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); \
		reg[0] = old; break; } \
	default: goto internal; \
	}

/* Checks the buffers a helper declares, then calls it. */
static int call_helper(const struct ebpf_helper *h, const struct ebpf_env *env, const struct windows *ws,
		       uint64_t *reg, struct ebpf_result *res)
{
	static const unsigned perm[] = { [EBPF_ARG_MEM_R] = EBPF_READ, [EBPF_ARG_MEM_W] = EBPF_WRITE,
					 [EBPF_ARG_MEM_RW] = EBPF_READ | EBPF_WRITE };
	struct ebpf_call c;

	for (unsigned a = 0; a < 5; a++) {
		c.arg[a] = reg[a + 1];
		c.mem[a] = NULL;
	}
	for (unsigned a = 0; a < 4; a++) {
		unsigned k = h->arg[a];

		if (k < EBPF_ARG_MEM_R || k > EBPF_ARG_MEM_RW || !c.arg[a + 1])
			continue;
		c.mem[a] = xlate(ws, c.arg[a], c.arg[a + 1], perm[k]);
		if (!c.mem[a]) {
			res->addr = c.arg[a];
			res->size = c.arg[a + 1];
			res->access = perm[k];
			res->status = inside_some_window(ws, c.arg[a], c.arg[a + 1]) ? EBPF_ERR_PERM : EBPF_ERR_BOUNDS;
			return -1;
		}
	}
	res->helper_calls++;
	if (h->fn(env->helper_env, &c, &reg[0]) < 0) {
		res->status = EBPF_ERR_HELPER;
		return -1;
	}
	return 0;
}

int ebpf_run(const struct ebpf_prog *p, const struct ebpf_env *env, struct ebpf_result *res)
{
	_Alignas(8) uint8_t stack[EBPF_MAX_FRAMES * EBPF_STACK_SIZE];
	struct frame frames[EBPF_MAX_FRAMES];
	const struct ebpf_insn *code = p->insns;
	uint64_t budget = env->budget ? env->budget : EBPF_DEFAULT_BUDGET;
	uint64_t reg[EBPF_NREGS] = { 0 }, executed = 0;
	uint64_t fa = 0, fs = 0;
	unsigned facc = 0, depth = 0;
	struct windows ws;
	uint8_t *fp;
	uint32_t pc = 0;

	memset(res, 0, sizeof(*res));
	res->max_depth = 1;
	if (windows_init(&ws, stack, env) < 0) {
		res->status = EBPF_ERR_INTERNAL;
		return -1;
	}
	/* Only frames that are live are in the stack window, and each starts
	 * zeroed: no program reads what the host left on its own stack. */
	memset(stack, 0, EBPF_STACK_SIZE);
	fp = stack + EBPF_STACK_SIZE;
	memcpy(&reg[1], env->r, sizeof(env->r));
	reg[EBPF_FP] = EBPF_STACK_ADDR + EBPF_STACK_SIZE;

	for (;;) {
		const struct ebpf_insn *i;
		unsigned dst, src;

		if (__builtin_expect(executed >= budget, 0)) {
			res->status = EBPF_ERR_BUDGET;
			res->pc = pc;
			goto out;
		}
		executed++;
		i = &code[pc++];
		dst = ebpf_dst(i);
		src = ebpf_src(i);
		switch (i->code) {
		ALU64(0x07, 0x0f, +)
		ALU32(0x04, 0x0c, +)
		ALU64(0x17, 0x1f, -)
		ALU32(0x14, 0x1c, -)
		ALU64(0x27, 0x2f, *)
		ALU32(0x24, 0x2c, *)
		ALU64(0x47, 0x4f, |)
		ALU32(0x44, 0x4c, |)
		ALU64(0x57, 0x5f, &)
		ALU32(0x54, 0x5c, &)
		ALU64(0xa7, 0xaf, ^)
		ALU32(0xa4, 0xac, ^)
		case 0x37: DST = div64(DST, IMM64, i->off); break;
		case 0x3f: DST = div64(DST, SRC, i->off); break;
		case 0x34: DST = div32((uint32_t)DST, IMM32, i->off); break;
		case 0x3c: DST = div32((uint32_t)DST, (uint32_t)SRC, i->off); break;
		case 0x97: DST = mod64(DST, IMM64, i->off); break;
		case 0x9f: DST = mod64(DST, SRC, i->off); break;
		case 0x94: DST = mod32((uint32_t)DST, IMM32, i->off); break;
		case 0x9c: DST = mod32((uint32_t)DST, (uint32_t)SRC, i->off); break;
		case 0x67: DST <<= i->imm & 63; break;
		case 0x6f: DST <<= SRC & 63; break;
		case 0x64: DST = (uint32_t)((uint32_t)DST << (i->imm & 31)); break;
		case 0x6c: DST = (uint32_t)((uint32_t)DST << (SRC & 31)); break;
		case 0x77: DST >>= i->imm & 63; break;
		case 0x7f: DST >>= SRC & 63; break;
		case 0x74: DST = (uint32_t)DST >> (i->imm & 31); break;
		case 0x7c: DST = (uint32_t)DST >> (SRC & 31); break;
		case 0xc7: DST = (uint64_t)((int64_t)DST >> (i->imm & 63)); break;
		case 0xcf: DST = (uint64_t)((int64_t)DST >> (SRC & 63)); break;
		case 0xc4: DST = (uint32_t)((int32_t)(uint32_t)DST >> (i->imm & 31)); break;
		case 0xcc: DST = (uint32_t)((int32_t)(uint32_t)DST >> (SRC & 31)); break;
		case 0x87: DST = 0 - DST; break;
		case 0x84: DST = (uint32_t)(0u - (uint32_t)DST); break;
		case 0xb7: DST = IMM64; break;
		case 0xbf: DST = movsx64(SRC, i->off); break;
		case 0xb4: DST = IMM32; break;
		case 0xbc: DST = (uint32_t)movsx64(SRC, i->off); break;
		case 0xd4: DST = trunc_le(DST, i->imm); break;
		case 0xdc: DST = swap(DST, i->imm); break;
		case 0xd7: DST = swap(DST, i->imm); break;

		case 0x18:
			DST = (uint64_t)(uint32_t)i->imm | (uint64_t)(uint32_t)code[pc].imm << 32;
			pc++;
			break;
		case 0x61: LOADU(uint32_t)
		case 0x69: LOADU(uint16_t)
		case 0x71: LOADU(uint8_t)
		case 0x79: LOADU(uint64_t)
		case 0x81: LOADS(int32_t)
		case 0x89: LOADS(int16_t)
		case 0x91: LOADS(int8_t)
		case 0x62: STORE(uint32_t, i->imm)
		case 0x6a: STORE(uint16_t, i->imm)
		case 0x72: STORE(uint8_t, i->imm)
		case 0x7a: STORE(uint64_t, IMM64)
		case 0x63: STORE(uint32_t, SRC)
		case 0x6b: STORE(uint16_t, SRC)
		case 0x73: STORE(uint8_t, SRC)
		case 0x7b: STORE(uint64_t, SRC)
		case 0xc3: {
			ATOMIC(uint32_t)
			break;
		}
		case 0xdb: {
			ATOMIC(uint64_t)
			break;
		}

		case 0x05: pc += i->off; break;
		case 0x06: pc += i->imm; break;
		JMPU(0x15, 0x16, 0x1d, 0x1e, ==)
		JMPU(0x55, 0x56, 0x5d, 0x5e, !=)
		JMPU(0x25, 0x26, 0x2d, 0x2e, >)
		JMPU(0x35, 0x36, 0x3d, 0x3e, >=)
		JMPU(0xa5, 0xa6, 0xad, 0xae, <)
		JMPU(0xb5, 0xb6, 0xbd, 0xbe, <=)
		JMPS(0x65, 0x66, 0x6d, 0x6e, >)
		JMPS(0x75, 0x76, 0x7d, 0x7e, >=)
		JMPS(0xc5, 0xc6, 0xcd, 0xce, <)
		JMPS(0xd5, 0xd6, 0xdd, 0xde, <=)
		case 0x45: if (DST & IMM64) pc += i->off; break;
		case 0x4d: if (DST & SRC) pc += i->off; break;
		case 0x46: if ((uint32_t)DST & IMM32) pc += i->off; break;
		case 0x4e: if ((uint32_t)DST & (uint32_t)SRC) pc += i->off; break;

		case 0x85:
			if (src == 0) {
				if (call_helper(&p->helpers[p->helper_idx[pc - 1]], env, &ws, reg, res) < 0) {
					res->pc = pc - 1;
					goto out;
				}
				break;
			}
			if (depth + 1 >= EBPF_MAX_FRAMES) {
				res->status = EBPF_ERR_DEPTH;
				res->pc = pc - 1;
				goto out;
			}
			frames[depth].ret = pc;
			memcpy(frames[depth].saved, &reg[6], sizeof(frames[depth].saved));
			depth++;
			if (depth + 1 > res->max_depth)
				res->max_depth = depth + 1;
			ws.w[0].len = (uint64_t)(depth + 1) * EBPF_STACK_SIZE;
			memset(fp, 0, EBPF_STACK_SIZE);
			fp += EBPF_STACK_SIZE;
			reg[EBPF_FP] += EBPF_STACK_SIZE;
			pc += i->imm;
			break;
		case 0x95:
			if (!depth) {
				res->r0 = reg[0];
				res->status = EBPF_OK;
				goto out;
			}
			depth--;
			pc = frames[depth].ret;
			memcpy(&reg[6], frames[depth].saved, sizeof(frames[depth].saved));
			ws.w[0].len = (uint64_t)(depth + 1) * EBPF_STACK_SIZE;
			fp -= EBPF_STACK_SIZE;
			reg[EBPF_FP] -= EBPF_STACK_SIZE;
			break;
		default:
			goto internal;
		}
	}

fault:
	res->status = inside_some_window(&ws, fa, fs) ? EBPF_ERR_PERM : EBPF_ERR_BOUNDS;
	res->pc = pc - 1;
	res->addr = fa;
	res->size = fs;
	res->access = facc;
	goto out;
misaligned:
	res->status = EBPF_ERR_ALIGN;
	res->pc = pc - 1;
	res->addr = fa;
	res->size = fs;
	goto out;
internal:
	res->status = EBPF_ERR_INTERNAL;
	res->pc = pc - 1;
out:
	res->insns = executed;
	return res->status == EBPF_OK ? 0 : -1;
}
